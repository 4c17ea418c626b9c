"""The index formulas on a small case computed by hand."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from crossroads.analysis.fusion import fuse
from crossroads.analysis.index import compute_index, explain, period_of
from crossroads.analysis.reference import load_reference_csv
from crossroads.ingest import make_article
from crossroads.records import Event, Extraction, Span


def _event(store, url, type_, source, target, date, trigger):
    text = f"{source} {trigger} {target} ({url})."
    art = make_article(text, origin=url, url=url, published=dt.date(2023, 12, 1))
    event = Event(
        type=type_,
        source_actors=(source,),
        target_actors=(target,),
        date=date,
        trigger=trigger,
        evidence=(Span(art.id, 0, len(text), text, text),),
    )
    store.save_extraction(Extraction(article=art, extractor_version="t", events=(event,)))


@pytest.fixture
def small(store, tmp_path):
    _event(store, "u:1", "CONSULT", "JPN", "TKM", "2023-05-19", "summit")  # 3 x 3 = 9
    _event(store, "u:2", "ACCUSE", "JPN", "TKM", "2023-07-01", "accused")  # -3 x 1 = -3
    _event(store, "u:3", "AGREE", "KOR", "TKM", "2023-06-01", "signed")  # 4 x 1 = 4
    _event(store, "u:4", "AGREE", "KOR", "TKM", "2024-02-01", "signed")  # next year
    fuse(store)
    csv = tmp_path / "ref.csv"
    csv.write_text(
        "reporter,partner,indicator,period,value,unit,statistics_of,source_url\n"
        "TKM,JPN,trade_turnover,2023,30000000000,USD,TKM,https://example.org/a\n"
        "TKM,KOR,trade_turnover,2023,20000000000,USD,TKM,https://example.org/b\n"
        "TKM,JPN,share_of_trade,2023,20,percent,TKM,https://example.org/c\n"
        "TKM,KOR,share_of_trade,2023,15,percent,TKM,https://example.org/d\n"
        "TKM,KOR,share_of_trade,2024,25,percent,TKM,https://example.org/e\n",
        encoding="utf-8",
    )
    load_reference_csv(store, csv)
    return store


def test_hand_computed_year(small):
    frame = compute_index(small, by="year", state="TKM")
    rows = {r.power: r for r in frame[frame.period == "2023"].itertuples()}
    jpn, kor = rows["JPN"], rows["KOR"]
    assert (jpn.engagement, kor.engagement) == (6.0, 4.0)
    # bandwidth: half engagement (6/6, 4/6), half trade (30/30, 20/30)
    assert jpn.bandwidth == pytest.approx(1.0)
    assert kor.bandwidth == pytest.approx(0.5 * 4 / 6 + 0.5 * 20 / 30, abs=1e-4)
    assert jpn.influence_geo == pytest.approx(math.sqrt(1.0 * 0.20), abs=1e-4)
    assert kor.influence_geo == pytest.approx(math.sqrt(2 / 3 * 0.15), abs=1e-4)
    assert kor.influence_prod == pytest.approx(2 / 3 * 0.15, abs=1e-4)
    assert (jpn.rank_geo, kor.rank_geo) == (1, 2)
    assert jpn.hhi == pytest.approx(0.20**2 + 0.15**2, abs=1e-4)
    assert jpn.trade_source == "reference (TKM statistics)"


def test_power_shift_and_decomposition(small):
    frame = compute_index(small, by="year", state="TKM", power="KOR")
    later = frame[frame.period == "2024"].iloc[0]
    assert later.delta_engagement == pytest.approx(0.0)  # 4 in 2023, 4 in 2024
    assert later.delta_influence == pytest.approx(later.influence_geo - math.sqrt(2 / 3 * 0.15), abs=1e-3)
    detail = explain(small, frame, period="2023", state="TKM", power="KOR")
    assert [e["type"] for e in detail["events"]] == ["AGREE"]
    assert {f["source_url"] for f in detail["figures"]} == {"https://example.org/b", "https://example.org/d"}


def test_quarters_count_only_precise_dates(small):
    frame = compute_index(small, by="quarter", state="TKM", power="JPN")
    by_period = dict(zip(frame.period, frame.engagement, strict=True))
    assert by_period["2023-Q2"] == 9.0 and by_period["2023-Q3"] == -3.0


@pytest.mark.parametrize(
    ("date", "by", "period"),
    [
        ("2023-05-19", "quarter", "2023-Q2"),
        ("2023-05", "month", "2023-05"),
        ("2023", "quarter", None),
        ("2023-11-01", "year", "2023"),
        (None, "year", None),
    ],
)
def test_period_of(date, by, period):
    assert period_of(date, by) == period


def test_share_sets_turnover_against_total_trade_only_in_the_same_statistics(store, tmp_path):
    _event(store, "u:5", "AGREE", "CHN", "KGZ", "2023-06-01", "signed")
    _event(store, "u:6", "AGREE", "RUS", "KGZ", "2023-06-02", "signed")
    fuse(store)
    csv = tmp_path / "ref.csv"
    csv.write_text(
        "reporter,partner,indicator,period,value,unit,statistics_of,source_url\n"
        "KGZ,WLD,trade_turnover,2023,15000000000,USD,KGZ,https://example.org/t\n"
        # China's customs count more than Kyrgyzstan's whole trade: mirror statistics
        "CHN,KGZ,trade_turnover,2023,19800000000,USD,CHN,https://example.org/c\n"
        "KGZ,RUS,trade_turnover,2023,3000000000,USD,KGZ,https://example.org/r\n",
        encoding="utf-8",
    )
    load_reference_csv(store, csv)
    frame = compute_index(store, by="year", state="KGZ")
    rows = {r.power: r for r in frame[frame.period == "2023"].itertuples()}
    assert rows["CHN"].trade_usd == 19_800_000_000  # still the best turnover known ...
    assert rows["CHN"].dependence is None or math.isnan(rows["CHN"].dependence)  # ... but no share from it
    assert rows["RUS"].dependence == pytest.approx(0.2)
    assert all(r.dependence != r.dependence or 0 <= r.dependence <= 1 for r in rows.values())
