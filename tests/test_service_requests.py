"""The hand-in service's request checks (lessons.exchange.service_requests): whatever arrives (headers,
query arguments, any body, any size), the answer is an acceptance or a refusal with a status and a
sentence, never an exception. The same requests over HTTP against the real service: tests/test_hub_service.py."""
from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.core import answers_file
from lessons.exchange.service_requests import (Accepted, Limits, Refused, check_body, check_query, declared_size,
                                               too_many)

settings.register_profile("service-bounded", max_examples=200, derandomize=True, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("service-long", max_examples=3000, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile("service-long" if os.environ.get("LESSONS_HYPOTHESIS") == "long" else "service-bounded")
LIMITS = Limits(max_bytes=2_000, max_hand_ins=3)


def answers(name: str = "Ana", quizzes: dict | None = None) -> bytes:
    doc = answers_file.empty(name, "ana", "us-iraq-2021", "1")
    doc["quizzes"] = quizzes or {}
    return answers_file.to_bytes(doc)


def is_answer(result) -> bool:
    if isinstance(result, Refused):
        return 400 <= result.status < 500 and result.message.endswith(".") and len(result.message) > 30
    return isinstance(result, Accepted)


@settings(PROFILE)
@given(st.binary(max_size=3_000), st.integers(min_value=0, max_value=10**12))
def test_any_body_and_size_get_an_answer(body, extra):
    result = check_body(body, len(body) + extra % 3, LIMITS)
    assert is_answer(result)
    if len(body) + extra % 3 > LIMITS.max_bytes:
        assert isinstance(result, Refused) and result.status == 413 and f"{LIMITS.max_bytes:,} bytes" in result.message


@settings(PROFILE)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=30))
def test_any_json_document_gets_an_answer(doc):
    body = json.dumps(doc).encode()[: LIMITS.max_bytes]
    result = check_body(body, len(body), LIMITS)
    assert isinstance(result, Refused) and result.status == 400 and "Nothing was saved." in result.message


@settings(PROFILE)
@given(st.dictionaries(st.text(max_size=30), st.text(max_size=30), max_size=6))
def test_any_headers_give_a_size_or_none(headers):
    size = declared_size(headers)
    assert size is None or (isinstance(size, int) and size >= 0)


@settings(PROFILE)
@given(st.dictionaries(st.text(max_size=20), st.lists(st.binary(max_size=10), max_size=2), max_size=5))
def test_any_query_gets_an_answer(arguments):
    result = check_query(arguments)
    assert (result is None) == (not arguments)
    assert result is None or is_answer(result)


def test_a_real_answers_file_is_accepted_with_its_display_name_and_counts():
    body = answers("Ben Okafor", {"00-start-here": {"q1": {"answer": "b", "attempts": 1},
                                                    "q2": {"answer": "", "attempts": 1}}})
    result = check_body(body, len(body), Limits())
    assert result == Accepted("Ben Okafor", {"00-start-here": 1})  # q2's empty answer is not counted


def test_naming_an_account_or_a_time_is_refused_in_words():
    refused = check_query({"account": [b"ben"]})
    assert refused.status == 400 and "cannot say whose it is or when it was made (account given)" in refused.message
    refused = check_query({"received_at": [b"2000-01-01"]})
    assert "hub account of the token" in refused.message


def test_sizes_and_counts_are_refused_with_the_limit_named():
    body = answers()
    assert isinstance(check_body(body, LIMITS.max_bytes, LIMITS), Accepted)  # exactly at the limit: kept
    refused = check_body(body[:10], 200_000_000, LIMITS)
    assert refused.status == 413 and refused.message.startswith("Your hand-in is 200,000,000 bytes; the limit is 2,000 bytes")
    refused = too_many(3, LIMITS)
    assert refused.status == 429 and "You have handed in 3 times, the limit per learner is 3" in refused.message


def test_declared_sizes():
    assert declared_size({"Content-Length": "12"}) == 12
    assert declared_size({"Content-Length": "-1"}) is None
    assert declared_size({"Content-Length": "١٢"}) is None  # Arabic-Indic digits are not a length
    assert declared_size({}) is None
