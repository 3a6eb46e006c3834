"""Content checks (issue 15): quotations verbatim, one fact in one place, judgements labelled,
dates with their precision, ``in_article`` only where the article names the event, licensing."""
from __future__ import annotations

import calendar
import csv
import io
import json
import re
from datetime import date

import pandas as pd
import pytest

import article_check
from conftest import ROOT, article_path
from course_text import course_facts, sentences
from lessons.notebook import plots
from lessons.core.data import load_table

MONTHS = {m: i for i, m in enumerate(calendar.month_name) if m}
DATE = re.compile(r"\b(?:(\d{1,2}) )?(" + "|".join(MONTHS) + r") (\d{4})\b")


def _dates_in(text: str) -> list[tuple[date, date]]:
    """(first day, last day) of every date written in a sentence ('15 August 2021', 'October 2021')."""
    out = []
    for day, month, year in DATE.findall(text):
        y, m = int(year), MONTHS[month]
        if day:
            out.append((date(y, m, int(day)),) * 2)
        else:
            out.append((date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])))
    return out


def _report(problems: list[str], what: str) -> str:
    return f"{len(problems)} {what}:\n" + "\n".join(problems)


# ------------------------------------------------------------------ quotation marks mean the article's words
def test_quoted_passages_are_the_article_s_words(article_text):
    problems = article_check.misquotations(article_path().read_text(encoding="utf-8"))
    assert not problems, _report(problems, "passages in quotation marks that the article does not contain there")


def test_the_checker_catches_a_misquotation_and_passes_a_true_one(tmp_path, article_text):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "course" / "quizzes").mkdir(parents=True)
    cells = [{"cell_type": "markdown", "id": "aaaaaaaa", "metadata": {},
              "source": 'Pachachi says "this step will limit the Militia’s attacks" (P6) and "the agreement is '
                        'a real blow to Iran" (P9). The motion reads "the course\'s own words".'},
             {"cell_type": "code", "id": "bbbbbbbb", "metadata": {}, "outputs": [], "execution_count": None,
              "source": '# Biden: "Washington will not leave a void in Iraq" (P3)\nx = 1'}]
    (tmp_path / "notebooks" / "01-x.ipynb").write_text(json.dumps({"cells": cells}), encoding="utf-8")
    (tmp_path / "course" / "quizzes" / "01-x.yaml").write_text(
        "questions:\n  - id: q1\n    prompt: \"In Pachachi's 'Russian scenario' (P7), what is copied?\"\n",
        encoding="utf-8")
    problems = article_check.misquotations(article_path().read_text(encoding="utf-8"), tmp_path)
    assert problems == [
        'notebooks/01-x.ipynb cell 0 (id aaaaaaaa): "the agreement is a real blow to Iran" is not in P6, P9',
        'course/quizzes/01-x.yaml question q1 prompt: "Russian scenario" is not in P7 (it is elsewhere in the article)',
    ]


def test_the_repository_repeats_little_of_the_article(article_text):
    rep = article_check.reproduction(article_text, article_check.repository_texts())
    print(f"longest run {rep.longest_run} words in {rep.longest_where}; share {rep.share:.0%}")
    assert rep.longest_run <= 40, rep
    assert rep.share <= 0.30, rep


def test_reproduction_counts_runs_worked_out_by_hand():
    article = " ".join(f"w{i}" for i in range(20))                  # 20 distinct words
    texts = {"a.md": "x " + " ".join(f"w{i}" for i in range(2, 12)) + " y",   # repeats w2..w11: 10 words
             "b.md": " ".join(f"w{i}" for i in range(14, 21))}       # w14..w19 plus w20: 6 words, below 8
    rep = article_check.reproduction(article, texts)
    assert (rep.longest_run, rep.longest_where, rep.share) == (10, "a.md", 0.5)


# ------------------------------------------------------------------ one fact, one place
FACTS = course_facts()


def test_the_article_s_date_is_one_hedged_wording():
    after, before = FACTS["article_written"]["after"], FACTS["article_written"]["before"]
    ident = (ROOT / "course" / "course.yaml").read_text(encoding="utf-8")
    assert f"{after.day} {after:%B %Y}" in ident, "course.yaml's article date must give the 26 July 2021 bound"
    problems = []
    forbidden = re.compile(r"late July or August|mid-August|weeks after the article|could not have known", re.I)
    for s in sentences():
        if forbidden.search(s.text):
            problems.append(f"{s.where}: {s.text!r} is surer than the evidence (say: written after {after} "
                            f"and before {before}, from P1 and P6)")
            continue
        about_writing = re.search(r"\barticle\b.*\b(written|undated|dated)\b|\b(written|dated)\b.*\barticle\b", s.text)
        for first, last in _dates_in(s.text):
            if about_writing and not (first <= after <= last or first <= before <= last):
                problems.append(f"{s.where}: {s.text!r} dates the article by {first}, not by course.yaml's bounds")
            if re.search(r"\bafter the article\b", s.text) and last < before:
                problems.append(f"{s.where}: {s.text!r} puts {first} after the article, which may be later")
            if re.search(r"\bbefore the article\b", s.text) and first > after:
                problems.append(f"{s.where}: {s.text!r} puts {first} before the article, which may be earlier")
    assert not problems, _report(problems, "sentences that date the article otherwise than course.yaml")


def test_large_numbers_are_written_one_way():
    problems = [f"{s.where}: {n} in {s.text!r} -> write {int(n):,}"
                for s in sentences() for n in re.findall(r"(?<![\d,.$/-])(\d{4,})(?![\d,])", s.text)
                if not 1900 <= int(n) <= 2100]
    assert not problems, _report(problems, "numbers of 1,000 or more without a thousands separator")


NOT_TROOPS = r"(?:attacks?|seats?|doses|Pfizer|words|rocket|drone|killed|protesters|points|minutes|claims|of \d|other coalition)"


def test_troop_figures_are_the_troops_table_s():
    known = set(load_table("troops")["troops"].astype(int))
    known |= {abs(x - y) for x in known for y in known}   # 'a fall of about 2,700'
    problems = []
    for s in sentences():
        if not re.search(r"\b(troops?|soldiers)\b", s.text) or re.search(r"\btroops\.csv\b", s.text):
            continue
        for n in re.findall(r"(?<![\d,.-])(\d{1,3}(?:,\d{3})+|\d{3,})(?![\d,])(?!\s+" + NOT_TROOPS + ")", s.text):
            value = int(n.replace(",", ""))
            if 1900 <= value <= 2100 and "," not in n:
                continue
            if value not in known:
                problems.append(f"{s.where}: {n} troops in {s.text!r} is not a figure in troops.csv (or a difference of two)")
    for path in (ROOT / "course" / "quizzes").glob("*.yaml"):
        import yaml
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            if q["kind"] == "number" and re.search(r"\b(troops|soldiers)\b", q["prompt"]) and q["answer"] not in known:
                problems.append(f"course/quizzes/{path.name} question {q['id']}: key {q['answer']} is not in troops.csv")
    assert not problems, _report(problems, "troop figures that troops.csv does not hold")


def test_seat_counts_are_course_yaml_s():
    election = FACTS["election_2021"]
    known = {election[k] for k in ("seats", "sadrist", "fatah_before", "fatah_after")}
    problems = []
    for s in sentences():
        if "seat" not in s.text:
            continue
        for n in re.findall(r"(?<![\d,])(\d{1,3})(?![\d,])(?! (?:" + "|".join(MONTHS) + r"))", s.text):
            if int(n) not in known:
                problems.append(f"{s.where}: {n} in {s.text!r} is not a seat count in course.yaml {sorted(known)}")
    e26 = load_table("timeline").set_index("event_id").loc["e26", "event"]
    assert all(str(v) in e26 for v in known), e26
    assert not problems, _report(problems, "seat counts that course.yaml does not hold")


def test_binder_idle_time_is_one_figure():
    minutes = FACTS["binder_idle_minutes"]
    words = {10: "ten"}.get(minutes, str(minutes))
    problems = [f"{s.where}: {s.text!r} (course.yaml: about {minutes} idle minutes)" for s in sentences()
                if "Binder" in s.text and re.search(r"\b(idle|without use|minutes)\b", s.text)
                and not re.search(rf"\b({words}|{minutes})\b", s.text)]
    assert not problems, _report(problems, "sentences that give Binder's idle time otherwise")


def test_the_debate_motion_is_one_wording():
    motion = article_check.normalise(FACTS["motion"]).rstrip(".")
    problems = []
    for s in sentences():
        if "motion" not in s.text.lower():
            continue
        for passage, _, _ in article_check._quotes_and_sentences(s.text):
            if len(passage.split()) >= 4 and article_check.normalise(passage).rstrip(".") != motion:
                problems.append(f"{s.where}: motion {passage!r} (course.yaml: {FACTS['motion']!r})")
    assert not problems, _report(problems, "motions worded otherwise than course.yaml")


def test_each_prediction_has_one_forecast_with_its_paragraph_and_speaker():
    claims = load_table("claims").set_index("claim_id")
    forecasts = load_table("forecasts")
    problems = []
    for _, f in forecasts.iterrows():
        c = claims.loc[f["claim_id"]]
        if c["kind"] != "prediction":
            problems.append(f"{f['forecast_id']}: its claim {f['claim_id']} is coded {c['kind']}, not prediction")
        if (c["paragraph"], c["speaker_id"]) != (f["paragraph"], f["speaker_id"]):
            problems.append(f"{f['forecast_id']}: P{f['paragraph']} {f['speaker_id']} but {f['claim_id']} says "
                            f"P{c['paragraph']} {c['speaker_id']}")
    counts = forecasts["claim_id"].value_counts()
    for claim_id in claims.index[claims["kind"] == "prediction"]:
        if counts.get(claim_id, 0) != 1:
            problems.append(f"prediction {claim_id} has {counts.get(claim_id, 0)} forecasts (one expected)")
    assert not problems, _report(problems, "mismatches between claims.csv and forecasts.csv")


# ------------------------------------------------------------------ judgements labelled
JUDGEMENT_LABEL = re.compile(r"course['’]s (own )?judge?ments?", re.I)
SHOWS_JUDGEMENT = re.compile(r"""\b(claims|forecasts)\b.*["'](kind|support|verdict)["']|claims_by_kind|forecast_scorecard|causal_chain""",
                             re.S)


def test_notebooks_say_kinds_supports_and_verdicts_are_the_course_s_judgement():
    problems = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        labelled = False
        for number, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if cell["cell_type"] == "markdown" and JUDGEMENT_LABEL.search(src):
                labelled = True
            if cell["cell_type"] == "code" and SHOWS_JUDGEMENT.search(src):
                if not labelled:
                    problems.append(f"notebooks/{path.name} cell {number} (id {cell.get('id')}) shows a "
                                    "judgement before any text says it is the course's judgement")
                if re.search(r"""\[\[[^\]]*["']verdict["']""", src) and "reason" not in src:
                    problems.append(f"notebooks/{path.name} cell {number} (id {cell.get('id')}) lists "
                                    "verdicts without their 'reason'")
    assert not problems, _report(problems, "judgements shown unlabelled")


def test_every_judgement_carries_its_reason():
    problems = []
    for table, key in (("claims", "claim_id"), ("forecasts", "forecast_id")):
        df = load_table(table)
        if "reason" not in df.columns:
            problems.append(f"{table}.csv has no 'reason' column")
            continue
        problems += [f"{table}.csv {row[key]}: no reason" for _, row in df.iterrows()
                     if not isinstance(row["reason"], str) or len(row["reason"].split()) < 3]
    assert not problems, _report(problems, "judgements without a reason")


def test_a_verdict_rests_on_a_source_about_the_outcome_or_is_unclear():
    """Held, partly or failed only with a source that reports an event after the article; else unclear."""
    timeline = load_table("timeline")
    after = pd.Timestamp(FACTS["article_written"]["after"])
    outcome_sources = set(timeline.loc[timeline["date"] > after, "source"])
    forecasts = load_table("forecasts")
    problems = [f"{r['forecast_id']} is {r['verdict']!s} on {r['source']}, which reports no event after the "
                "article (timeline.csv): make it 'unclear' or cite the outcome"
                for _, r in forecasts.iterrows() if r["verdict"] != "unclear" and r["source"] not in outcome_sources]
    assert not problems, _report(problems, "verdicts without a source bearing on the outcome")


def test_plots_of_judgements_say_whose_judgement_they_are():
    for text in (plots.describe_forecast_scorecard(), plots.describe_claims_by_kind()):
        assert JUDGEMENT_LABEL.search(text) or "course's" in text, text


# ------------------------------------------------------------------ dates carry their precision
@pytest.mark.parametrize("table", ["timeline", "troops"])
def test_dates_carry_their_precision(table):
    df = load_table(table)
    assert "precision" in df.columns, f"{table}.csv has no precision column"
    for _, row in df.iterrows():
        d, p = row["date"], row["precision"]
        assert p in ("day", "month", "year"), (table, row["date"], p)
        if p == "month":
            assert d.day == 1, f"{table}.csv {d:%Y-%m-%d}: a month is stored as its first day"
        if p == "year":
            assert (d.month, d.day) == (1, 1), f"{table}.csv {d:%Y-%m-%d}: a year is stored as 1 January"


def test_dates_print_as_precisely_as_they_are_known():
    timeline = load_table("timeline").set_index("event_id")
    assert timeline.loc["e04", "when"] == "10 June 2014"
    assert timeline.loc["e02", "when"] == "September 2007"
    troops = load_table("troops")
    assert list(troops["when"]) == [
        "September 2007", "18 December 2011", "5 January 2020", "September 2020", "15 January 2021",
        "July 2021", "9 December 2021"]   # July 2021: the month its source (facts.md) gives, not a day
    assert "September 2020: about 3,000" in plots.describe_troop_levels()


def test_a_period_is_written_as_a_span_at_its_precision():
    from datetime import date as day
    from lessons.core.data import span_label
    assert span_label(day(2021, 1, 1), day(2021, 7, 1), "month") == "January–July 2021"      # e20
    assert span_label(day(2014, 6, 13), day(2014, 6, 15), "day") == "13–15 June 2014"         # e05
    assert span_label(day(2021, 6, 28), day(2021, 7, 3), "day") == "28 June–3 July 2021"
    assert span_label(day(2020, 12, 1), day(2021, 2, 1), "month") == "December 2020–February 2021"
    assert span_label(day(2019, 1, 1), day(2021, 1, 1), "year") == "2019–2021"
    timeline = load_table("timeline").set_index("event_id")
    assert timeline.loc["e20", "when"] == "January–July 2021"
    ids = list(timeline.index)
    # a period sorts by its last day: January-July 2021 after 26 July (e22, e23), before 12 August (e24)
    assert ids.index("e23") < ids.index("e20") < ids.index("e24"), ids


def test_a_month_sorts_after_the_days_it_contains(tmp_path):
    for f in (ROOT / "course" / "data").iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    lines = (tmp_path / "timeline.csv").read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    row = dict.fromkeys(header, "")
    row.update(event_id="e99", date="2014-06-01", precision="month", category="war",
               event="Something in June 2014.", in_article="false", source="https://example.org/")
    buffer = io.StringIO()
    csv.DictWriter(buffer, header, lineterminator="\n").writerow(row)
    # written first in the file, before the events of 2003-2014
    (tmp_path / "timeline.csv").write_text("\n".join([lines[0], buffer.getvalue().strip()] + lines[1:]) + "\n",
                                           encoding="utf-8")
    ids = list(load_table("timeline", tmp_path)["event_id"])
    assert ids.index("e04") < ids.index("e99") < ids.index("e06"), ids   # 10 June 2014 < June 2014 < 8 August 2014


# ------------------------------------------------------------------ in_article only where the paragraph names it
def test_in_article_rows_cite_the_paragraph_that_names_the_event(article_text):
    paras = article_check.paragraphs(article_text)
    before = pd.Timestamp(FACTS["article_written"]["before"])
    timeline = load_table("timeline")
    problems = []
    for _, r in timeline.iterrows():
        paragraphs_cell = r["article_paragraphs"]
        cited = [] if pd.isna(paragraphs_cell) else [int(p) for p in str(paragraphs_cell).split(";") if p.strip()]
        words = r.get("article_words")
        if not r["in_article"]:
            if cited or (isinstance(words, str) and words):
                problems.append(f"{r['event_id']}: not in_article but cites {cited} {words!r}")
            continue
        if not cited:
            problems.append(f"{r['event_id']}: in_article but cites no paragraph")
        if not isinstance(words, str) or not words:
            problems.append(f"{r['event_id']}: in_article but gives no article_words naming the event")
        elif not any(article_check.found_in(words, paras[p - 1]) for p in cited if 1 <= p <= 18):
            problems.append(f"{r['event_id']}: {words!r} is not in {cited}")
        if r["date"] > before:
            problems.append(f"{r['event_id']}: in_article but dated {r['date']:%Y-%m-%d}, after the article")
    assert not problems, _report(problems, "timeline rows whose in_article the article does not bear out")


# ------------------------------------------------------------------ licensing
def test_quotations_are_marked_as_the_publisher_s_text_quoted_for_criticism():
    package = json.loads((ROOT / "course" / "data" / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in package["resources"] if r["name"] == "quotations")
    licences = res.get("licenses")
    assert licences, "the quotations resource needs its own 'licenses' entry (not the package's CC BY)"
    assert not any("CC-BY" in (lic.get("name", "") + lic.get("path", "")).upper().replace(" ", "-")
                   or "creativecommons" in lic.get("path", "") for lic in licences), licences
    text = json.dumps(res).lower()
    assert "criticism and review" in text and "mena research and study center" in text, res.get("description")


# ------------------------------------------------------------------ hints for learners, sources for teachers
def _questions():
    import yaml
    for path in sorted((ROOT / "course" / "quizzes").glob("*.yaml")):
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            yield f"course/quizzes/{path.name} question {q['id']}", q


def test_hints_point_to_paragraphs_or_lesson_sections_not_files_or_addresses():
    """The quiz view says 'Look again at <hint>' (the source when there is no hint): a learner needs P5 or a
    lesson section, not a file or an address."""
    problems = []
    for where, q in _questions():
        hint = str(q.get("hint") or q.get("source", ""))
        if re.search(r"https?://|www\.|\w+\.(csv|json|yaml|py|md|ipynb)\b", hint):
            problems.append(f"{where}: hint {hint!r}")
        elif not re.search(r"\bP\d{1,2}\b|[Ll]esson|article", hint):
            problems.append(f"{where}: hint {hint!r} names no paragraph or lesson")
    assert not problems, _report(problems, "hints that send a learner to a file or an address")


def test_hints_name_sections_the_lessons_have():
    """'Lesson 02, section 'Troop levels'' must lead to a heading of that name in lesson 02's notebook."""
    headings = {}
    for path in sorted((ROOT / "notebooks").glob("0[0-9]-*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        headings[path.name[:2]] = set(re.findall(r"^#+ (.+?)\s*$", text, re.M))
    problems = []
    for where, q in _questions():
        for lesson, section in re.findall(r"[Ll]esson (\d\d), section '(.+?)'(?=$|[;,)])", str(q.get("hint", ""))):
            if section not in headings.get(lesson, set()):
                problems.append(f"{where}: hint names section {section!r}, which lesson {lesson} does not have")
    assert not problems, _report(problems, "hints that point to a section that is not there")


def test_the_readme_counts_the_questions_the_banks_hold():
    from lessons.core.kinds import names
    from lessons.core.quizbank import load_all
    questions = [q for bank in load_all() for q in bank.questions]
    kinds = {q.kind for q in questions}
    words = {8: "eight", 7: "seven", 6: "six", 9: "nine"}
    said = re.search(r"\((\d+) questions, (\w+) kinds\)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert said, "README.md's layout table should say '(N questions, K kinds)' for course/quizzes/"
    assert (int(said.group(1)), said.group(2)) == (len(questions), words.get(len(kinds), str(len(kinds)))), \
        f"README.md says {said.group(0)}; the banks hold {len(questions)} questions of {len(kinds)} kinds"
    assert kinds <= set(names())


def _known_addresses() -> set[str]:
    """Addresses a source may cite: facts.md's, the data tables' source columns and the article's own."""
    import yaml
    facts = (ROOT.parent / "shared" / "context" / "facts.md")
    found = set(re.findall(r"https?://[^\s|;)]+", facts.read_text(encoding="utf-8"))) if facts.is_file() else set()
    for path in sorted((ROOT / "course" / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            found |= {row["source"] for row in csv.DictReader(handle) if row.get("source")}
    found.add(yaml.safe_load((ROOT / "course" / "course.yaml").read_text(encoding="utf-8"))["article"]["url"])
    return found


def _row_ids() -> set[str]:
    ids = set()
    for name, column in (("claims", "claim_id"), ("timeline", "event_id"), ("forecasts", "forecast_id"),
                         ("quotations", "quote_id")):
        with (ROOT / "course" / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            ids |= {row[column] for row in csv.DictReader(handle)}
    return ids


# Items that test the notebook and pandas skills (objective 8) are decided by the lesson itself; so are these
# three, about the course's own conventions: its paragraph numbering, a personal aim, what 'unclear' means.
COURSE_DECIDED = {"s00-paragraph-code", "s00-why-here", "w06-too-early"}
ADDRESS = re.compile(r"https?://[^\s;,]+[^\s;,.)]")


def test_every_item_records_the_paragraph_or_address_that_decides_it():
    """A teacher or fact-checker traces each item from its 'source': paragraphs P1-P18 and/or an address from
    facts.md or a data table's source column; rows it names (c07, e26, f08, q13) exist."""
    known, rows = _known_addresses(), _row_ids()
    problems = []
    for where, q in _questions():
        source = str(q.get("source", ""))
        paragraphs = [int(n) for n in re.findall(r"\bP(\d{1,2})\b", source)]
        addresses = ADDRESS.findall(source)
        problems += [f"{where}: P{n} is not a body paragraph (P1-P18)" for n in paragraphs if not 1 <= n <= 18]
        problems += [f"{where}: {a} is in neither facts.md nor a table's source column" for a in addresses
                     if a not in known]
        problems += [f"{where}: no row {r} in the tables" for r in re.findall(r"\b[cefq]\d{2}\b", source)
                     if r not in rows]
        if source.startswith("Course:"):
            if q["objective"] != 8 and q["id"] not in COURSE_DECIDED:
                problems.append(f"{where}: 'Course:' source for an item about the article or its context")
        elif not paragraphs and not addresses:
            problems.append(f"{where}: source {source!r} names no paragraph and no source address")
    assert not problems, _report(problems, "quiz sources a teacher cannot trace")


def test_the_combat_role_end_date_is_course_yaml_s():
    end = FACTS["combat_role_ends"]
    problems = [f"{s.where}: {first} in {s.text!r} (course.yaml: combat role ends {end})"
                for s in sentences() if re.search(r"\bcombat (role|mission|forces)\b", s.text, re.I)
                for first, last in _dates_in(s.text)
                if first == last and first.year == end.year and first.month == end.month and first != end
                and not re.search(r"\b(announce|ended|ends\b)", s.text)]
    assert not problems, _report(problems, "sentences that date the end of the combat role otherwise")
