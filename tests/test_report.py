"""The static HTML report: what the index and a document page show for the seed."""

from __future__ import annotations

import re
import shutil
from collections import namedtuple
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.surfaces.report import _errors, _render_block, _top_orgs, write_report

SEED = Path(__file__).resolve().parents[1] / "raw" / "aist_tohoku_newsletter_2005_01.txt"
DOC_ID = SEED.stem


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    """Run the pipeline on the seed once and render its report."""
    root = tmp_path_factory.mktemp("report")
    raw, out = root / "raw", root / "out"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    summary = pipeline.run(raw, out, workers=1)
    assert summary.failed == 0
    index = write_report(out, raw=raw)
    pages = sorted((index.parent / "doc").glob("*.html"))
    return {
        "out": out,
        "raw": raw,
        "index": index,
        "html": index.read_text("utf-8"),
        "pages": pages,
        "doc": pages[0].read_text("utf-8"),
    }


def section(page: str, anchor: str) -> str:
    """The HTML from the <h2 id=anchor> to the next <h2>."""
    return page.split(f'<h2 id="{anchor}">', 1)[1].split("<h2", 1)[0]


def rows(html_table: str) -> list[str]:
    return re.findall(r"<tr>.*?</tr>", html_table, flags=re.S)


# ------------------------------------------------------------------------------- index


def test_index_lists_the_document_with_a_link_to_its_page(report):
    docs = section(report["html"], "documents")
    assert DOC_ID in docs and "東北経済産業局紹介" in docs
    assert len(report["pages"]) == 1
    assert f'href="doc/{report["pages"][0].name}"' in docs


@pytest.mark.parametrize("label", ["ORG", "PERSON", "DATE", "ADDRESS", "LOCATION", "PHONE", "EMAIL", "URL"])
def test_index_counts_mentions_of_every_label(report, label):
    ents = pipeline.read_table("entities", report["out"])
    expected = int((ents["label"] == label).sum())
    row = next(r for r in rows(section(report["html"], "counts")) if f"</span>{label}</td>" in r)
    assert re.search(rf'</span>{label}</td><td class="num">{expected}</td>', row)


def test_contact_directory_has_the_seed_contact_in_one_row(report):
    contacts = section(report["html"], "contacts")
    row = next(r for r in rows(contacts) if "022-263-1167" in r)
    for cell in ["thk-sangaku@meti.go.jp", "022-223-2658", "仙台市青葉区本町3-3-1", "産学官連携推進室"]:
        assert cell in row


def test_timeline_is_an_inline_svg_with_a_bar_per_mentioned_year(report):
    timeline = section(report["html"], "timeline")
    assert '<svg class="timeline"' in timeline
    dates = pipeline.read_table("dates", report["out"])
    per_year = dates["start_date"].map(lambda d: d.year).value_counts()
    for year, n in per_year.items():
        assert f"<title>{year}: {n}</title>" in timeline
    # 平成17年度 (fiscal 2005) counts in 2005, the year it starts in
    assert per_year[2005] >= 3


def test_empty_tables_say_none_found(report):
    assert pipeline.read_table("errors", report["out"]).empty
    assert "No errors in the last run." in section(report["html"], "errors")
    if pipeline.read_table("organizations", report["out"]).empty:  # until organisations land
        assert "No organisations found" in section(report["html"], "orgs")


def test_an_empty_output_folder_still_gives_a_report(tmp_path):
    (tmp_path / "nothing").mkdir()
    html = write_report(tmp_path / "nothing").read_text("utf-8")
    assert "No documents processed yet" in html and "No dated mentions found." in html


def test_a_report_of_a_folder_that_does_not_exist_is_an_error_and_writes_nothing(tmp_path):
    with pytest.raises(FileNotFoundError, match="outptu"):
        write_report(tmp_path / "outptu")
    assert not (tmp_path / "outptu").exists()


def test_top_organisations_list_mentions_and_the_issues_they_appear_in():
    orgs = pd.DataFrame(
        {
            "org_id": ["a", "b"],
            "name": ["東北経済産業局", "中小機構<略>"],
            "aliases": [[], []],
            "parent_org_id": [None, None],
            "n_docs": [2, 1],
            "n_mentions": [3, 5],
        }
    )
    mentions = pd.DataFrame({"doc_id": ["d2", "d1", "d1", "d2"], "org_id": ["a", "a", "a", "b"]})
    html = _top_orgs(
        {"organizations": orgs, "org_mentions": mentions}, {"d1": "doc/d1.html", "d2": "doc/d2.html"}
    )
    first, second = rows(html)[1:]
    assert "中小機構&lt;略&gt;" in first and ">5<" in first  # most mentions first, escaped
    assert '<a href="doc/d1.html">d1</a>, <a href="doc/d2.html">d2</a>' in second  # sorted, once each


@pytest.mark.parametrize(
    "message, shown",
    [
        ("bad byte <0xff> & more", "bad byte &lt;0xff&gt; &amp; more"),
        ('quote " here', "quote &quot; here"),
    ],
)
def test_errors_are_listed_escaped(message, shown):
    errors = pd.DataFrame(
        {
            "source_path": ["a/b.txt"],
            "doc_id": ["a/b"],
            "stage": ["read"],
            "error": ["UnicodeDecodeError"],
            "message": [message],
            "sha256": [None],
        }
    )
    assert shown in _errors(errors) and "a/b.txt" in _errors(errors)


# ------------------------------------------------------------------------ document page


@pytest.mark.parametrize(
    "mention, label",
    [
        ("平成17年1月25日", "DATE"),
        ("http://unit.aist.go.jp/tohoku/", "URL"),
        ("thk-sangaku@meti.go.jp", "EMAIL"),
        ("022-263-1167", "PHONE"),
    ],
)
def test_document_page_highlights_entities_with_displacy(report, mention, label):
    # the seed wrote 平成 17 年1月 25 日: the removed spaces are marked inside the mention
    doc = re.sub(r'<span class="gap [^>]*>␣</span>', "", report["doc"])
    assert re.search(
        rf'<mark class="entity" style="background: #\w+" title="{label}: [^"]*">'
        rf'{re.escape(mention)}<span class="ent-label">{label}</span></mark>',
        doc,
    )


def test_document_page_shows_structure(report):
    doc = report["doc"]
    assert (
        "<h1>東北経済産業局紹介</h1>" in doc
        and "2005-01-25 <small>(month from the file name, day inferred from the text" in doc
    )
    assert re.search(r'<div class="block kind-byline"><span class="tag">byline</span>.*?千葉 康典', doc)
    assert '<div class="block kind-heading"><span class="tag">heading</span>' in doc
    # page chrome is greyed out by its block class
    assert re.search(r'<div class="block kind-boilerplate">.*?>aist<', doc)
    assert re.search(r"\.kind-boilerplate \.entities \{ color: #999", doc)
    articles = section(doc, "articles")
    assert "千葉 康典" in articles and "徳能 邦幸" in articles


def test_document_page_marks_removed_whitespace_with_its_reason(report):
    edits = pipeline.read_table("spacing_edits", report["out"])
    removed = edits[edits["action"] == "removed"]
    text = section(report["doc"], "text")
    marks = re.findall(
        r'<span class="gap removed" title="removed whitespace ⟦[^"]*⟧: ([^"]*)">␣</span>', text
    )
    assert 0 < len(marks) <= len(removed)
    assert set(marks) <= set(removed["reason"])


Block = namedtuple("Block", "text start end")
Gap = namedtuple("Gap", "start action reason whitespace")
MARK = '<span class="gap removed" title="removed whitespace ⟦␠⟧: test">␣</span>'


@pytest.mark.parametrize(
    "gap_at, expected",
    [
        (15, f'x&lt;b&gt; {MARK}<mark class="entity"'),  # at the entity's start: before it
        (19, f'平成17{MARK}年1月25日<span class="ent-label">'),  # inside: within the mark
        (25, f"</mark>{MARK} c"),  # at its end: after it
    ],
)
def test_spacing_marks_sit_at_their_working_text_position(gap_at, expected):
    block = Block("x<b> 平成17年1月25日 c", 10, 27)  # block starts at document offset 10
    spans = [(15, 25, "DATE", "2005-01-25", "平成17年1月25日")]
    markup = _render_block(block, spans, [Gap(gap_at, "removed", "test", " ")])
    assert expected in markup


# -------------------------------------------------------------------------- every page


def test_pages_reference_no_network_resources(report):
    for page in [report["html"], report["doc"]]:
        assert "<script" not in page and "<link" not in page and "@import" not in page
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
        assert "url(" not in page


def test_a_second_render_is_byte_identical(report):
    before = {p: p.read_bytes() for p in [report["index"], *report["pages"]]}
    write_report(report["out"], raw=report["raw"])
    assert {p: p.read_bytes() for p in before} == before
