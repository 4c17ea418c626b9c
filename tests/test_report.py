from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from crossroads.demo import corpus_path
from crossroads.errors import ConfigError
from crossroads.report import build_brief, write_report
from crossroads.runner import ingest_paths

NAMES = ["demo-006.json", "demo-007.json", "demo-014.json", "demo-015.json", "demo-040.json", "demo-041.json"]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from crossroads.store import open_store

    folder = tmp_path_factory.mktemp("c")
    for name in NAMES:
        (folder / name).write_text((corpus_path() / name).read_text(encoding="utf-8"), encoding="utf-8")
    store = open_store(":memory:")
    ingest_paths(store, [folder], max_bytes=10**7)
    yield store
    store.close()


def test_every_event_and_figure_cites_listed_sources(demo_store):
    brief = build_brief(demo_store, since="2023-01", until="2023-12", state="KAZ")
    assert brief.events and brief.figures and brief.conflicts
    listed = {s["n"] for s in brief.sources}
    for item in brief.events + brief.figures + brief.conflicts:
        assert item["cites"] and set(item["cites"]) <= listed
    assert all(e["date"] >= "2023-01" and e["date"][:7] <= "2023-12" for e in brief.events)


@pytest.mark.parametrize(
    "bad",
    [
        dict(since="2024-01", until="2023-01"),
        dict(since="May", until="2023-12"),
        dict(since="2023-01", until="2023-12", state="XYZ"),
    ],
)
def test_bad_options_are_clear_errors(demo_store, bad):
    with pytest.raises(ConfigError):
        build_brief(demo_store, **bad)


def test_html_and_markdown(demo_store, tmp_path):
    html = write_report(demo_store, tmp_path / "b.html", since="2023-01", until="2023-12").read_text()
    assert "<svg" in html and "Sources" in html and "Methods" in html and not re.search(r"<script", html)
    md = write_report(demo_store, tmp_path / "b.md", since="2023-01", until="2023-12").read_text()
    assert md.startswith("# Great-power engagement in Central Asia") and "## Sources" in md and "[1]" in md
    with pytest.raises(ConfigError, match=r"\.html, \.md or \.pdf"):
        write_report(demo_store, tmp_path / "b.docx", since="2023-01", until="2023-12")


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdftoppm")),
    reason="needs Chromium and pdftoppm (apt-get install chromium poppler-utils)",
)
def test_pdf_first_page_is_not_blank(demo_store, tmp_path):
    pdf = write_report(demo_store, tmp_path / "b.pdf", since="2023-01", until="2023-12", state="KAZ")
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "40", "-gray", str(pdf), str(tmp_path / "p")], check=True
    )
    (image,) = tmp_path.glob("p*.pgm")
    data = image.read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    pixels = data[header.end() :]
    dark = sum(1 for b in pixels if b < 128)
    assert dark > 0.01 * len(pixels), "the first page is blank"
