"""Teacher materials: every relative link in the Markdown files resolves."""
from __future__ import annotations

import re

from conftest import ROOT

LINK = re.compile(r"\]\(([^)\s]+)\)")


def markdown_files():
    return [ROOT / "README.md", ROOT / "LICENSE-CONTENT.md", *sorted((ROOT / "course").rglob("*.md"))]


def anchors(path):
    heads = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
    return {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in heads}


def test_every_relative_link_resolves():
    checked = 0
    for md in markdown_files():
        for target in LINK.findall(md.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target):
                continue
            file_part, _, anchor = target.partition("#")
            dest = (md.parent / file_part).resolve() if file_part else md
            assert dest.exists(), f"{md.relative_to(ROOT)}: broken link {target}"
            if anchor and dest.suffix == ".md":
                assert anchor in anchors(dest), f"{md.relative_to(ROOT)}: no heading for #{anchor} in {dest.name}"
            checked += 1
    assert checked >= 15


def test_teacher_guide_covers_every_lesson_and_the_walkthroughs():
    guide = (ROOT / "course" / "teacher-guide.md").read_text(encoding="utf-8")
    for n in range(8):
        assert f"### 0{n} " in guide
    for must in ("git-pull?repo=", "lessons release release/ --assessment", "lessons grade handins --assessment", "discrimination", "Binder"):
        assert must in guide
