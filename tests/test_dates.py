"""Spec for pipeline.entities.dates: Japanese eras, fiscal years, relative dates as inclusive intervals."""

import datetime as dt
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.document.spans import DATE
from pipeline.entities.dates import date_from_filename, find_dates, infer_doc_date
from pipeline.tables.schema import TABLES

D = dt.date.fromisoformat
FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


def _seed_expected() -> list[tuple[str, str, str]]:
    """The seed page's 13 date expressions, in order, with the interval each denotes once
    relative ones are resolved against the inferred document date (evaluation/dates.py reads
    the same file). Nothing else on the page is a date."""
    lines = (FIXTURES / "seed_dates.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]


# (text, value, granularity, start, end, valid): the expression must be the whole text
ABSOLUTE = [
    # eras, 元年, clipping to the era's first/last day
    ("平成8年", "1996", "year", "1996-01-01", "1996-12-31", True),
    ("令和元年6月", "2019-06", "month", "2019-06-01", "2019-06-30", True),
    ("平成元年1月", "1989-01", "month", "1989-01-08", "1989-01-31", True),
    ("昭和64年1月", "1989-01", "month", "1989-01-01", "1989-01-07", True),
    ("大正15年12月", "1926-12", "month", "1926-12-01", "1926-12-25", True),
    ("昭和元年12月", "1926-12", "month", "1926-12-25", "1926-12-31", True),
    ("平成31年4月", "2019-04", "month", "2019-04-01", "2019-04-30", True),
    ("令和元年", "2019", "year", "2019-05-01", "2019-12-31", True),
    ("明治40年10月3日", "1907-10-03", "day", "1907-10-03", "1907-10-03", True),
    # era years that do not exist are kept, flagged, with their arithmetic interval
    ("平成35年度", "FY2023", "fiscal_year", "2023-04-01", "2024-03-31", False),
    ("昭和70年", "1995", "year", "1995-01-01", "1995-12-31", False),
    ("令和元年3月", "2019-03", "month", "2019-03-01", "2019-03-31", False),
    ("平成15年2月29日", "2003-02-29", "day", None, None, False),
    # kanji numerals, full-width digits, ligatures, spaces, initials
    ("昭和五十年三月", "1975-03", "month", "1975-03-01", "1975-03-31", True),
    ("二〇一〇年四月", "2010-04", "month", "2010-04-01", "2010-04-30", True),
    ("平成二十三年三月十一日", "2011-03-11", "day", "2011-03-11", "2011-03-11", True),
    ("令和２年３月", "2020-03", "month", "2020-03-01", "2020-03-31", True),
    ("㍻20年", "2008", "year", "2008-01-01", "2008-12-31", True),
    ("㍼50年5月5日", "1975-05-05", "day", "1975-05-05", "1975-05-05", True),
    ("平成 8 年 10 月 1 日", "1996-10-01", "day", "1996-10-01", "1996-10-01", True),
    ("平成　８年", "1996", "year", "1996-01-01", "1996-12-31", True),
    ("S58.4.1", "1983-04-01", "day", "1983-04-01", "1983-04-01", True),
    ("H8/10/1", "1996-10-01", "day", "1996-10-01", "1996-10-01", True),
    ("Ｈ８．１０．１", "1996-10-01", "day", "1996-10-01", "1996-10-01", True),
    ("S58", "1983", "year", "1983-01-01", "1983-12-31", True),
    # Western forms
    ("2010年4月1日", "2010-04-01", "day", "2010-04-01", "2010-04-01", True),
    ("2010/4/1", "2010-04-01", "day", "2010-04-01", "2010-04-01", True),
    ("2010.4.1", "2010-04-01", "day", "2010-04-01", "2010-04-01", True),
    ("2010-04-01", "2010-04-01", "day", "2010-04-01", "2010-04-01", True),
    ("2010/4", "2010-04", "month", "2010-04-01", "2010-04-30", True),
    ("西暦1999年", "1999", "year", "1999-01-01", "1999-12-31", True),
    ("1980年代", "1980/1989", "decade", "1980-01-01", "1989-12-31", True),
    # fiscal years and their parts
    ("平成20年度", "FY2008", "fiscal_year", "2008-04-01", "2009-03-31", True),
    ("2012年度", "FY2012", "fiscal_year", "2012-04-01", "2013-03-31", True),
    ("平成20年度上期", "FY2008-H1", "half", "2008-04-01", "2008-09-30", True),
    ("平成20年度下半期", "FY2008-H2", "half", "2008-10-01", "2009-03-31", True),
    ("平成20年度末", "2009-03", "month", "2009-03-01", "2009-03-31", True),
    # parts of months and years
    ("平成20年6月末", "2008-06-30", "day", "2008-06-30", "2008-06-30", True),
    ("2008年2月末", "2008-02-29", "day", "2008-02-29", "2008-02-29", True),
    ("2008年6月初", "2008-06-01", "day", "2008-06-01", "2008-06-01", True),
    ("2008年6月上旬", "2008-06-01/2008-06-10", "ten_days", "2008-06-01", "2008-06-10", True),
    ("2008年6月中旬", "2008-06-11/2008-06-20", "ten_days", "2008-06-11", "2008-06-20", True),
    ("2008年6月下旬", "2008-06-21/2008-06-30", "ten_days", "2008-06-21", "2008-06-30", True),
    ("2008年末", "2008-12", "month", "2008-12-01", "2008-12-31", True),
    ("2008年春", "2008-SP", "season", "2008-03-01", "2008-05-31", True),
    ("2008年秋", "2008-FA", "season", "2008-09-01", "2008-11-30", True),
    ("2008年上期", "2008-H1", "half", "2008-01-01", "2008-06-30", True),
    # ranges are one span with both ends
    ("平成18～20年度", "FY2006/FY2008", "range", "2006-04-01", "2009-03-31", True),
    ("2008年4～6月", "2008-04/2008-06", "range", "2008-04-01", "2008-06-30", True),
]


@pytest.mark.parametrize("text,value,gran,start,end,valid", ABSOLUTE)
def test_absolute(text, value, gran, start, end, valid):
    spans = find_dates(text)
    assert [s.text for s in spans] == [text]
    a = spans[0].attrs
    assert (spans[0].value, a["granularity"], a["valid"]) == (value, gran, valid)
    assert (a["start_date"], a["end_date"]) == (start and D(start), end and D(end))
    assert spans[0].label == DATE and not a["relative"]


# relative expressions against an anchor: (text, anchor, start, end)
RELATIVE = [
    ("昨年度", "2010-02-10", "2008-04-01", "2009-03-31"),
    ("本年度", "2010-02-10", "2009-04-01", "2010-03-31"),
    ("今年度", "2010-05-10", "2010-04-01", "2011-03-31"),
    ("来年度", "2010-02-10", "2010-04-01", "2011-03-31"),
    ("昨年", "2010-02-10", "2009-01-01", "2009-12-31"),
    ("今年", "2010-02-10", "2010-01-01", "2010-12-31"),
    ("昨年10月", "2010-02-10", "2009-10-01", "2009-10-31"),
    ("先月", "2010-01-10", "2009-12-01", "2009-12-31"),
    ("来月", "2010-12-10", "2011-01-01", "2011-01-31"),
    ("先月20日", "2010-03-10", "2010-02-20", "2010-02-20"),
    ("昨日", "2010-03-01", "2010-02-28", "2010-02-28"),
    ("本日", "2010-03-01", "2010-03-01", "2010-03-01"),
    ("先週", "2010-03-03", "2010-02-22", "2010-02-28"),
]


@pytest.mark.parametrize("text,anchor,start,end", RELATIVE)
def test_relative(text, anchor, start, end):
    (span,) = find_dates(text, anchor=D(anchor))
    a = span.attrs
    assert span.text == text and a["relative"] and a["anchor_date"] == D(anchor)
    assert (a["start_date"], a["end_date"]) == (D(start), D(end))


@pytest.mark.parametrize("text", ["昨年度", "来月", "昨年10月", "同年"])
def test_relative_without_anchor_is_flagged_not_dated(text):
    (span,) = find_dates(text)
    assert span.attrs["relative"] and span.attrs["start_date"] is None and span.value is None


# anaphora and context: (text, anchor, [(span text, start, end, era_inferred)]); 同年 before a
# month is the pointer to its year, not part of the mention (as IREX counts it)
CONTEXT = [
    (
        "平成12年に設立し、15年度から拡充",
        None,
        [("平成12年", "2000-01-01", "2000-12-31", False), ("15年度", "2003-04-01", "2004-03-31", True)],
    ),
    ("19年度の予定", "2006-10-01", [("19年度", "2007-04-01", "2008-03-31", True)]),
    (
        "平成12年4月に開始し、同年10月に終了",
        None,
        [("平成12年4月", "2000-04-01", "2000-04-30", False), ("10月", "2000-10-01", "2000-10-31", False)],
    ),
    (
        "平成12年度に着手し、翌年度に完成",
        None,
        [("平成12年度", "2000-04-01", "2001-03-31", False), ("翌年度", "2001-04-01", "2002-03-31", False)],
    ),
    (
        "平成20年度の事業は3月に終了",
        None,
        [("平成20年度", "2008-04-01", "2009-03-31", False), ("3月", "2009-03-01", "2009-03-31", False)],
    ),
    (
        "昭和50年に始まり、55年度に改組",
        None,
        [("昭和50年", "1975-01-01", "1975-12-31", False), ("55年度", "1980-04-01", "1981-03-31", True)],
    ),
]


@pytest.mark.parametrize("text,anchor,expected", CONTEXT)
def test_context(text, anchor, expected):
    spans = find_dates(text, anchor=anchor and D(anchor))
    got = [
        (s.text, str(s.attrs["start_date"]), str(s.attrs["end_date"]), s.attrs["era_inferred"]) for s in spans
    ]
    assert got == expected


# not dates: the whole text yields no DATE span
NOT_DATES = [
    "〒980-8403 仙台市青葉区本町3-3-1",
    "Tel: 022-263-1167, Fax: 022-223-2658",
    "全国 9 カ所 の支部",
    "1000社計画",
    "66社の大学発ベンチャー",
    "成長率は3.5%",
    "Python 3.11.4 を使用",
    "約1/3の企業",
    "設立から17年が経過",
    "30年間の歴史",
    "日本年金機構",
    "共同年次報告",
    "17年度",  # era-less and no era anywhere: not resolvable, not tagged
    "13月",
    "第3回",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text):
    assert find_dates(text) == []


def test_attrs_have_exactly_the_dates_columns():
    (span,) = find_dates("平成20年度")
    columns = set(TABLES["dates"].names) - {"doc_id", "entity_id"}
    assert set(span.attrs) == columns  # the finder fills the dates table, column for column
    assert (span.attrs["era"], span.attrs["era_year"], span.rule) == ("平成", 20, "era_date")


def test_offsets_in_context():
    text = "本事業は平成 18 年 6 月 1 日 に開始。"
    (span,) = find_dates(text)
    assert text[span.start : span.end] == span.text == "平成 18 年 6 月 1 日"


def test_seed_page(seed_text):
    doc_date, basis = infer_doc_date(seed_text)
    assert D("2005-01-25") <= doc_date <= D("2005-03-31"), basis
    spans = find_dates(seed_text, anchor=doc_date)
    got = [(s.text, str(s.attrs["start_date"]), str(s.attrs["end_date"])) for s in spans]
    assert got == _seed_expected()


DOC_DATES = [
    ("2009年3月号\n平成21年度の計画", "2009-03-01", "issue_header"),
    ("平成20年10月に説明会を開催しました。平成21年度に実施する予定です。", "2008-10-01", "latest_past_event"),
    ("平成21年度に実施する予定です。", "2009-03-31", "before_earliest_plan"),
    ("日付のない文章", None, "none"),
]


@pytest.mark.parametrize("text,date,basis", DOC_DATES)
def test_infer_doc_date(text, date, basis):
    assert infer_doc_date(text) == (date and D(date), basis)


FILENAMES = [
    ("2005-01_newsletter.txt", "2005-01-01"),
    ("news_200501.txt", "2005-01-01"),
    ("h17_01.txt", "2005-01-01"),
    ("report_2010-04-15.txt", "2010-04-15"),
    ("980-8403.txt", None),
    ("issue_12.txt", None),
    ("20051301.txt", None),
]


@pytest.mark.parametrize("name,date", FILENAMES)
def test_date_from_filename(name, date):
    assert date_from_filename(name) == (date and D(date))


# Known gaps, written down.
@pytest.mark.xfail(reason="明治1-5 (before 1873) month/day are lunisolar; only a few months are tabled")
def test_meiji_lunisolar_month():
    (span,) = find_dates("明治3年5月")
    assert span.attrs["start_date"] is not None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="平成昭和令年度月日末上旬から～0123456789一二十元〇百千代西暦 /.-社%", max_size=30))
def test_fuzz_spans_are_slices(text):
    for s in find_dates(text, anchor=dt.date(2005, 2, 1)):
        assert text[s.start : s.end] == s.text and s.start < s.end
        a = s.attrs
        if a["start_date"] and a["end_date"] and a["valid"]:
            assert a["start_date"] <= a["end_date"]


def test_a_year_beyond_the_calendar_is_kept_invalid():
    # A garbled kanji numeral can name year 2,007,825; the mention stays, without an
    # interval, and the rest of the document is still processed.
    for text, mention in (
        ("昭和二〇〇五千九百年度に", "昭和二〇〇五千九百年度"),
        ("西暦一千九九九九九〇年代の", "西暦一千九九九九九〇年代"),
    ):
        (span,) = find_dates(text)
        assert span.text == mention
        assert span.attrs["valid"] is False and span.attrs["start_date"] is None
