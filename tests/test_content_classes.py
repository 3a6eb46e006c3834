"""The five classes of content defect the second review found (issue 26), each checked on the whole course:
a fact with no source; a paragraph cited for more than it says; a table that disagrees with the course's own
tables; a date more precise than its source; reported speech put in quotation marks as a speaker's words."""
from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml

import article_check
from conftest import ROOT, need_or_skip
from content_reading import (ADDRESS, FACTS_ENV, cited, cited_sentences, days, facts_md_path, facts_md_rows,
                             key_places, numbers, period, reported_form)
from course_text import _question_texts, course_facts
from lessons import load_table
from lessons.core.data import period_end, read_rows
from lessons.notebook import plots


def _report(problems: list[str], what: str) -> str:
    return f"{len(problems)} {what}:\n" + "\n".join(problems)


def _addresses(text: str) -> list[str]:
    return ADDRESS.findall(str(text))


@pytest.fixture(scope="module")
def facts_md() -> list:
    path = facts_md_path()
    need_or_skip(path is not None, f"../shared/context/facts.md is absent (set {FACTS_ENV} or put ../shared beside "
                                   "the repository)")
    return facts_md_rows(path.read_text(encoding="utf-8"))


def _facts_table() -> pd.DataFrame:
    assert "facts" in __import__("lessons.core.data", fromlist=["x"]).table_names(), \
        "course/data has no facts table: every outside fact the course states needs a row (claim, date, source)"
    return load_table("facts")


# ================================================================== 1. a fact with no source
def test_the_facts_table_is_facts_md_s_rows_in_the_course_s_words(facts_md):
    """Each row names a facts.md address, gives that row's date as facts.md writes it, and no number that row
    does not hold (so no fact slips in under a checked address)."""
    facts = _facts_table()
    problems = []
    for _, row in facts.iterrows():
        matches = [f for f in facts_md if set(_addresses(row["source"])) & set(f.sources)]
        if not matches:
            problems.append(f"{row['fact_id']}: {row['source']} is no source in facts.md")
            continue
        same_date = [f for f in matches if f.date == row["date"]]
        if not same_date:
            problems.append(f"{row['fact_id']}: dated {row['date']}, but facts.md dates that source "
                            f"{', '.join(f.date for f in matches)}")
            continue
        extra = numbers(row["fact"]) - set().union(*(numbers(f.fact) for f in same_date))
        if extra:
            problems.append(f"{row['fact_id']}: {sorted(extra)} in {row['fact']!r} are not in facts.md's row")
    assert not problems, _report(problems, "facts rows that facts.md does not bear out")


def test_every_source_address_the_course_cites_is_a_facts_row():
    facts = _facts_table()
    known = {a for s in facts["source"] for a in _addresses(s)}
    known.add(yaml.safe_load((ROOT / "course" / "course.yaml").read_text(encoding="utf-8"))["article"]["url"])
    problems = []
    for name in ("timeline", "troops", "forecasts"):
        for _, row in load_table(name).iterrows():
            problems += [f"{name}.csv {row.iloc[0]}: {a}" for a in _addresses(row.get("source") or "") if a not in known]
    for s in cited_sentences():
        if s.where.startswith(("notebooks/", "course/quizzes/")):
            problems += [f"{s.where}: {a}" for a in _addresses(s.text) if a not in known]
    for path in sorted((ROOT / "course" / "quizzes").glob("*.yaml")):
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            problems += [f"{path.name} {q['id']} source: {a}" for a in _addresses(q.get("source", "")) if a not in known]
    assert not problems, _report(sorted(set(problems)), "addresses cited that no facts row holds")


ARTICLE_URL = yaml.safe_load((ROOT / "course" / "course.yaml").read_text(encoding="utf-8"))["article"]["url"]
ROW_ID = re.compile(r"\b(?:facts |timeline |forecasts? )?([xef]\d{2})\b|\btroops (\d{4}-\d{2}-\d{2})\b")


def test_a_question_s_outside_source_is_a_row_of_the_course_s_tables():
    """A quiz 'source' cites an address only with the id of the row that holds it ('facts x03: https://...',
    'timeline e28: https://...'), so a reviewer finds the checked fact the key rests on."""
    tables = {"x": _facts_table().set_index("fact_id")["source"],
              "e": load_table("timeline").set_index("event_id")["source"],
              "f": load_table("forecasts").set_index("forecast_id")["source"]}
    troops = {f"{d:%Y-%m-%d}": s for d, s in zip(load_table("troops")["date"], load_table("troops")["source"])}
    problems = []
    for path in sorted((ROOT / "course" / "quizzes").glob("*.yaml")):
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            for part in re.split(r";\s*(?=\S)", str(q.get("source", ""))):
                for address in _addresses(part):
                    if address == ARTICLE_URL:
                        continue
                    lead = part.split(address)[0]
                    rows = ROW_ID.findall(lead)
                    holders = [str(tables[rid[0]].get(rid, "")) if rid else str(troops.get(day, "")) for rid, day in rows]
                    if not rows:
                        problems.append(f"{path.name} {q['id']}: {address} with no row id before it")
                    elif not any(address in h for h in holders):
                        problems.append(f"{path.name} {q['id']}: {address} is not the source of {lead.strip()!r}")
    assert not problems, _report(problems, "quiz sources whose address no named row holds")


SOURCE_DOCUMENT = re.compile(r"\b(joint statement|statement|transcripts?|the agreement|report)\b", re.I)
SAYS_NOTHING = re.compile(r"\b(?:names|gives|sets|lists|mentions|fixes|states|records)\s+no\s+([a-z-]+(?: [a-z-]+)?)"
                          r"|\bdoes not (?:name|give|set|fix|mention|state)\s+(?:a|any|the)\s+([a-z-]+(?: [a-z-]+)?)",
                          re.I)


def test_what_a_key_says_a_source_leaves_out_is_in_the_facts_table():
    """'The joint statement names no troop number' is a fact about a source: in a key point, an objective or
    a question's key it needs a facts row that says it (the article's own silences are checked against P1-P18)."""
    facts_text = " ".join(_facts_table()["fact"]).lower()
    problems = []
    for s in key_places():
        if not SOURCE_DOCUMENT.search(s.text):
            continue
        for a, b in SAYS_NOTHING.findall(s.text):
            missing = (a or b).lower()
            if f"no {missing}" not in facts_text and f"not {missing}" not in facts_text:
                problems.append(f"{s.where}: {s.text!r} (no facts row says there is no {missing})")
    assert not problems, _report(problems, "key facts about what a source leaves out, traced nowhere")


def test_numbers_in_key_places_are_the_article_s_or_a_sourced_row_s(article_text):
    """Every number in a key point, an objective or a question's key stands in the article or in a row of
    the facts, timeline, troops or forecasts tables (counts the course makes from its own tables aside)."""
    held = numbers(article_text)
    for name, fields in (("facts", ["fact"]), ("timeline", ["event"]), ("troops", ["troops", "note"]),
                         ("forecasts", ["what_happened"])):
        for _, row in load_table(name).iterrows():
            held |= numbers(" ".join(str(row[f]) for f in fields))
    problems = [f"{s.where}: {n} in {s.text!r}" for s in key_places() if not re.search(r"\btable|value_counts|"
                r"claims?\b|forecasts?\b|words?\b|points?\b|rows?\b|paragraphs\b", s.text)
                for n in numbers(s.text) - held if n >= 10]
    assert not problems, _report(problems, "numbers in key places with no source")


def test_days_in_key_places_are_a_sourced_row_s():
    """Every day named in full in a key place ('26 July 2021') is the date of a facts, timeline or troops row,
    a day a fact names, or one of course.yaml's dated facts."""
    known = {d.date() for name in ("timeline", "troops") for d in load_table(name)["date"]}
    for _, f in _facts_table().iterrows():
        first, last, precision = period(f["date"])
        known |= {first, last} | days(f["fact"])
    facts = course_facts()
    known |= {facts["article_written"]["after"], facts["article_written"]["before"], facts["combat_role_ends"],
              facts["election_2021"]["date"]}
    problems = [f"{s.where}: {d:%d %B %Y} in {s.text!r}" for s in key_places() for d in days(s.text) - known]
    assert not problems, _report(problems, "days in key places that no sourced row gives")



def _days_of_rows() -> dict[str, set]:
    """Each row id ('x02', 'e22', 'f01', troops '2021-07-01') with the days it gives: its date (both ends of
    a period) and the days its text names."""
    out: dict[str, set] = {}
    for _, f in _facts_table().iterrows():
        first, last, _ = period(f["date"])
        out[f["fact_id"]] = {first, last} | days(f["fact"])
    for name, key, text in (("timeline", "event_id", "event"), ("forecasts", "forecast_id", "what_happened")):
        for _, row in load_table(name).iterrows():
            ends = [row.get("date"), row.get("end")] if name == "timeline" else []
            out[row[key]] = {d.date() for d in ends if pd.notna(d)} | days(str(row[text]))
    for _, row in load_table("troops").iterrows():
        out[f"{row['date']:%Y-%m-%d}"] = {row["date"].date()}
    return out


def test_a_day_in_a_question_s_key_is_a_day_of_a_row_its_source_names():
    """'made on 26 July 2021' in a key must come from a row the question's `source` names (or course.yaml's
    dated facts, when the source names course.yaml): a reviewer checks the day where the question says."""
    rows = _days_of_rows()
    facts = course_facts()
    yaml_days = {facts["article_written"]["after"], facts["article_written"]["before"], facts["combat_role_ends"],
                 facts["election_2021"]["date"]}
    problems = []
    for path in sorted((ROOT / "course" / "quizzes").glob("*.yaml")):
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            if q.get("kind") == "text":
                continue
            source = str(q.get("source", ""))
            named = set().union(*(rows.get(rid or day, set()) for rid, day in ROW_ID.findall(source)))
            if "course.yaml" in source:
                named |= yaml_days
            texts = " ".join(text for field, text in _question_texts(q) if not field.startswith("hint"))
            problems += [f"{path.name} {q['id']}: {d:%d %B %Y} is in no row its source names ({source!r})"
                         for d in sorted(days(texts) - named)]
    assert not problems, _report(problems, "days in a key that the question's source does not give")


# ================================================================== 2. a paragraph cited for more than it says
# What a paragraph does NOT say, learnt from the review: a sentence citing the paragraph that matches
# `claims` (and not `unless`) reads more into it.
PARAGRAPH_LIMITS = [
    (1, "the meeting: P1 reports the agreement sealed; the meeting is P2 (its date, 26 July 2021, is from the "
        "transcript)", r"\bmeeting\b", r"\bP2\b"),
    (3, "what a void would be: P3 says only that the US will not leave one", r"\bvoid\b.*\b(fill|gap|vacuum|"
        r"powers?|rivals?|others?)\b|\b(fill|gap)\b.*\bvoid\b", r"^$"),
    (8, "a takeover: P8 rules out a US withdrawal opening the way to wider militia control, 'as is the case "
        "with the Taliban'", r"\b(took|take|taking|takes) (over|control)\b|\btakeover\b|the way the Taliban",
     r"\b15 August 2021\b"),
    (12, "Allawi's own forecast: the disaster warning is a conviction P12 says years of strikes created in the US",
     r"\bdisasters?\b|\bachieve results\b|\bfragile state\b", r"\bUS\b|United States|Washington|convi(nced|ction)"),
]
SPEAKERS = {"Biden": "biden", "Pachachi": "pachachi", "Allawi": "allawi", "Dulaimi": "dulaimi"}
ATTRIBUTING = r"(?:says|said|argues|warns|calls|rejects|compares|forecasts?|predicts|sees|describes|notes|adds)"


def test_no_sentence_reads_more_into_a_paragraph_than_it_says():
    problems = []
    for s in cited_sentences():
        for paragraph, limit, claims, unless in PARAGRAPH_LIMITS:
            # a table row's key stands in `where` ('glossary.csv row 6 (void)'): the term is part of what it says
            said = f"{s.where.split(' field ')[0].split('(')[-1]} {s.text}" if s.where.startswith("course/data/") else s.text
            if paragraph in s.paragraphs and re.search(claims, said, re.I) and not re.search(unless, said):
                problems.append(f"{s.where}: {s.text!r} cites P{paragraph} for {limit}")
    assert not problems, _report(problems, "sentences citing a paragraph for more than it says")


def test_a_view_attributed_to_a_voice_cites_a_paragraph_of_that_voice():
    """'Allawi warns ... (P8)' must cite one of Allawi's paragraphs (paragraphs.csv: speaker_id)."""
    speaker_of = dict(zip(load_table("paragraphs")["paragraph"], load_table("paragraphs")["speaker_id"]))
    problems = []
    for s in cited_sentences():
        own = cited(s.text)
        for name, actor in SPEAKERS.items():
            if own and re.search(rf"\b{name}\b\s+{ATTRIBUTING}\b", s.text) and \
                    not any(speaker_of.get(p) == actor for p in own):
                problems.append(f"{s.where}: {s.text!r} attributes to {name} but cites "
                                f"{', '.join(f'P{p} ({speaker_of.get(p)})' for p in sorted(own))}")
    assert not problems, _report(problems, "views attributed to a voice that the cited paragraphs do not give")


def test_no_sentence_says_the_voices_agree_more_than_allawi_does():
    """Allawi calls the agreement an attempt (P10) and is gloomy about what follows (P15-P16): saying all the
    analysts see the militias weakened, or that no one raises the militias' growing hold, reads past P16."""
    problems = []
    for s in cited_sentences():
        text = s.text
        if re.search(r"\b(both|all three|three analysts|each)\b[^.]*\bweaken", text, re.I) and \
                not re.search(r"\b(attempt|aim|aimed|way|ways|means|try|tries|routes? to)\b", text):
            problems.append(f"{s.where}: {text!r} (Allawi describes an attempt, P10; P15-P16 doubt the outcome)")
        if re.search(r"\b(no voice|none|no one|nobody)\b[^.]*\b(argues|raises|says)\b[^.]*\b(influence|grow|"
                     r"strengthen)", text, re.I) and "P16" not in text:
            problems.append(f"{s.where}: {text!r} (P16 reports concern that the militias could take complete "
                            "control of the state)")
    assert not problems, _report(problems, "sentences that make the voices agree more than the article does")


# ================================================================== 3. tables that disagree with the course's own
CONDITIONAL = re.compile(r"\bconditional\b", re.I)


def test_the_codebook_writes_one_verdict_rule():
    codebook = (ROOT / "course" / "data" / "codebook.md").read_text(encoding="utf-8")
    assert "## Verdict rule" in codebook, "codebook.md needs a '## Verdict rule' section"
    rule = codebook.split("## Verdict rule", 1)[1].split("\n## ", 1)[0]
    for word in ("held", "partly", "failed", "unclear", "condition", "yes", "no"):
        assert re.search(rf"\b{word}\b", rule), f"the verdict rule does not say when a row is {word!r}"


def test_every_forecast_follows_the_verdict_rule():
    """A forecast with a condition (`condition`) is judged only where a checked source reports the condition
    came about (`condition_met`); otherwise it is unclear. Its claim's reason calls it conditional too."""
    forecasts = read_rows("forecasts")
    assert {"condition", "condition_met"} <= set(forecasts[0]), \
        "forecasts.csv needs 'condition' and 'condition_met' columns (the verdict rule in the codebook)"
    claims = load_table("claims").set_index("claim_id")
    problems = []
    for f in forecasts:
        has_condition = bool(f["condition"])
        if has_condition and f["condition_met"] is None:
            problems.append(f"{f['forecast_id']}: a condition with no condition_met (true or false)")
        if has_condition and f["condition_met"] is not True and f["verdict"] != "unclear":
            problems.append(f"{f['forecast_id']}: {f['verdict']} although its condition ({f['condition']}) did not "
                            "come about (verdict rule: unclear)")
        if not has_condition and f["condition_met"] is not None:
            problems.append(f"{f['forecast_id']}: condition_met given without a condition")
        said_conditional = bool(CONDITIONAL.search(claims.loc[f["claim_id"], "reason"]))
        if said_conditional != has_condition:
            problems.append(f"{f['forecast_id']}: claims.csv {f['claim_id']} "
                            f"{'calls' if said_conditional else 'does not call'} it conditional, forecasts.csv "
                            f"{'gives' if has_condition else 'gives no'} condition")
        if f["verdict"] == "unclear" and re.search(r"\b(held|came true|proved right)\b", str(f["reason"])):
            problems.append(f"{f['forecast_id']}: unclear, but its reason reads as a verdict: {f['reason']!r}")
    assert not problems, _report(problems, "forecasts that break the verdict rule")


SUPPORT_REASON = {"yes": r"\bbear(s)? (it |them )?out\b|\bconfirm", "partly": r"\bthe reason given is\b",
                  "no": r"\bno (evidence|source|dates|count|figures|example|details)\b|\bnames no\b|\bwithout evidence\b"
                        r"|\bImplied, not stated\b|\bno evidence is\b"}


def test_every_claim_s_support_follows_the_codebook_s_rule():
    """yes: the article gives evidence that bears the claim out; partly: it gives a reason, no evidence; no:
    neither. The `reason` says which, in those words."""
    problems = [f"{c['claim_id']}: support {c['support']} but reason {c['reason']!r}"
                for _, c in load_table("claims").iterrows()
                if not re.search(SUPPORT_REASON[str(c["support"])], c["reason"])]
    assert not problems, _report(problems, "claims whose reason does not give their support")


# the steps of Al-Dulaimi's chain, by the words that name each in the course's sentences
CHAIN_STEPS = {"c30": r"\b(easing|eases|calm|tension)\b", "c31": r"\b(aid|pandemic)\b",
               "c32": r"\b(poverty|unemploy|jobless)\w*", "c33": r"\brecruit\w*"}
WEAKEST = re.compile(r"weakest link|least (evidence|support)|least-supported|asserted, not shown|no support", re.I)


def test_what_the_lessons_call_the_weakest_link_is_the_claims_table_s():
    claims = load_table("claims").set_index("claim_id")
    lowest = min(claims.loc[list(CHAIN_STEPS), "support"])
    weakest = {c for c in CHAIN_STEPS if claims.loc[c, "support"] == lowest}
    problems = []
    for s in cited_sentences() + key_places():
        if not WEAKEST.search(s.text) or not re.search(r"Dulaimi|chain|recruit", s.text + s.where):
            continue
        named = {c for c, words in CHAIN_STEPS.items() if re.search(words, s.text, re.I)}
        if named and not named & weakest:
            problems.append(f"{s.where}: {s.text!r} calls {sorted(named)} weakest; claims.csv codes "
                            f"{sorted(weakest)} {lowest!s} and them "
                            f"{', '.join(str(claims.loc[c, 'support']) for c in sorted(named))}")
    for path in sorted((ROOT / "course" / "quizzes").glob("*.yaml")):
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            if q["kind"] == "single" and WEAKEST.search(q["prompt"]) and re.search("Dulaimi", q["prompt"]):
                named = {c for c, words in CHAIN_STEPS.items() if re.search(words, q["answer"], re.I)}
                if not named or not named <= weakest:
                    problems.append(f"{path.name} {q['id']}: key {q['answer']!r} is not a step claims.csv codes "
                                    f"{lowest!s} ({sorted(weakest)})")
    assert not problems, _report(problems, "weakest links that the claims table does not code weakest")


SUBJECT_END = re.compile(r":|\b(is|are|was|were|meet|meets|run|runs|begins?|falls?|takes?|kills?|hit|hits|"
                         r"announces?|passes|wins|resign|approves|says|confirms)\b")


def _stem(word: str) -> str:
    """A word without one plural or verb ending ('attacks', 'attacked' -> 'attack'; 'statement' stays)."""
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def test_an_event_in_the_article_is_named_by_its_paragraph(article_text):
    """in_article is true only where the cited paragraph names what the row is about: its subject (the words
    before the colon or the verb: 'Joint statement', 'Nuclear talks between Iran and world powers')."""
    paras = article_check.paragraphs(article_text)
    stop = {"the", "a", "an", "of", "and", "in", "on", "us", "about", "to", "between", "from", "with", "iraq", "world"}
    problems = []
    for _, r in load_table("timeline").iterrows():
        if not r["in_article"]:
            continue
        subject = SUBJECT_END.split(r["event"], maxsplit=1)[0]
        words = {_stem(w) for w in article_check.words(subject) if w not in stop and not w.isdigit()}
        text = " ".join(paras[int(p) - 1] for p in str(r["article_paragraphs"]).split(";") if p.strip())
        named = {_stem(w) for w in article_check.words(text)}
        if not words & named:
            problems.append(f"{r['event_id']}: {subject.strip()!r} is not named in P{r['article_paragraphs']}")
    assert not problems, _report(problems, "timeline rows in_article whose paragraph does not name them")


# ================================================================== 4. dates at the precision of their source
def _source_period(row, facts: pd.DataFrame):
    """The facts row(s) that share the row's source, with their (first, last, precision)."""
    return [(f, *period(f["date"])) for _, f in facts.iterrows()
            if set(_addresses(row["source"])) & set(_addresses(f["source"]))]


@pytest.mark.parametrize("table", ["timeline", "troops"])
def test_a_dated_row_is_as_precise_as_its_source(table):
    """A row's date (and `end`, for a period) is the period its facts row gives, at that precision, or a day
    the fact itself names: a count for January-July is not 'July', a month is not a day."""
    facts = _facts_table()
    problems = []
    for _, r in load_table(table).iterrows():
        first = r["date"].date()
        last = period_end(r["end"] if "end" in r and pd.notna(r.get("end")) else r["date"], str(r["precision"])).date()
        matches = _source_period(r, facts)
        if not matches:
            problems.append(f"{table}.csv {r.iloc[0]}: no facts row shares its source")
            continue
        ok = any((first, last, str(r["precision"])) == (f_first, f_last, prec) for _, f_first, f_last, prec in matches)
        named = any(r["when"] in f["fact"] for f, *_ in matches)
        if not ok and not named:
            problems.append(f"{table}.csv {r.iloc[0]}: {r['when']} ({first}..{last}, {r['precision']}) but its source "
                            f"gives {', '.join(f['date'] for f, *_ in matches)}")
    assert not problems, _report(problems, "dates more or less precise than their source")


def test_a_period_prints_as_a_period_and_the_timeline_draws_it():
    timeline = load_table("timeline")
    assert "end" in timeline.columns, "timeline.csv needs an 'end' column for events that span a period"
    spans = timeline[timeline["end"].notna()]
    assert len(spans) >= 1
    fig = plots.timeline_figure()
    segments = [tuple(line.get_xdata()) for line in fig.axes[0].get_lines()]
    problems = []
    for _, r in spans.iterrows():
        first, last = r["date"], period_end(r["end"], str(r["precision"]))
        if not re.search(r"[–-]", r["when"]):
            problems.append(f"{r['event_id']}: when is {r['when']!r}, not a span")
        import matplotlib.dates as mdates
        want = (mdates.date2num(first), mdates.date2num(last))
        if not any(len(x) == 2 and tuple(mdates.date2num(pd.to_datetime(list(x)))) == want for x in segments):
            problems.append(f"{r['event_id']}: the timeline plot draws no line from {first:%Y-%m-%d} to {last:%Y-%m-%d}")
        if r["when"] not in plots.describe_timeline():
            problems.append(f"{r['event_id']}: the plot's description does not give the span {r['when']!r}")
    assert not problems, _report(problems, "periods shown as a single date")


def test_the_attack_count_is_given_with_its_period_and_its_target():
    """facts.md: about 50 attacks on US *interests* from January to late July 2021. Every sentence giving the
    count keeps both (not 'July', not 'forces')."""
    problems = []
    for s in cited_sentences():
        if re.search(r"\b(about|roughly|some|around) 50\b[^.;]*\battacks\b", s.text):
            if not re.search(r"\bJanuary\b", s.text):
                problems.append(f"{s.where}: {s.text!r} gives the count without its period (January to late July)")
            if not re.search(r"\binterests\b", s.text):
                problems.append(f"{s.where}: {s.text!r}: the count is of attacks on US interests")
    assert not problems, _report(problems, "sentences that give the attack count otherwise than its source")


# ================================================================== 5. reported speech is not a speaker's words
ARTICLE_CUE = re.compile(r"\barticle\b|\barticle['’]s\b", re.I)


def test_reported_speech_is_given_as_the_article_s_words(article_text):
    """Words the article uses to report a voice (no quotation marks in the article; quotations.csv: reported)
    may be quoted only as the article's: 'the article reports ...', never 'Pachachi says "..."'."""
    paras = article_check.paragraphs(article_text)
    speakers = dict(zip(load_table("paragraphs")["paragraph"], load_table("paragraphs")["speaker_id"]))
    reported = set(load_table("quotations").query("form == 'reported'")["text"].map(article_check.normalise))
    problems = []
    for s in cited_sentences():
        if not s.where.startswith(("notebooks/", "course/quizzes/")):
            continue
        for passage, _, outside in article_check._quotes_and_sentences(s.text):
            norm = article_check.normalise(passage).strip(" .,;:")
            where = reported_form(passage, paras, speakers)
            if where is None and not any(norm and norm in r for r in reported if len(norm.split()) >= 3):
                continue
            context = outside + " " + (s.before if s.text.lstrip().startswith(">") or not outside.strip(" >.") else "")
            if not ARTICLE_CUE.search(context):
                problems.append(f"{s.where}: \"{passage}\" is the article's report (P{where}), quoted as "
                                f"a speaker's words in {s.text!r}")
    assert not problems, _report(problems, "reported speech in quotation marks as a speaker's words")


OWN_WORDING = re.compile(r"\b(Biden|Pachachi|Allawi|(?:Al-)?Dulaimi)['’]s (?:own )?(?:words?|phrase|term)\b"
                         r"|\bas (Biden|Pachachi|Allawi|(?:Al-)?Dulaimi) puts it\b")


def test_a_word_is_called_a_voice_s_own_only_where_the_article_quotes_that_voice():
    """'Allawi's word (P13)', 'as Pachachi puts it': a word is the speaker's own only in a paragraph where the
    article quotes that speaker directly (paragraphs.csv: quoted); elsewhere it is the article's word."""
    paras = load_table("paragraphs")
    direct = {(speaker, number) for number, speaker, quoted in
              zip(paras["paragraph"], paras["speaker_id"], paras["quoted"]) if quoted}
    problems = []
    for s in cited_sentences():
        for match in OWN_WORDING.finditer(s.text):
            who = SPEAKERS[(match.group(1) or match.group(2)).removeprefix("Al-")]
            if not any((who, p) in direct for p in s.paragraphs):
                cites = ", ".join(f"P{p}" for p in sorted(s.paragraphs)) or "no paragraph"
                problems.append(f"{s.where}: {match.group(0)!r} in {s.text!r} cites {cites}, where the article "
                                f"does not quote {who} directly")
    assert not problems, _report(problems, "words called a voice's own where the article only reports the voice")
