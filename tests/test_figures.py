from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crossroads.extract import extract_article
from crossroads.extract.figures import parse_quantities
from crossroads.ingest import make_article


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("it hit a record high of $27 billion in 2022", 27e9, "USD", None),
        ("22.6% higher compared to the same period", 22.6, "percent", None),
        ("more than two-thirds of its pipeline gas", 66.7, "percent", "more_than"),
        ("with nearly 20,000 companies operating", 20000, "count", "nearly"),
        ("is home to 260 million people", 260e6, "people", None),
        ("exceeded 9 billion US dollars in 2022", 9e9, "USD", "more_than"),
        ("a 12 billion euro investment package", 12e9, "EUR", None),
        ("26 billion yuan in financing", 26e9, "CNY", None),
        ("shipped 2.9 billion cubic metres of gas", 2.9e9, "cubic_meters", None),
        ("a capacity of 55 bcm a year", 55e9, "cubic_meters", None),
        ("Fifteen documents were signed", 15, "count", None),
        ("trade grew by roughly a third", 33.3, "percent", None),
        ("a drop of roughly a fifth", -20.0, "percent", None),
        ("Its GDP is $2.174T.", 2.174e12, "USD", None),
        ("valued 10 000 dollars", 10000, "USD", None),
        ("China is Kazakhstan's second-largest trading partner", 2, "rank", None),
    ],
)
def test_parse_quantities(text, value, unit, qualifier):
    found = [(q.value, q.unit, q.qualifier) for q in parse_quantities(text)]
    assert any(abs(v - value) <= abs(value) * 0.01 and u == unit and q == qualifier for v, u, q in found), (
        found
    )


@pytest.mark.parametrize("text", ["the 24th EU-China summit", "in 2022 and 2023", "on 19 May 2023"])
def test_not_figures(text):
    article = make_article(f"Kazakhstan and China met at {text}.", origin="t", published=dt.date(2024, 1, 1))
    assert extract_article(article).figures == ()


def test_bilateral_figure_takes_the_articles_state_and_the_period():
    text = (
        "Uzbekistan's foreign trade grew strongly last year, the statistics agency said.\n\n"
        "Trade with China reached $13.7 billion in 2023, up from $9.06 billion in 2022."
    )
    article = make_article(text, origin="t", published=dt.date(2024, 2, 14))
    figures = {f.value: f for f in extract_article(article).figures}
    assert set(figures[13.7e9].subject) == {"CHN", "UZB"} and figures[13.7e9].period == "2023"
    assert figures[9.06e9].period == "2022"
    assert figures[13.7e9].indicator == "trade_turnover"


@given(st.text(max_size=300))
def test_parser_total(text):
    for q in parse_quantities(text):
        assert 0 <= q.start < q.end <= len(text)


@pytest.mark.parametrize("text", ["Trade with China: $5 billion, 2022.", "Kazakhstan, 2023: 21% of trade."])
def test_verbless_sentences_terminate(text):
    article = make_article(text, origin="t", published=dt.date(2024, 1, 1))
    assert isinstance(extract_article(article).figures, tuple)
