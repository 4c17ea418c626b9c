"""Arbitrary text and bytes: nothing escapes but Crossroads' own errors."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crossroads.errors import CrossroadsError
from crossroads.extract import extract_article
from crossroads.ingest import make_article, read_bytes
from crossroads.records import Article

KINDS = [".txt", ".md", ".html", ".json", ".jsonl", "auto"]
WORDS = st.sampled_from(
    [
        "Kazakhstan",
        "China",
        "signed",
        "met",
        "$27 billion",
        "21%",
        "in May",
        "last year",
        "Tokayev",
        "said",
        "\u201c",
        "\u201d",
        "C5+1",
        "summit",
        "Astana",
        ".",
        ",",
        "\n\n",
        "two-thirds of",
        "Russia",
        "will",
        "not",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), kind=st.sampled_from(KINDS))
def test_read_bytes_never_raises(data, kind):
    for item in read_bytes(data, origin="x", kind=kind, max_bytes=2000):
        assert isinstance(item, (Article, CrossroadsError))
        if isinstance(item, CrossroadsError):
            assert str(item).startswith("x")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=1, max_size=400))
def test_extract_arbitrary_text(text):
    try:
        article = make_article(text, origin="prop", published=dt.date(2023, 6, 1))
    except CrossroadsError:
        return
    extraction = extract_article(article)
    for record in (*extraction.events, *extraction.figures, *extraction.claims):
        for span in record.evidence:
            assert article.text[span.start : span.end] == span.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(words=["said", ",", "summit"], published=None)  # a speaker phrase of punctuation only
@given(words=st.lists(WORDS, min_size=1, max_size=60), published=st.one_of(st.none(), st.dates()))
def test_extract_newsy_text(words, published):
    try:
        article = make_article(" ".join(words), origin="prop", published=published)
    except CrossroadsError:
        return
    extraction = extract_article(article)
    for event in extraction.events:
        assert event.source_actors and event.target_actors
        assert event.status in ("occurred", "planned")
