"""axe-core over a notebook page, split into the course's own output and the front end's chrome.

axe-core comes bundled in axe-playwright-python (no network). The course's own output is what the
course puts on the page: rendered Markdown cells and cell outputs (quizzes, tables, plots, messages).
Everything else (menus, toolbars, the cell list, code editors, skip links) is JupyterLab's or Notebook 7's
own chrome: out of scope here, counted and listed in CHROME_RULES_SEEN.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
COURSE_OUTPUT = ".jp-OutputArea-output, .jp-MarkdownOutput"
SEVERE = ("serious", "critical")
# Violations seen in the front ends' own chrome (JupyterLab 4.6, Notebook 7.6), not the course's to fix:
CHROME_RULES_SEEN = {
    "aria-allowed-attr": "toolbar buttons carry aria-pressed/aria-selected their role does not allow",
    "aria-required-children": "the notebook's cell list (role=list) holds children that are not listitems",
    "aria-input-field-name": "code cell editors (role=textbox) have no accessible name",
    "region": "content outside landmarks (skip link, status bar)",
    "landmark-one-main": "Notebook 7 has no main landmark",
    "page-has-heading-one": "the page has no h1 before the notebook's own",
    "landmark-unique": "several landmarks with the same role and no name",
    "nested-interactive": "cell toolbars inside focusable cells",
    "scrollable-region-focusable": "scrolling panels that are not focusable",
    "aria-prohibited-attr": "aria-label on elements whose role forbids it",
    "button-name": "icon-only toolbar buttons without a name",
    "color-contrast": "the grey execution-count prompts ([1]:) beside code cells",
    "link-name": "Notebook 7's header logo link has no text",
    "skip-link": "Notebook 7's skip link points at nothing focusable",
    "tabindex": "Notebook 7 gives an element a tabindex above 0",
}

# Rules that fire inside the course's output on the front end's own styling, which no notebook can change:
# counted and printed, not failed on. None today: the themes mark links by colour alone, so every link set
# inside a sentence of a lesson is bold (a cue besides colour) and link-in-text-block is failed on like any rule.
THEME_RULES: dict[str, str] = {}


RUN_AXE_JS = """async ([tags, inside]) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => {
      let el = null;
      try { el = document.querySelector(n.target[n.target.length - 1]); } catch (e) { el = null; }
      return {target: n.target.join(' '), impact: n.impact, html: n.html.slice(0, 200),
              course: !!(el && el.closest(inside)), summary: (n.failureSummary || '').slice(0, 300)};
    }),
  }));
}"""
FULL_HEIGHT_JS = """() => Math.max(...[...document.querySelectorAll('.jp-WindowedPanel-outer, .jp-Notebook, #main-panel')]
                          .map(e => e.scrollHeight), document.body.scrollHeight)"""


@dataclass
class AxeReport:
    """One page's violations, split by where they are."""

    course: list[dict] = field(default_factory=list)  # each: rule id, impact, node target, html, summary
    chrome: list[dict] = field(default_factory=list)

    def severe_in_course(self) -> list[dict]:
        """Serious and critical violations the course's own content causes (THEME_RULES aside)."""
        return [n for n in self.course if n["impact"] in SEVERE and n["rule"] not in THEME_RULES]

    def counts(self) -> dict[str, dict[str, int]]:
        """{'course': {impact: nodes}, 'theme': {rule: nodes}, 'chrome': {rule: nodes}}."""
        course: dict[str, int] = {}
        theme: dict[str, int] = {}
        for n in self.course:
            if n["rule"] in THEME_RULES:
                theme[n["rule"]] = theme.get(n["rule"], 0) + 1
            else:
                course[n["impact"]] = course.get(n["impact"], 0) + 1
        chrome: dict[str, int] = {}
        for n in self.chrome:
            chrome[n["rule"]] = chrome.get(n["rule"], 0) + 1
        return {"course": course, "theme": theme, "chrome": chrome}


# JupyterLab and Notebook 7 lay their shell out absolutely inside a <body> of height 0 with overflow hidden;
# axe-core then takes every element as clipped away and skips colour contrast without a word. Giving the
# body the viewport's height changes nothing a learner sees and lets axe measure the page.
MEASURABLE_CSS = "html, body { height: 100%; }"


def run_axe(page, max_height: int = 40_000) -> AxeReport:
    """Run axe-core on the whole page, laid out at full height so every cell is rendered and measurable."""
    from axe_playwright_python.sync_playwright import Axe

    page.add_style_tag(content=MEASURABLE_CSS)
    page.mouse.move(0, 0)  # no hover state is measured: the last click's place shows a heading's ¶ link in Notebook 7
    size = page.viewport_size
    height = min(int(page.evaluate(FULL_HEIGHT_JS)) + 200, max_height)
    page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
    page.wait_for_timeout(500)
    try:
        page.evaluate(Axe().axe_script)
        violations = page.evaluate(RUN_AXE_JS, [TAGS, COURSE_OUTPUT])
    finally:
        page.set_viewport_size(size)
    report = AxeReport()
    for v in violations:
        for n in v["nodes"]:
            entry = {"rule": v["id"], "impact": n["impact"] or v["impact"], "help": v["help"],
                     "target": n["target"], "html": n["html"], "summary": n["summary"]}
            (report.course if n["course"] else report.chrome).append(entry)
    return report


def save_report(report: AxeReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"counts": report.counts(), "course": report.course, "chrome": report.chrome},
                               indent=1), encoding="utf-8")
