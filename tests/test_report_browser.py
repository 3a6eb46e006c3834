"""The grading report as a teacher sees it (issue 25): report.html of lesson 07's graded round opened in Debian's
Chromium, for a class of 3 and of 30. The first screen must say who is behind and which question was hardest;
the screenshots are kept in test-artifacts/screenshots/ (report-class-3.png, report-class-30.png)."""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

from conftest import ROOT
from lessons.cli import main
from lessons.core.answers_file import FORMAT, VERSION
from lessons.core.assessment import assessed_quiz_id, read_assessment
from lessons.core.kinds import kind_of
from lessons.core.quizbank import load_all

SHOTS = ROOT / "test-artifacts" / "screenshots"
pytestmark = pytest.mark.browser
NAMES = ["Ana López", "Ben Okafor", "Cy Dlamini", "ليلى حسن", "Zed \u202eliveE", "Mia Chen", "Omar Farouk", "Ines Duarte",
         "Jonas Berg", "Kofi Mensah", "Lena Vogel", "Nadia Rahman", "Oscar Ruiz", "Priya Nair", "Quinn Byrne",
         "Rosa Marín", "Sam Ito", "Tara Walsh", "Umar Siddiqui", "Vera Novak", "Wen Li", "Xavier Dubois", "Yara Haddad",
         "Zoe Adler", "Ali Karim", "Beth Moore", "Carl Jung", "Dina Roth", "Emil Sand", "Fatima Zahra"]


def class_of(size: int, folder: Path) -> None:
    """Hand-ins of lesson 07's graded round: learner n answers each machine-marked question right with a chance
    that falls with n (the last ones are behind) and leaves some out; f07-order-article is made the hard one
    (right for one learner in four)."""
    bank = {b.quiz: b for b in load_all()}["07-workshop"]
    key = assessed_quiz_id(bank.quiz, read_assessment(ROOT / "course").id)
    rng = random.Random(25)
    folder.mkdir(parents=True)
    for n in range(size):
        skill = 0.95 - 0.8 * n / max(1, size - 1)
        entries = {}
        for q in bank.questions:
            kind = kind_of(q)
            if n >= size - 2 and rng.random() < 0.5:
                continue  # the last two leave questions out
            if not q.auto_scored:
                entries[q.id] = "My argument cites c13 and e26." if rng.random() < skill else "Not sure."
                continue
            right = rng.random() < (0.25 if q.id == "f07-order-article" else skill)
            entries[q.id] = kind.synthetic_answer(q, rng, right)
        doc = {"format": FORMAT, "schema_version": VERSION, "course": "us-iraq-2021", "package_version": "1",
               "learner": {"id": f"learner-{n:02d}", "name": NAMES[n]}, "saved_at": "2026-11-30T08:50:00.000+00:00",
               "quizzes": {key: {qid: {"answer": a, "attempts": 1} for qid, a in entries.items()}}}
        (folder / f"learner-{n:02d}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("size", [3, 30])
def test_the_reports_first_screen_says_who_is_behind_and_the_hardest_question(tmp_path, browser, capsys, size):
    class_of(size, tmp_path / "handins")
    out, sheet = tmp_path / "results", tmp_path / "marks.csv"
    assert main(["marks", str(tmp_path / "handins"), "--assessment", "--out", str(sheet)]) == 0
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    for row in rows:  # the teacher marks: a cited argument gets full points, "Not sure." none
        row["points"] = row["max_points"] if row["answer"].startswith("My argument") else "0"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert main(["grade", str(tmp_path / "handins"), "--assessment", "--out", str(out), "--marks", str(sheet)]) == 0, \
        capsys.readouterr().err
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((out / "report.html").as_uri())
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"report-class-{size}.png"))
    page.screenshot(path=str(SHOTS / f"report-class-{size}-full.png"), full_page=True)
    headline = page.locator("p.headline").inner_text()
    table = page.locator("table").nth(1)  # the learners' table first, then the hardest questions
    hardest = table.locator("tr").nth(1).locator("td")
    assert "Behind:" in headline and f"Hardest question: {hardest.nth(0).inner_text()} (" in headline
    shares = [float(t.rstrip("%")) for t in table.locator("tr td:nth-child(5)").all_inner_texts()
              if t]
    assert float(hardest.nth(4).inner_text().rstrip("%")) == min(shares)
    assert page.locator("p.headline").bounding_box()["y"] < 300  # on the first screen
    rows = page.locator("h2:has-text('Who is behind') + p + table tr")
    assert rows.count() == size + 1
    first = rows.nth(1).locator("td")
    assert rows.nth(1).get_attribute("class") == "behind"
    percents = [float(rows.nth(k).locator("td").nth(3).inner_text().rstrip("%")) for k in range(1, size + 1)]
    assert percents == sorted(percents) and first.nth(2).inner_text().endswith(" of 11")
    chart = page.locator("figure img")
    assert chart.evaluate("img => img.naturalWidth") > 0
    # a name with a right-to-left override stays inside its cell: the cells after it keep their order
    if size == 30:
        zed = page.locator("tr", has_text="liveE")
        assert zed.locator("bdi").count() == 2 and zed.locator("td").nth(0).inner_text() == "learner-04"
    page.close()
