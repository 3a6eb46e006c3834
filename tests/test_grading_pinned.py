"""Every number the grader prints, pinned to figures worked out by hand on a tiny fixture course.

The key is tests/fixtures/pinned-course/quizzes (not the course's banks, so editing a real question never
moves these numbers); the six learners are tests/fixtures/pinned-course/handins/*.json. Each figure below
is worked out in the comments from those files. The policy is always given explicitly (--policy), so a
change of the default policy does not move them either.

The key (points in brackets; 14 machine-marked points in all):
  pinned-a (6): s1 single [2] key Green (options Red, Green, Blue); m1 multiple [2] key a, b (of a b c d);
                t1 truefalse [1] key True; n1 number [1] key 2500 +- 100; w1 written (0, read by the teacher)
  pinned-b (8): c1 classify [3] x fact, y opinion, z prediction; o1 order [3] p, q, r (3 pairs);
                k1 match [2] u U, v V
Partial credit: multiple (right ticked - wrong ticked) / right options, never below 0; classify/match share of
items placed right; order share of pairs in the right order.

What each learner handed in (history oldest first; the last entry is the answer; attempts = history length),
with the score of each answer:
  ann  s1 Red(0) Green(2); m1 [a,b](2); t1 True(1); n1 "2,450 soldiers"(1, |2450-2500| = 50 <= 100);
       w1 written; c1 all right(3); o1 p,q,r(3); k1 all right(2)
  ben  s1 Green(2) Blue(0); m1 [a,c]((1-1)/2*2 = 0) [a]((1-0)/2*2 = 1); t1 False(0);
       n1 "2000"(0) "2600"(1, |100| <= 100) "2700"(0); c1 x fact y fact z prediction (2/3*3 = 2);
       o1 q,p,r (pairs p<q wrong, p<r right, q<r right: 2/3*3 = 2)
  cat  s1 Red(0); m1 [c,d]((0-2)/2 -> 0); t1 True(1); n1 "3000"(0); w1 "   " (blank: not a written answer);
       o1 r,q,p (no pair right: 0)
  dan  s1 Blue(0) Red(0) Green(2); m1 [a,b,c]((2-1)/2*2 = 1); t1 True(1); w1 written;
       c1 x fact y opinion z fact (2/3*3 = 2); o1 p,r,q (p<q right, p<r right, q<r wrong: 2); k1 u V v V (1/2*2 = 1)
  eve  no answers at all
  fay  s1 Blue(0); m1 [b,d]((1-1)/2 = 0) [b](1/2*2 = 1); t1 True(1); n1 "2500"(1);
       c1 x opinion y opinion z prediction (2/3*3 = 2); k1 u U v U (1/2*2 = 1)
"""
from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lessons.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "pinned-course"
KEY = FIXTURE / "quizzes"
HANDINS = FIXTURE / "handins"
LEARNERS = ["ann", "ben", "cat", "dan", "eve", "fay"]

# Totals per policy, per quiz (pinned-a + pinned-b), from the table in the module docstring:
#   first (history[0]):  ann 0+2+1+1 + 3+3+2 = 12; ben 2+0+0+0 + 2+2 = 6; cat 0+0+1+0 + 0 = 1;
#                        dan 0+1+1 + 2+2+1 = 7; eve 0; fay 0+0+1+1 + 2+1 = 5
#   best (highest):      ann 6+8 = 14; ben 2+1+0+1 + 4 = 8; cat 1; dan 2+1+1 + 5 = 9; eve 0; fay 0+1+1+1 + 3 = 6
#   last (the answer):   ann 14; ben 0+1+0+0 + 4 = 5; cat 1; dan 4 + 5 = 9; eve 0; fay 3 + 3 = 6
PER_QUIZ = {
    "first": {"ann": (4, 8), "ben": (2, 4), "cat": (1, 0), "dan": (2, 5), "eve": (0, 0), "fay": (2, 3)},
    "best": {"ann": (6, 8), "ben": (4, 4), "cat": (1, 0), "dan": (4, 5), "eve": (0, 0), "fay": (3, 3)},
    "last": {"ann": (6, 8), "ben": (1, 4), "cat": (1, 0), "dan": (4, 5), "eve": (0, 0), "fay": (3, 3)},
}
TOTALS = {"first": {"ann": 12, "ben": 6, "cat": 1, "dan": 7, "eve": 0, "fay": 5},
          "best": {"ann": 14, "ben": 8, "cat": 1, "dan": 9, "eve": 0, "fay": 6},
          "last": {"ann": 14, "ben": 5, "cat": 1, "dan": 9, "eve": 0, "fay": 6}}
# The maximum is 15: the 14 machine-marked points plus w1's 1 point (written, read by the teacher), with or
# without a marks sheet (issue 25: an answer not marked yet is 'to mark' and counts 0 until marked).
# Percent = 100 * total / 15, two decimals: 12/15 = 80.00; 6/15 = 40.00; 1/15 = 6.667 -> 6.67; 7/15 = 46.667 -> 46.67;
# 5/15 = 33.333 -> 33.33; 8/15 = 53.333 -> 53.33; 9/15 = 60.00; 14/15 = 93.333 -> 93.33; 0/15 = 0.00
PERCENT = {"first": {"ann": "80.00", "ben": "40.00", "cat": "6.67", "dan": "46.67", "eve": "0.00", "fay": "33.33"},
           "best": {"ann": "93.33", "ben": "53.33", "cat": "6.67", "dan": "60.00", "eve": "0.00", "fay": "40.00"},
           "last": {"ann": "93.33", "ben": "33.33", "cat": "6.67", "dan": "60.00", "eve": "0.00", "fay": "40.00"}}
# Answered, of the 8 questions set (7 machine-marked + w1), the same under every policy: ann 8; ben 6 (no w1, k1);
# cat 5 (s1 m1 t1 n1 o1; w1 blank); dan 7 (no n1); eve 0; fay 6 (no w1, o1). To mark: ann's and dan's w1.
ANSWERED = {"ann": "8 of 8", "ben": "6 of 8", "cat": "5 of 8", "dan": "7 of 8", "eve": "0 of 8", "fay": "6 of 8"}
TO_MARK = {"ann": "1", "ben": "0", "cat": "0", "dan": "1", "eve": "0", "fay": "0"}


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run_grade(tmp_path: Path, capsys, policy: str, *extra: str) -> tuple[int, Path, str, str]:
    out = tmp_path / f"out-{policy}"
    status = main(["grade", str(HANDINS), "--key", str(KEY), "--out", str(out), "--policy", policy, *extra])
    captured = capsys.readouterr()
    return status, out, captured.out, captured.err


@pytest.mark.parametrize("policy", ["first", "best", "last"])
def test_gradebook_totals_and_percent_under_each_policy(tmp_path, capsys, policy):
    status, out, stdout, stderr = run_grade(tmp_path, capsys, policy, "--no-report")
    assert status == 0, stderr
    assert "Graded 6 learner(s) from 6 file(s)" in stdout
    rows = {r["learner_id"]: r for r in read_csv(out / "gradebook.csv")}
    assert sorted(rows) == LEARNERS
    for ident in LEARNERS:
        row = rows[ident]
        a, b = PER_QUIZ[policy][ident]
        assert (float(row["pinned-a"]), float(row["pinned-b"])) == (a, b), ident
        assert float(row["total"]) == TOTALS[policy][ident] == a + b, ident
        assert float(row["max"]) == 15
        assert row["percent"] == PERCENT[policy][ident], ident
        assert (row["answered"], row["to_mark"]) == (ANSWERED[ident], TO_MARK[ident]), ident
    # written answers: ann's and dan's (cat's is blank); eve handed in nothing
    assert [rows[i]["written_answers"] for i in LEARNERS] == ["1", "0", "0", "1", "0", "0"]
    assert rows["eve"]["status"] == "no answers"
    assert {rows[i]["status"] for i in LEARNERS if i != "eve"} == {"graded"}
    assert rows["ben"]["name"] == "Ben Baker" and rows["ben"]["file"].endswith("ben-answers.json")
    assert read_csv(out / "problems.csv") == []


# Item analysis under 'best'. Ranked by total: eve 0, cat 1, fay 6, ben 8, dan 9, ann 14.
# Six learners: the upper and lower groups hold round(6 * 0.27) = round(1.62) = 2 learners each:
# lower = eve, cat; upper = dan, ann.
# Discrimination (upper-lower index) = (points of upper group - points of lower group) / (2 * points of question).
# Share correct = points scored / (learners who answered * points); mean attempts = attempts / learners who answered.
#   s1 (2 pts) answered by ann ben cat dan fay = 5; best scores 2 2 0 2 0 = 6 -> 6 / 10 = 0.6;
#      attempts 2 2 1 3 1 = 9 -> 1.8; upper dan 2 + ann 2 = 4, lower 0 -> 4 / 4 = 1.0;
#      option that counted (best answer): ann Green, ben Green (from his history), cat Red, dan Green, fay Blue
#   m1 (2) 5 answered; scores 2 1 0 1 1 = 5 -> 0.5; attempts 1 2 1 1 2 = 7 -> 1.4; upper 1 + 2 = 3 -> 3 / 4 = 0.75;
#      options ticked: ann a b; ben a; cat c d; dan a b c; fay b -> a 3, b 3, c 2, d 1
#   t1 (1) 5 answered; 1 0 1 1 1 = 4 -> 0.8; attempts 5 -> 1.0; upper 2, lower cat 1 -> (2 - 1) / 2 = 0.5;
#      True 4 (ann cat dan fay), False 1 (ben)
#   n1 (1) answered ann ben cat fay = 4; 1 1 0 1 = 3 -> 0.75; attempts 1 3 1 1 = 6 -> 1.5;
#      upper dan (none) + ann 1 = 1, lower 0 -> 1 / 2 = 0.5
#   w1 written: 2 written answers (ann, dan; cat's is blank); no share, discrimination or attempts
#   c1 (3) answered ann ben dan fay = 4; 3 2 2 2 = 9 -> 9 / 12 = 0.75; attempts 1.0; upper 2 + 3 = 5 -> 5 / 6 = 0.833
#   o1 (3) answered ann ben cat dan = 4; 3 2 0 2 = 7 -> 7 / 12 = 0.583; attempts 1.0; upper 2 + 3 = 5 -> 0.833
#   k1 (2) answered ann dan fay = 3; 2 1 1 = 4 -> 4 / 6 = 0.667; attempts 1.0; upper 1 + 2 = 3 -> 3 / 4 = 0.75
ITEMS_BEST = {
    # question: (answered, share_correct, discrimination, mean_attempts, options_chosen)
    "s1": ("5", "0.6", "1.0", "1.8", "Red: 1 | Green: 3 | Blue: 1"),
    "m1": ("5", "0.5", "0.75", "1.4", "a: 3 | b: 3 | c: 2 | d: 1"),
    "t1": ("5", "0.8", "0.5", "1.0", "True: 4 | False: 1"),
    "n1": ("4", "0.75", "0.5", "1.5", ""),
    "w1": ("2", "", "", "", ""),
    "c1": ("4", "0.75", "0.833", "1.0", ""),
    "o1": ("4", "0.583", "0.833", "1.0", ""),
    "k1": ("3", "0.667", "0.75", "1.0", ""),
}


def _number_or_blank(text: str) -> str:
    return "" if text == "" else f"{float(text):g}"


def test_item_analysis_share_discrimination_options_attempts(tmp_path, capsys):
    status, out, _, stderr = run_grade(tmp_path, capsys, "best", "--no-report")
    assert status == 0, stderr
    rows = read_csv(out / "items.csv")
    assert list(rows[0]) == ["quiz", "question", "kind", "objective", "level", "points", "answered", "share_correct",
                             "discrimination", "options_chosen", "mean_attempts"]
    assert [r["question"] for r in rows] == list(ITEMS_BEST)
    assert [(r["quiz"], r["kind"], r["objective"], r["level"]) for r in rows[:2]] == [
        ("pinned-a", "single", "1", "remember"), ("pinned-a", "multiple", "1", "understand")]
    for r in rows:
        answered, share, disc, attempts, options = ITEMS_BEST[r["question"]]
        got = (r["answered"], _number_or_blank(r["share_correct"]), _number_or_blank(r["discrimination"]),
               _number_or_blank(r["mean_attempts"]), r["options_chosen"])
        want = (answered, _number_or_blank(share), _number_or_blank(disc), _number_or_blank(attempts), options)
        assert got == want, r["question"]
    points = {r["question"]: float(r["points"]) for r in rows}
    assert points == {"s1": 2, "m1": 2, "t1": 1, "n1": 1, "w1": 0, "c1": 3, "o1": 3, "k1": 2}


# Under 'first' the counted answers change, so do share correct and the upper/lower groups:
# ranked eve 0, cat 1, fay 5, ben 6, dan 7, ann 12 -> lower eve, cat; upper dan, ann.
#   s1 first answers: ann Red 0, ben Green 2, cat Red 0, dan Blue 0, fay Blue 0 -> 2 / 10 = 0.2;
#      upper dan 0 + ann 0 = 0, lower 0 -> 0.0; options Red 2 (ann cat), Green 1 (ben), Blue 2 (dan fay)
#   m1 first: ann [a,b] 2, ben [a,c] 0, cat [c,d] 0, dan [a,b,c] 1, fay [b,d] 0 -> 3 / 10 = 0.3;
#      upper 1 + 2 = 3 -> 0.75; options a 3 (ann ben dan), b 3 (ann dan fay), c 3 (ben cat dan), d 2 (cat fay)
#   n1 first: ann 1, ben "2000" 0, cat 0, fay 1 -> 2 / 4 = 0.5
def test_item_analysis_follows_the_policy(tmp_path, capsys):
    status, out, _, _ = run_grade(tmp_path, capsys, "first", "--no-report")
    rows = {r["question"]: r for r in read_csv(out / "items.csv")}
    assert float(rows["s1"]["share_correct"]) == 0.2 and float(rows["s1"]["discrimination"]) == 0.0
    assert rows["s1"]["options_chosen"] == "Red: 2 | Green: 1 | Blue: 2"
    assert float(rows["m1"]["share_correct"]) == 0.3 and float(rows["m1"]["discrimination"]) == 0.75
    assert rows["m1"]["options_chosen"] == "a: 3 | b: 3 | c: 3 | d: 2"
    assert float(rows["n1"]["share_correct"]) == 0.5


# The LMS file: one row per learner, points per quiz (best): see PER_QUIZ.
def test_moodle_csv(tmp_path, capsys):
    status, out, _, _ = run_grade(tmp_path, capsys, "best", "--no-report", "--lms", "moodle")
    assert status == 0
    rows = read_csv(out / "gradebook-moodle.csv")
    assert [r["ID number"] for r in rows] == LEARNERS
    assert [r["Full name"] for r in rows] == ["Ann Archer", "Ben Baker", "Cat Cole", "Dan Dale", "Eve Eden", "Fay Ford"]
    for r in rows:
        assert (float(r["pinned-a"]), float(r["pinned-b"])) == PER_QUIZ["best"][r["ID number"]]


# Feedback under 'best' for ben: 4 of 6 in pinned-a (s1 right from his history, m1 partly, t1 not right,
# n1 right from "2600"), 4 of 8 in pinned-b (c1 2 of 3 partly, o1 2 of 3 partly, k1 not answered).
def test_feedback_files(tmp_path, capsys):
    status, out, _, _ = run_grade(tmp_path, capsys, "best", "--no-report", "--feedback")
    assert status == 0
    assert sorted(p.stem for p in (out / "feedback").glob("*.md")) == LEARNERS
    ben = (out / "feedback" / "ben.md").read_text(encoding="utf-8")
    assert "Ben Baker" in ben
    assert "Total: 8 of 15 points (53.33%)." in ben and "to mark" not in ben.split("\n")[2]
    assert re.search(r"Pinned A: 4(\.0+)? of 7", ben) and re.search(r"Pinned B: 4(\.0+)? of 8", ben)
    states = feedback_states(ben)
    assert states == {"Which colour is the answer?": "right", "Tick a and b.": "partly right",
                      "Is this true?": "not right", "How many soldiers?": "right",
                      "Explain the change in your own words.": "not answered", "Sort each claim.": "partly right",
                      "Put p, q, r in order.": "partly right", "Match u and v.": "not answered"}
    ann = feedback_states((out / "feedback" / "ann.md").read_text(encoding="utf-8"))
    assert ann["Explain the change in your own words."].startswith("to mark")
    assert "Total: 14 of 15 points (93.33%). 1 written answer still to mark: not counted yet." in (
        out / "feedback" / "ann.md").read_text(encoding="utf-8")
    assert {v for k, v in ann.items() if not k.startswith("Explain")} == {"right"}
    eve = (out / "feedback" / "eve.md").read_text(encoding="utf-8")
    assert set(feedback_states(eve).values()) == {"not answered"}
    assert re.search(r"Total: 0(\.0+)? of 15", eve)


def feedback_states(text: str) -> dict[str, str]:
    """Prompt -> state ('right', 'partly right', ...) from the lines '- prompt — **state**. ...'."""
    return {m.group(1): m.group(2) for m in re.finditer(r"^- (.+?) — \*\*(.+?)\*\*", text, flags=re.M)}


class _Tables(HTMLParser):
    """Each table of a page, under the text of the h2 heading before it, as rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._heading, self._in_h2, self._rows, self._cell = "", False, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self._in_h2, self._heading = True, ""
        elif tag == "table":
            self._rows = self.tables.setdefault(self._heading.strip(), [])
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False
        elif tag == "table":
            self._rows = None
        elif tag in ("td", "th") and self._rows is not None and self._cell is not None:
            self._rows[-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._in_h2:
            self._heading += data
        if self._cell is not None:
            self._cell += data


def report_tables(path: Path) -> dict[str, list[dict]]:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return {h: [dict(zip(rows[0], r)) for r in rows[1:]] for h, rows in parser.tables.items() if rows}


# The report's tables under 'best' (answers that counted, from the module docstring).
# Hardest questions: share right = points scored / (learners who answered x points), lowest first:
#   m1: ann 2, ben 1, cat 0, dan 1, fay 1 = 5 / (5 x 2) = 50.00 %; commonest wrong part: c (cat, dan), missed a
#       (cat, fay), missed b (ben, cat): 2 each, the first in the order found (ben's missed b comes first)
#   o1: ann 3, ben 2, cat 0, dan 2 = 7 / (4 x 3) = 58.33 %   s1: 2+2+0+2+0 = 6 / 10 = 60.00 %
#   k1: ann 2, dan 1, fay 1 = 4 / 6 = 66.67 %   n1: ann 1, ben 1, cat 0, fay 1 = 3 / 4 = 75.00 %
#   c1: ann 3, ben 2, dan 2, fay 2 = 9 / 12 = 75.00 %   t1: ann, ben 0, cat, dan, fay = 4 / 5 = 80.00 %
# Wrong answers (every kind; a part counts when the answer scored below the question's points):
#   s1 cat Red, fay Blue; t1 ben False; n1 cat 3,000; k1 dan u -> V, fay v -> U (one learner each).
# Learners lowest percent first: eve 0, cat 1, fay 6, ben 8, dan 9, ann 14 (of 15); answered of 8 questions
#   (7 machine-marked + w1): eve 0, cat 5 (w1 blank), fay 6, ben 6, dan 7, ann 8. Behind: below 50 % or not all
#   answered: everyone but ann.
def test_report_tables(tmp_path, capsys):
    status, out, stdout, _ = run_grade(tmp_path, capsys, "best")
    assert status == 0 and "report.html" in stdout
    tables = report_tables(out / "report.html")
    hardest = next(rows for heading, rows in tables.items() if heading.lower().startswith("hardest"))
    assert [(r["question"], r["share right"]) for r in hardest if r["share right"]] == [
        ("m1", "50.00%"), ("o1", "58.33%"), ("s1", "60.00%"), ("k1", "66.67%"), ("n1", "75.00%"), ("c1", "75.00%"),
        ("t1", "80.00%")]
    assert (hardest[0]["commonest wrong answer"], hardest[0]["learners"]) == ("missed: b", "2")
    wrong = next(rows for heading, rows in tables.items() if heading.lower().startswith("wrong answers"))
    got = {(r["question"], r["wrong answer given"], int(r["learners"])) for r in wrong}
    assert {("s1", "Blue", 1), ("s1", "Red", 1), ("t1", "False", 1), ("n1", "3,000", 1), ("k1", "Item u → V", 1),
            ("k1", "Item v → U", 1)} <= got
    assert not any(answer in ("Green", "True", "a", "b") for _, answer, _ in got)  # a right part never counts
    learners = next(rows for heading, rows in tables.items() if heading.lower().startswith("who is behind"))
    assert [(r["learner"], r["answered"]) for r in learners] == [
        ("eve", "0 of 8"), ("cat", "5 of 8"), ("fay", "6 of 8"), ("ben", "6 of 8"), ("dan", "7 of 8"), ("ann", "8 of 8")]
    for r in learners:
        assert float(r["total"]) == TOTALS["best"][r["learner"]]
        assert r["%"] == PERCENT["best"][r["learner"]] + "%"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count('<tr class="behind">') == 5


# The quiz view's running score (practice mode) adds every kind:
#   pinned-a: s1 Green 2 + m1 [a] (1 - 0) / 2 * 2 = 1 + t1 True 1 + n1 "2500" 1 = 5 of 6 (leaving out any one kind
#             gives 3 or 4); pinned-b: c1 x fact y fact z prediction 2 + o1 q,p,r 2 + k1 u U only 1/2 * 2 = 1
#             = 5 of 8 (leaving out any one kind gives 3 or 4).
@pytest.mark.parametrize("quiz, answers, score", [
    ("pinned-a", {"s1": "Green", "m1": ["a"], "t1": True, "n1": "2500", "w1": "Some words."}, "5 of 6"),
    ("pinned-b", {"c1": {"x": "fact", "y": "fact", "z": "prediction"}, "o1": ["q", "p", "r"], "k1": {"u": "U"}},
     "5 of 8"),
])
def test_quiz_view_running_score_counts_every_kind(quiz, answers, score):
    from lessons.notebook.quiz_view import QuizView
    from lessons.core.quizbank import load_all
    from lessons.notebook.responses import ResponseStore

    bank = next(b for b in load_all(KEY) if b.quiz == quiz)
    store = ResponseStore("Score Tester")
    for qid, answer in answers.items():
        store.record(quiz, qid, answer)
    view = QuizView(bank, store, "practice")
    assert f"Score: {score} points" in view.score.value


# Four learners (ann, ben, cat, dan) under 'best': k = max(1, round(4 * 0.27)) = max(1, round(1.08)) = 1.
# Ranked cat 1, ben 8, dan 9, ann 14: lower = cat, upper = ann.
#   s1: (ann 2 - cat 0) / (1 * 2) = 1.0;  t1: (ann 1 - cat 1) / 1 = 0.0;  n1: (ann 1 - cat 0) / 1 = 1.0
#   o1: (ann 3 - cat 0) / 3 = 1.0;  c1: (ann 3 - cat none 0) / 3 = 1.0
#   n1 mean attempts: ann 1, ben 3, cat 1 -> 5 / 3 = 1.67 (two decimals)
def test_item_analysis_with_four_learners(tmp_path, capsys):
    folder = tmp_path / "four"
    folder.mkdir()
    for ident in ("ann", "ben", "cat", "dan"):
        (folder / f"{ident}.json").write_bytes((HANDINS / f"{ident}-answers.json").read_bytes())
    out = tmp_path / "out"
    assert main(["grade", str(folder), "--key", str(KEY), "--out", str(out), "--policy", "best", "--no-report"]) == 0
    rows = {r["question"]: r for r in read_csv(out / "items.csv")}
    disc = {q: float(rows[q]["discrimination"]) for q in ("s1", "t1", "n1", "o1", "c1")}
    assert disc == {"s1": 1.0, "t1": 0.0, "n1": 1.0, "o1": 1.0, "c1": 1.0}
    assert rows["n1"]["mean_attempts"] == "1.67"
    assert rows["w1"]["answered"] == "2"


def _entry(answer, *history, attempts=1) -> dict:
    return {"answer": answer, "attempts": attempts, **({"history": [{"answer": h, "at": "t"} for h in history]}
                                                       if history else {})}


# Three hand-made learners, fewer than four: no upper and lower groups, so no discrimination at all.
#   gus: s1 answered Green with no history -> under 'first' his answer is the first: 2
#   hal: s1 answer Green, history holds only Red (edited by hand) -> 'best' still sees the answer: 2; 'first' Red: 0
#   ida: s1 answer Blue, history Blue then Red (both 0) -> the answer that counts under 'best' is her own
#        final Blue, not the later-listed equal Red; option counts: Green 2 (gus, hal), Blue 1 (ida)
def test_three_learners_policy_edges_and_no_discrimination(tmp_path, capsys):
    docs = {"gus": _entry("Green"), "hal": _entry("Green", "Red"), "ida": _entry("Blue", "Blue", "Red", attempts=2)}
    template = (HANDINS / "eve-answers.json").read_text(encoding="utf-8")
    import json

    for ident, entry in docs.items():
        doc = json.loads(template)
        doc["learner"] = {"id": ident, "name": ident.title()}
        doc["quizzes"] = {"pinned-a": {"s1": entry}}
        (tmp_path / f"{ident}.json").write_text(json.dumps(doc), encoding="utf-8")
    totals = {}
    for policy in ("first", "best"):
        out = tmp_path / policy
        assert main(["grade", *(str(tmp_path / f"{i}.json") for i in docs), "--key", str(KEY), "--out", str(out),
                     "--policy", policy, "--no-report"]) == 0, capsys.readouterr().err
        totals[policy] = {r["learner_id"]: float(r["total"]) for r in read_csv(out / "gradebook.csv")}
        items = {r["question"]: r for r in read_csv(out / "items.csv")}
        assert all(r["discrimination"] == "" for r in items.values())
        if policy == "best":
            assert items["s1"]["options_chosen"] == "Red: 0 | Green: 2 | Blue: 1"
            assert items["s1"]["mean_attempts"] == f"{(1 + 1 + 2) / 3:.2f}"  # 4 / 3 = 1.33
    assert totals == {"first": {"gus": 2, "hal": 0, "ida": 0}, "best": {"gus": 2, "hal": 2, "ida": 0}}


def test_feedback_repeats_the_number_typed(tmp_path, capsys):
    status, out, _, _ = run_grade(tmp_path, capsys, "best", "--no-report", "--feedback")
    ann = (out / "feedback" / "ann.md").read_text(encoding="utf-8")
    assert "How many soldiers? — **right**. You wrote “2,450 soldiers”." in ann
    from lessons.core.kinds import kind_of
    from lessons.core.quizbank import load_all

    n1 = next(q for b in load_all(KEY) for q in b.questions if q.id == "n1")
    number = kind_of(n1)
    assert [number.recorded(n1, a) for a in (None, "  ", 2500, "2,500")] == [None, None, "2500", "2,500"]
    assert number.recorded(n1, "9" * 150) == "9" * 100


# Marked written answers (issue 18): with --marks, the written question w1 (1 point, pinned-a) counts in
# every maximum, so no quiz reads 'N of M' with N > M. Policy last (see TOTALS / PER_QUIZ above), marks:
#   ann w1 1 ("Clear.")  -> pinned-a 6 + 1 = 7 of 6 + 1 = 7; pinned-b 8 of 8; total 15 of 15 = 100.00 %
#   dan w1 0.5           -> pinned-a 4 + 0.5 = 4.5 of 7;     pinned-b 5 of 8; total 9.5 of 15 = 63.33 %
#   ben (no written answer, nothing to mark) -> pinned-a 1 of 7; pinned-b 4 of 8; total 5 of 15 = 33.33 %
def test_one_maximum_with_marked_written_answers(tmp_path, capsys):
    sheet = tmp_path / "marks.csv"
    assert main(["marks", str(HANDINS), "--key", str(KEY), "--out", str(sheet)]) == 0
    rows = read_csv(sheet)
    assert sorted((r["learner_id"], r["question"], r["max_points"]) for r in rows) == [
        ("ann", "w1", "1"), ("dan", "w1", "1")]
    for r in rows:
        r["points"], r["comment"] = {"ann": ("1", "Clear."), "dan": ("0.5", "")}[r["learner_id"]]
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    status, out, stdout, _ = run_grade(tmp_path, capsys, "last", "--marks", str(sheet), "--feedback",
                                       "--lms", "moodle")
    assert status == 0
    assert "(15 points, of them 1 written)" in stdout
    book = {r["learner_id"]: r for r in read_csv(out / "gradebook.csv")}
    assert {k: (book[k]["pinned-a"], book[k]["pinned-b"], book[k]["total"], book[k]["max"], book[k]["percent"])
            for k in ("ann", "dan", "ben")} == {
        "ann": ("7", "8", "15", "15", "100.00"), "dan": ("4.5", "5", "9.5", "15", "63.33"),
        "ben": ("1", "4", "5", "15", "33.33")}
    moodle = {r["Full name"].split()[0].lower(): r["Percent"] for r in read_csv(out / "gradebook-moodle.csv")}
    assert (moodle["ann"], moodle["dan"], moodle["ben"]) == ("100.00", "63.33", "33.33")
    ann = (out / "feedback" / "ann.md").read_text(encoding="utf-8")
    assert "Total: 15 of 15 points (100.00%)." in ann
    assert "## Pinned A: 7 of 7" in ann and "## Pinned B: 8 of 8" in ann
    assert "marked 1 of 1: Clear." in ann
    dan = (out / "feedback" / "dan.md").read_text(encoding="utf-8")
    assert "Total: 9.5 of 15 points (63.33%)." in dan and "## Pinned A: 4.5 of 7" in dan
    ben = (out / "feedback" / "ben.md").read_text(encoding="utf-8")
    assert "## Pinned A: 1 of 7" in ben
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "pinned-a (of 7.00)" in html and "pinned-b (of 8.00)" in html and "of the 15.00 points set" in html
    learners = next(rows for heading, rows in report_tables(out / "report.html").items()
                    if heading.lower().startswith("who is behind"))
    assert {r["learner"]: (r["pinned-a (of 7.00)"], r["total"], r["%"]) for r in learners if r["learner"] in ("ann", "dan")} == {
        "ann": ("7.00", "15.00", "100.00%"), "dan": ("4.50", "9.50", "63.33%")}
