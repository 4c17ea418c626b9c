from __future__ import annotations

import json

import pytest

from crossroads.demo import corpus_path

GOOD = (
    "Kazakh President Kassym-Jomart Tokayev met Chinese President Xi Jinping in Astana on "
    "Tuesday. The two leaders signed an agreement on energy cooperation."
)


def _good_corpus(folder, n=3):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"good{i}.json").write_text(
            json.dumps(
                {
                    "id": f"g{i}",
                    "url": f"https://example.org/{i}",
                    "published": "2023-05-19",
                    "text": f"{GOOD} Article number {i}.",
                }
            ),
            encoding="utf-8",
        )


def test_bad_files_are_named_and_batch_goes_on(tmp_path, cli):
    folder = tmp_path / "in"
    _good_corpus(folder)
    (folder / "corrupt.html").write_bytes(b"<html><body><p>\x00\x01\x02\xff\xfe garbage")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.md").write_bytes(b"")
    (folder / "huge.txt").write_text("Uzbekistan " * 2000, encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Tashkent caf\u00e9 r\u00e9sum\u00e9".encode("latin-1"))
    db = tmp_path / "s.duckdb"
    result = cli("ingest", str(folder), "--max-bytes", "5000", db=db)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    for name, cause in [
        ("corrupt.html", "binary"),
        ("binary.txt", "binary"),
        ("empty.md", "empty"),
        ("huge.txt", "too large"),
        ("latin1.txt", "UTF-8"),
    ]:
        line = next((ln for ln in err.splitlines() if name in ln), None)
        assert line is not None and cause in line, (name, err)
    assert "stored 3, skipped 0 as duplicates, failed 5" in result.stdout.decode()
    summary = json.loads(cli("summary", "--format", "json", db=db).stdout)
    assert summary["articles"] == 3


def test_nearly_all_failed_exit_2(tmp_path, cli):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(10):
        (folder / f"e{i}.txt").write_bytes(b"")
    result = cli("ingest", str(folder), db=tmp_path / "s.duckdb")
    assert result.returncode == 2


def test_ingest_twice_stores_once_and_stdin(tmp_path, cli):
    folder = tmp_path / "in"
    _good_corpus(folder, 2)
    db = tmp_path / "s.duckdb"
    assert cli("ingest", str(folder), db=db).returncode == 0
    again = cli("ingest", str(folder), db=db)
    assert again.returncode == 0 and "stored 0, skipped 2" in again.stdout.decode()
    piped = cli(
        "ingest",
        "-",
        "--published",
        "2023-06-01",
        db=db,
        input=b"Uzbekistan and Russia signed a trade deal in Tashkent.",
    )
    assert piped.returncode == 0 and "stored 1" in piped.stdout.decode()


def test_an_unnamed_party_is_shown_as_such(tmp_path, cli):
    db = tmp_path / "s.duckdb"
    text = b"Militants attacked a border post in Tajikistan on 3 March 2024."
    assert cli("ingest", "-", "--published", "2024-03-04", db=db, input=text).returncode == 0
    listed = cli("events", db=db).stdout.decode()
    assert "ASSAULT  (unnamed)  TJK" in listed, listed
    assert "(unnamed) -> TJK" in cli("timeline", db=db).stdout.decode()


def test_db_from_environment(tmp_path, cli):
    folder = tmp_path / "in"
    _good_corpus(folder, 1)
    db = tmp_path / "env.duckdb"
    assert cli("ingest", str(folder), env={"CROSSROADS_DB": str(db)}).returncode == 0
    assert db.exists()


def test_seeds_ingest(tmp_path, cli, shared):
    db = tmp_path / "s.duckdb"
    result = cli("ingest", str(shared / "seeds"), db=db)
    assert result.returncode == 0, result.stderr
    assert json.loads(cli("summary", "--format", "json", db=db).stdout)["articles"] == 2


def test_extract_prints_gold_field_names(tmp_path, cli):
    f = tmp_path / "a.txt"
    f.write_text(GOOD, encoding="utf-8")
    result = cli("extract", str(f), "--published", "2023-05-19")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"id", "events", "figures", "claims"} <= set(data)
    event = data["events"][0]
    for key in (
        "type",
        "source_actors",
        "target_actors",
        "date",
        "location",
        "contexts",
        "status",
        "evidence",
        "confidence",
    ):
        assert key in event
    assert event["evidence"] in GOOD


def test_eval_prints_metrics(cli, shared):
    result = cli("eval", str(shared / "gold"))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    for row in (
        "events strict",
        "events lenient",
        "figures strict",
        "figures lenient",
        "claims",
        "date accuracy",
    ):
        assert row in out
    data = json.loads(cli("eval", str(shared / "gold"), "--json").stdout)
    assert data["documents"] == 2 and 0 <= data["events"]["strict"]["f1"] <= 1


@pytest.mark.slow
def test_demo_twice_stores_nothing_twice(tmp_path, cli):
    db = tmp_path / "demo.duckdb"
    first = cli("demo", db=db)
    assert first.returncode == 0, first.stderr
    n = len(list(corpus_path().glob("*.json")))
    assert f"stored {n}, skipped 0" in first.stdout.decode()
    before = json.loads(cli("summary", "--format", "json", db=db).stdout)
    second = cli("demo", db=db)
    assert f"stored 0, skipped {n}" in second.stdout.decode()
    after = json.loads(cli("summary", "--format", "json", db=db).stdout)
    assert before == after and after["articles"] == n
    assert after["events"] > 0 and after["figures"] > 0
    assert set(after["most_active_power"]) == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}


def test_unopenable_store_is_a_clear_error(tmp_path, cli):
    db = tmp_path / "bad.duckdb"
    db.write_text("not a database")
    result = cli("summary", db=db)
    assert result.returncode == 1 and "cannot open store" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


@pytest.mark.slow
def test_pipeline_rerun_index_and_export(tmp_path, cli):
    import pandas as pd

    ids = []
    for name in ("one", "two"):
        db = tmp_path / f"{name}.duckdb"
        assert cli("demo", db=db).returncode == 0
        events = json.loads(cli("events", "--format", "json", db=db).stdout)
        ids.append(sorted(e["id"] for e in events))
    assert ids[0] == ids[1] and len(ids[0]) > 20  # the same input gives the same canonical ids
    # the SCO's summits, each one event however many articles report it and however few of its
    # participants a report names
    sco = json.loads(cli("events", "--forum", "sco", "--format", "json", db=db).stdout)
    assert sco and all(e["forum"] == "SCO" for e in sco)
    assert len({(e["date"][:7], e["location"]) for e in sco}) == len(sco)

    index = json.loads(cli("index", "--by", "year", "--state", "KAZ", "--format", "json", db=db).stdout)
    ranked = sorted(
        (r for r in index if r["period"] == "2023" and r["rank_geo"]), key=lambda r: r["rank_geo"]
    )
    assert len(ranked) >= 2 and ranked[0]["influence_geo"] >= ranked[1]["influence_geo"]
    top = ranked[0]["power"]
    detail = json.loads(
        cli(
            "index", "--by", "year", "--state", "KAZ", "--power", top, "--period", "2023", "--explain", db=db
        ).stdout
    )
    assert detail["events"] and detail["figures"] and detail["row"]["power"] == top

    out = tmp_path / "export"
    assert cli("export", "--format", "parquet", "--out", str(out), db=db).returncode == 0
    events = pd.read_parquet(out / "events.parquet")
    assert {"event_type", "source_actor", "target_actor", "event_date", "canonical_id"} <= set(events.columns)
    assert len(pd.read_parquet(out / "canonical_events.parquet")) == len(ids[1])
