"""Datasets: verbatim quotations, paragraph numbers and word counts checked against the article; keys resolve."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT
from lessons.core.data import TABLES, DataError, check_foreign_keys, load_table, read_rows

HEADINGS = {"Clarifications and Constant Cooperation", "Russian scenario in Iraq",
            "Political war and siege in the corner", "Other files and mounting pressure"}
# Who speaks in each paragraph, from ../shared/source/README.md
SPEAKER_BY_PARAGRAPH = {1: "author", 2: "iraqi-government", 3: "biden", 4: "author", 5: "biden",
                        **{p: "pachachi" for p in range(6, 10)}, **{p: "allawi" for p in range(10, 17)},
                        17: "dulaimi", 18: "dulaimi"}
SURNAME = {"biden": "Biden", "pachachi": "Pachachi", "allawi": "Allawi", "dulaimi": "Al-Dulaimi"}


def paragraphs_of(text: str) -> list[str]:
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    body = [b for b in blocks[1:-1] if b not in HEADINGS]
    assert len(body) == 18
    return body


def test_every_table_loads_typed():
    for name in TABLES:
        assert len(load_table(name)) > 0
    timeline = load_table("timeline")
    assert pd.api.types.is_datetime64_any_dtype(timeline["date"])
    assert load_table("forecasts")["verdict"].cat.ordered
    assert list(load_table("claims")["support"].cat.categories) == ["no", "partly", "yes"]


def test_sizes_meet_the_brief():
    assert len(load_table("quotations")) >= 10 and len(load_table("claims")) >= 30
    assert len(load_table("glossary")) >= 15 and len(load_table("timeline")) >= 25
    claims = load_table("claims")
    assert set(claims["kind"]) == {"fact", "opinion", "prediction", "recommendation"}


def test_keys_between_tables_resolve():
    assert check_foreign_keys() == []


def test_context_rows_have_sources_and_dates_parse():
    for name in ("timeline", "troops"):
        df = load_table(name)
        assert df["source"].str.match(r"https?://").all(), name
    forecasts = load_table("forecasts")
    judged = forecasts[forecasts["verdict"] != "unclear"]
    assert judged["source"].str.match(r"https?://").all()   # only 'unclear' may have no source
    assert load_table("timeline")["date"].between("2003-01-01", "2024-12-31").all()
    assert load_table("troops")["approximate"].all()


def test_quotations_are_verbatim_short_and_attributed(article_text):
    paras = paragraphs_of(article_text)
    quotes = load_table("quotations")
    total = 0
    for _, row in quotes.iterrows():
        where = f"quotation {row['quote_id']}"
        assert 1 <= row["paragraph"] <= 18, where
        assert row["text"] in paras[row["paragraph"] - 1], f"{where} is not verbatim in P{row['paragraph']}"
        assert len(row["text"].split()) == row["words"] <= 40, where
        assert row["speaker_id"] == SPEAKER_BY_PARAGRAPH[row["paragraph"]], where
        if row["speaker_id"] in SURNAME and row["paragraph"] not in (9, 13):
            assert SURNAME[row["speaker_id"]] in paras[row["paragraph"] - 1], where
        if row["form"] == "direct":
            assert "“" in paras[row["paragraph"] - 1], f"{where}: P{row['paragraph']} holds no quotation marks"
        total += row["words"]
    assert total <= 0.30 * len(article_text.split())


def test_paragraph_word_counts_and_speakers_match_the_article(article_text):
    paras = paragraphs_of(article_text)
    table = load_table("paragraphs")
    assert list(table["paragraph"]) == list(range(1, 19))
    for _, row in table.iterrows():
        assert row["words"] == len(paras[row["paragraph"] - 1].split()), f"P{row['paragraph']}"
        assert row["speaker_id"] == SPEAKER_BY_PARAGRAPH[row["paragraph"]], f"P{row['paragraph']}"
        assert row["quoted"] == ("“" in paras[row["paragraph"] - 1]), f"P{row['paragraph']}"


def test_actor_spellings_appear_in_the_article(article_text):
    for _, row in load_table("actors").iterrows():
        if row["actor_id"] == "author":
            continue
        for spelling in row["spellings"].split("; "):
            assert spelling.lower() in article_text.lower(), (row["actor_id"], spelling)
    assert "Al-Kazemi" in article_text  # the article's other spelling, kept in the table


def test_glossary_terms_are_the_article_s(article_text):
    for term in load_table("glossary")["term"]:
        assert term.lower() in article_text.lower(), term


def test_bad_file_names_table_row_and_field(tmp_path):
    src = ROOT / "course" / "data"
    for f in src.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    lines = (tmp_path / "timeline.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("2011-12-18", "2011-13-45")
    (tmp_path / "timeline.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"timeline.csv row 3 \(line 4\), field 'date': '2011-13-45' is not a valid date"):
        read_rows("timeline", tmp_path)
