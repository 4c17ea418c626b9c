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
        ("turnover reached about half a billion dollars", 5e8, "USD", "about"),
        (
            "shipped 2.9 billion cubic metres, against 0.38 billion from Kazakhstan",
            3.8e8,
            "cubic_meters",
            None,
        ),
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


def _figures(text: str, published: dt.date, title: str | None = None) -> dict[float, object]:
    article = make_article(text, origin="t", published=published, title=title)
    return {round(f.value, 3): f for f in extract_article(article).figures}


def test_a_number_without_a_time_takes_the_period_the_article_reports_on():
    text = (
        "Kyrgyzstan's trade with Turkey rose last year, official data show.\n\n"
        "Turkey was the third partner, ahead of the previous year. Turnover with Turkey reached "
        "$1.4 billion, up from $1.1 billion, and its share of Kyrgyz trade climbed to 8.2% from 7.5%."
    )
    figures = _figures(text, dt.date(2025, 3, 2))
    assert figures[1.4e9].period == "2024" and figures[8.2].period == "2024"
    assert figures[1.1e9].period == "2023" and figures[7.5].period == "2023"  # what they are compared with
    assert figures[7.5].indicator == figures[8.2].indicator == "share_of_trade"


def test_a_time_at_the_head_of_a_sentence_frames_the_paragraph():
    text = (
        "Kazakh trade with Japan grew in 2024, to $2.5 billion.\n\n"
        "The 2023 total was smaller. Kazakh exports to Japan came to $1.2 billion."
    )
    figures = _figures(text, dt.date(2025, 2, 1))
    assert figures[2.5e9].period == "2024" and figures[1.2e9].period == "2023"


def test_a_time_just_after_a_number_is_that_numbers_own():
    text = (
        "Uzbekistan's trade in 2023: Kazakhstan stayed third with $4.4 billion, below the $4.6 billion "
        "recorded in 2022, and a 7% share."
    )
    figures = _figures(text, dt.date(2024, 2, 12), title="Uzbekistan's trade partners in 2023")
    assert figures[4.6e9].period == "2022"
    assert figures[4.4e9].period == "2023" and figures[7].period == "2023"


def test_deal_values_take_no_period_from_the_articles_year():
    text = (
        "Kazakhstan's trade with Italy grew in 2024.\n\n"
        "At the talks in Rome the two sides signed agreements worth 3 billion euros."
    )
    figures = _figures(text, dt.date(2025, 1, 20))
    assert figures[3e9].period is None


@given(st.text(max_size=300))
def test_parser_total(text):
    for q in parse_quantities(text):
        assert 0 <= q.start < q.end <= len(text)


@pytest.mark.parametrize("text", ["Trade with China: $5 billion, 2022.", "Kazakhstan, 2023: 21% of trade."])
def test_verbless_sentences_terminate(text):
    article = make_article(text, origin="t", published=dt.date(2024, 1, 1))
    assert isinstance(extract_article(article).figures, tuple)


def test_a_continued_number_keeps_the_parties_and_measure_of_the_one_before():
    text = (
        "Uzbekistan's trade partners in 2023, by the statistics agency's count.\n\n"
        "Turkey followed with 5% of turnover, down from 6.4% in 2022 and 8.1% in 2021, while "
        "South Korea accounted for 3.7%, compared with 4.7% a year earlier."
    )
    figures = _figures(text, dt.date(2024, 2, 12))
    for value in (6.4, 8.1):
        assert set(figures[value].subject) == {"TUR", "UZB"}, figures[value]
        assert figures[value].indicator == "share_of_trade"
    assert set(figures[4.7].subject) == {"KOR", "UZB"} and figures[4.7].period == "2022"


def test_amounts_in_a_trade_report_are_turnover():
    text = (
        "China's trade with Central Asia set a record in 2024, customs data show.\n\n"
        "Kazakhstan kept first place with $43.8 billion, and Kyrgyzstan followed with $22.7 billion."
    )
    figures = _figures(text, dt.date(2025, 1, 21))
    assert figures[43.8e9].indicator == figures[22.7e9].indicator == "trade_turnover"
    assert figures[43.8e9].period == "2024"


def test_month_and_year_to_date_periods():
    text = (
        "Kazakhstan's trade with China grew in 2023, customs data show.\n\n"
        "By the end of September, China accounted for 21.3% of Kazakhstan's foreign trade. "
        "In March, Turkmenistan shipped 2.9 billion cubic metres of gas to China. Russia's share was "
        "22.6% between January and November, when China was close behind at 19.6%."
    )
    figures = _figures(text, dt.date(2024, 2, 15))
    assert figures[21.3].period == "2023-01/2023-09"
    assert figures[2.9e9].period == "2023-03"
    assert figures[22.6].period == figures[19.6].period == "2023-01/2023-11"


def test_parties_of_a_figure_across_clauses_and_pronouns():
    text = (
        "Uzbekistan's trade partners in 2022.\n\n"
        "Kazakhstan's trade with Turkey came to $6.3 billion in 2022, while Turkey's share of "
        "Uzbekistan's foreign trade fell to 6.4%.\n\n"
        "Kazakhstan is the region's largest economy. Its trade with the United States came to "
        "$4.1 billion in 2023."
    )
    figures = _figures(text, dt.date(2024, 2, 12))
    assert set(figures[6.4].subject) == {"TUR", "UZB"}  # the other clause's Kazakhstan is not a party
    assert set(figures[4.1e9].subject) == {"KAZ", "USA"}  # "its": the state just named


def test_a_sentence_naming_nobody_continues_the_states_own_accounts():
    text = (
        "Uzbekistan traded with 198 countries in 2023; China was its largest counterpart, ahead of "
        "Russia.\n\n"
        "The agency put total foreign trade turnover for 2023 at $62.6 billion. Exports reached "
        "$24.4 billion while imports came to $38.1 billion."
    )
    figures = _figures(text, dt.date(2024, 2, 12))
    for value in (62.6e9, 24.4e9, 38.1e9):
        assert figures[value].subject == ("UZB",), figures[value]


def test_volume_and_balance_indicators():
    text = (
        "Turkmenistan sells gas to China.\n\n"
        "The pipeline can carry 55 billion cubic metres a year. China imported 23 million tonnes of "
        "Turkmen gas in 2022. Uzbekistan's imports from China left a deficit of $8.8 billion in 2023."
    )
    figures = _figures(text, dt.date(2024, 2, 1))
    assert figures[55e9].indicator == "other:pipeline_capacity"
    assert figures[23e6].indicator == "other:gas_volume"
    assert figures[8.8e9].indicator == "other:trade_deficit"


def test_a_number_among_several_partners_belongs_to_the_last_one_named():
    text = (
        "Uzbekistan's trade in January-October 2024 reached $54.3 billion.\n\n"
        "China led with $10.2 billion, or 18.5% of the total, followed by Russia at $9.6 billion, "
        "an 18.1% share."
    )
    figures = _figures(text, dt.date(2024, 11, 20))
    assert set(figures[18.5].subject) == {"CHN", "UZB"}
    assert set(figures[18.1].subject) == {"RUS", "UZB"}


def test_running_totals_and_times_of_another_clause():
    text = (
        "Japan and Kazakhstan held talks in 2023.\n\n"
        "Japan has invested about $7.8 billion in Kazakhstan since 1993, according to the foreign "
        "ministry, and trade between the two countries was $1.9 billion in 2022. Kazakhstan is "
        "Japan's largest trading partner."
    )
    figures = _figures(text, dt.date(2024, 8, 7))
    assert figures[7.8e9].period is None  # a running total since 1993, not 2022's
    assert figures[1.9e9].period == "2022"
    assert set(figures[1].subject) == {"JPN", "KAZ"}  # a partner rank names both sides


def test_a_second_count_of_the_same_flow_takes_the_first_ones_measure_and_period():
    # Facts: Kyrgyz-Chinese trade in 2023 by the two sides' statistics (our own wording)
    text = (
        "Chinese customs recorded $19.8 billion of trade with Kyrgyzstan in 2023, while the Kyrgyz "
        "statistics committee put the number at about $5.3 billion, with Kyrgyz exports to China of "
        "only $0.1 billion."
    )
    figures = _figures(text, dt.date(2024, 3, 1))
    second = figures[5.3e9]
    assert second.indicator == "trade_turnover" and second.period == "2023"
    assert set(second.subject) == {"CHN", "KGZ"}
    assert figures[0.1e9].indicator == "exports" and figures[0.1e9].period == "2023"


def test_respectively_pairs_each_party_with_its_number():
    text = (
        "Kazakhstan's foreign trade reached $139.8 billion in 2023, the statistics bureau in "
        "Kazakhstan said.\n\n"
        "Neighbouring Uzbekistan and Kyrgyzstan accounted for 3.3% and 1.5% of it respectively."
    )
    figures = _figures(text, dt.date(2024, 2, 15))
    assert set(figures[3.3].subject) == {"UZB", "KAZ"}
    assert set(figures[1.5].subject) == {"KGZ", "KAZ"}


def test_the_region_a_rank_holds_in_is_not_a_party():
    text = "Last year Uzbekistan was Turkey's second-largest trading partner in Central Asia."
    figures = _figures(text, dt.date(2024, 3, 1))
    assert set(figures[2].subject) == {"TUR", "UZB"}


def test_a_rank_in_the_past_is_the_periods_and_a_standing_rank_is_not():
    text = (
        "Kazakhstan's trade with its partners grew in 2023.\n\n"
        "China remained the leading partner. China is the largest buyer of Kazakh uranium."
    )
    ranks = [
        f
        for f in extract_article(make_article(text, origin="t", published=dt.date(2024, 2, 1))).figures
        if f.unit == "rank"
    ]
    assert [r.period for r in ranks] == ["2023", None], ranks


def test_a_keyword_in_a_later_clause_does_not_name_the_measure():
    text = (
        "Chinese customs data for 2023 show a lopsided trade.\n\n"
        "Tajikistan came last with $3.9 billion, although China bought only $0.1 billion of Tajik goods."
    )
    figures = _figures(text, dt.date(2024, 1, 20), title="China's trade with Central Asia in 2023")
    assert figures[3.9e9].indicator == "trade_turnover"
    assert figures[0.1e9].indicator == "imports"
