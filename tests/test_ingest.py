from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from crossroads.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    FormatError,
    IngestError,
    OversizedInputError,
)
from crossroads.ingest import read_path
from crossroads.ingest.read import content_hash

LIMIT = 1_000_000
HTML = """<html><head><title>Summit in Astana</title>
<meta property="og:url" content="https://example.org/astana-summit">
<meta property="og:site_name" content="Example Wire">
<meta name="date" content="2023-10-14"></head>
<body><article><h1>Summit in Astana</h1>
<p>The leaders of Kazakhstan and Uzbekistan met in Astana on Friday to discuss transport links
and energy cooperation across the region, officials said after the talks ended.</p>
<p>They agreed to expand rail freight and to meet again next year in Tashkent, according to a
statement released by the presidential press service on Saturday.</p></article></body></html>"""


def _one(path, **kw):
    items = list(read_path(path, max_bytes=LIMIT, **kw))
    assert len(items) == 1
    return items[0]


def test_txt_keeps_text_and_unknown_date(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("  Kazakhstan and China signed a deal.\r\n\r\nMore text.  ", encoding="utf-8")
    art = _one(f)
    assert art.text == "Kazakhstan and China signed a deal.\n\nMore text."
    assert art.published is None  # never silently today
    assert art.url is None and art.id.startswith("a")


def test_published_option_sets_date(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Some article text about Uzbekistan.", encoding="utf-8")
    assert _one(f, published=dt.date(2023, 5, 1)).published == dt.date(2023, 5, 1)


def test_markdown_title(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("# Xi visits Astana\n\nChina's leader arrived on Tuesday.", encoding="utf-8")
    assert _one(f).title == "Xi visits Astana"


def test_html_metadata(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(HTML, encoding="utf-8")
    art = _one(f)
    assert "Kazakhstan and Uzbekistan met in Astana" in art.text
    assert art.title == "Summit in Astana"
    assert art.url == "https://example.org/astana-summit"
    assert art.published == dt.date(2023, 10, 14)


def test_json_and_text_file(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "x.txt").write_text("Russia and Kazakhstan held talks.", encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    f = gold / "x.json"
    f.write_text(
        json.dumps(
            {
                "id": "x1",
                "url": "https://e.org/x",
                "source": "E",
                "title": "T",
                "published": "2023-02-01",
                "text_file": "texts/x.txt",
                "events": [{"ignored": True}],
            }
        ),
        encoding="utf-8",
    )
    art = _one(f)
    assert (art.external_id, art.url, art.published) == ("x1", "https://e.org/x", dt.date(2023, 2, 1))
    assert art.text == "Russia and Kazakhstan held talks."


def test_jsonl_lines_and_bad_line(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(
        json.dumps({"text": "One about Tajikistan."})
        + "\n{not json\n"
        + json.dumps({"text": "Two about Turkmenistan."})
        + "\n",
        encoding="utf-8",
    )
    items = list(read_path(f, max_bytes=LIMIT))
    assert [type(i).__name__ for i in items] == ["Article", "FormatError", "Article"]
    assert items[1].source.endswith("a.jsonl:2")


def test_jsonl_line_separator_inside_text_stays_in_its_line(tmp_path):
    f = tmp_path / "a.jsonl"
    line = json.dumps({"text": "Astana\u2028Tashkent, Dushanbe\x85Bishkek."}, ensure_ascii=False)
    f.write_text(line + "\n" + json.dumps({"text": "Two."}) + "\n", encoding="utf-8")
    items = list(read_path(f, max_bytes=LIMIT))
    assert [type(i).__name__ for i in items] == ["Article", "Article"]
    assert items[1].origin.endswith("a.jsonl:2")


def test_stdin_sniffs_json():
    data = json.dumps({"text": "Kyrgyzstan and China opened a border crossing.", "url": "u:1"})
    art = list(read_path("-", max_bytes=LIMIT, stdin=io.BytesIO(data.encode())))[0]
    assert art.url == "u:1"


def test_same_text_same_identity(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Kazakhstan  and China\nsigned.", encoding="utf-8")
    b.write_text("kazakhstan and china signed.", encoding="utf-8")
    assert _one(a).id == _one(b).id
    assert content_hash("A  b") == content_hash("a b")


@pytest.mark.parametrize(
    ("name", "data", "error", "cause"),
    [
        ("empty.txt", b"", EmptyInputError, "empty"),
        ("blank.txt", b"   \n\t ", EmptyInputError, "empty"),
        ("binary.txt", bytes(range(256)) * 4, BinaryInputError, "binary"),
        ("bad.txt", "Kazakhstan caf\u00e9".encode("latin-1"), DecodeError, "UTF-8"),
        ("corrupt.html", b"<html><body><div></div></body>\x1b[0m</html>", FormatError, "HTML"),
        ("notjson.json", b'{"text": ', FormatError, "invalid JSON"),
        ("list.json", b"[1, 2]", FormatError, "JSON object"),
        ("date.json", b'{"text": "Uzbekistan", "published": "yesterday"}', FormatError, "YYYY-MM-DD"),
        ("x.pdf", b"%PDF-1.4", FormatError, "unsupported"),
    ],
)
def test_bad_inputs_named_with_cause(tmp_path, name, data, error, cause):
    f = tmp_path / name
    f.write_bytes(data)
    item = _one(f)
    assert isinstance(item, error)
    assert str(f) in str(item) and cause in str(item)


def test_oversized(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("Kazakhstan " * 200, encoding="utf-8")
    item = list(read_path(f, max_bytes=100))[0]
    assert isinstance(item, OversizedInputError) and "limit 100" in str(item)


def test_missing_path(tmp_path):
    item = list(read_path(tmp_path / "nope.txt", max_bytes=LIMIT))[0]
    assert isinstance(item, IngestError) and "no such file" in str(item)
