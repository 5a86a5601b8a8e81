"""Spec for dates as real pages write them: kanji numerals, dates resolved against the issue's
own date, modifiers, ranges, offsets, eras named as periods, times of day.

Each case is a sentence of our own; each checks the mention, its interval and its value.
"""

import datetime as dt

import pytest

from pipeline.entities.dates import find_dates, normalize_numerals

D = dt.date.fromisoformat
ISSUE = D("2004-07-17")  # the issue the sentences are read in, when one is given


def only(text, anchor=None):
    spans = find_dates(text, anchor=anchor)
    assert len(spans) == 1, [(s.text, s.value) for s in spans]
    return spans[0]


def interval(span):
    a = span.attrs
    return (a["start_date"] and a["start_date"].isoformat(), a["end_date"] and a["end_date"].isoformat())


# (sentence, mention, value, start, end) in an issue of 2004-07-17
IN_THE_ISSUE = [
    # kanji numerals, positional and with units
    ("全国大会が十六日、港の市民会館で始まった。", "十六日", "2004-07-16", "2004-07-16", "2004-07-16"),
    ("説明会は二十七日に開きます。", "二十七日", "2004-07-27", "2004-07-27", "2004-07-27"),
    ("四月二九日に竣工した。", "四月二九日", "2004-04-29", "2004-04-29", "2004-04-29"),
    ("昭和五一年に創業した。", "昭和五一年", "1976", "1976-01-01", "1976-12-31"),
    ("一九九九年の調査による。", "一九九九年", "1999", "1999-01-01", "1999-12-31"),
    ("３ 月 １１ 日 に開催された。", "３ 月 １１ 日", "2004-03-11", "2004-03-11", "2004-03-11"),
    # the day is kept before 付け, 号 and 以降
    ("規程は平成16年4月1日付けで改正された。", "平成16年4月1日", "2004-04-01", "2004-04-01", "2004-04-01"),
    ("詳しくは4月1日号をご覧ください。", "4月1日", "2004-04-01", "2004-04-01", "2004-04-01"),
    ("受付は4月1日以降としました。", "4月1日", "2004-04-01", "2004-04-01", "2004-04-01"),
    # ISO-like forms
    ("更新 2021-7-18", "2021-7-18", "2021-07-18", "2021-07-18", "2021-07-18"),
    ("Vol.50 2002.10. 2 発行", "2002.10. 2", "2002-10-02", "2002-10-02", "2002-10-02"),
    ("2006.11.30 掲載", "2006.11.30", "2006-11-30", "2006-11-30", "2006-11-30"),
    ("NEWS 2000 FEB", "2000 FEB", "2000-02", "2000-02-01", "2000-02-29"),
    # an era year with the era left out takes the issue's era
    ("17年度から実施する。", "17年度", "FY2005", "2005-04-01", "2006-03-31"),
    # modifiers that narrow the interval
    ("7月上旬に発送しました。", "7月上旬", "2004-07-01/2004-07-10", "2004-07-01", "2004-07-10"),
    ("9月中旬に発送します。", "9月中旬", "2004-09-11/2004-09-20", "2004-09-11", "2004-09-20"),
    ("9月下旬に発送します。", "9月下旬", "2004-09-21/2004-09-30", "2004-09-21", "2004-09-30"),
    ("9月末に締め切ります。", "9月末", "2004-09-30", "2004-09-30", "2004-09-30"),
    ("9月半ばに発送します。", "9月半ば", "2004-09-11/2004-09-20", "2004-09-11", "2004-09-20"),
    ("9月初めに発送します。", "9月初め", "2004-09-01", "2004-09-01", "2004-09-01"),
    # relative words
    ("昨年十一月に開所した。", "昨年十一月", "2003-11", "2003-11-01", "2003-11-30"),
    ("一昨年の実績です。", "一昨年", "2002", "2002-01-01", "2002-12-31"),
    ("本年度の計画", "本年度", "FY2004", "2004-04-01", "2005-03-31"),
    ("昨年度の実績", "昨年度", "FY2003", "2003-04-01", "2004-03-31"),
    ("来年度の予算", "来年度", "FY2005", "2005-04-01", "2006-03-31"),
    ("来月から始めます。", "来月", "2004-08", "2004-08-01", "2004-08-31"),
    ("あすは休館です。", "あす", "2004-07-18", "2004-07-18", "2004-07-18"),
    ("明日２０日は休館です。", "明日２０日", "2004-07-20", "2004-07-20", "2004-07-20"),
    # offsets from the issue's date
    ("2週間前に種をまいた。", "2週間前", "2004-07-03", "2004-07-03", "2004-07-03"),
    ("3日後に届きます。", "3日後", "2004-07-20", "2004-07-20", "2004-07-20"),
    ("14、5年前の本です。", "14、5年前", "1989/1990", "1989-01-01", "1990-12-31"),
]


@pytest.mark.parametrize("text,mention,value,start,end", IN_THE_ISSUE)
def test_dates_in_an_issue(text, mention, value, start, end):
    span = only(text, ISSUE)
    assert (span.text, span.value, interval(span)) == (mention, value, (start, end))


def test_a_day_or_month_day_resolves_to_the_nearest_such_day_and_records_its_basis():
    # in an issue of 2004-07-17, "the 16th" is yesterday and "the 2nd" is this month's
    for text, want in [
        ("十六日に始まった", "2004-07-16"),
        ("2日に始まった", "2004-07-02"),
        ("12月25日に", "2004-12-25"),
        ("1月10日に", "2005-01-10"),
    ]:
        span = find_dates(text, anchor=ISSUE)[0]
        assert span.value == want, text
        assert (span.attrs["anchor"], span.attrs["anchor_date"]) == ("document_date", ISSUE)


@pytest.mark.parametrize(
    "text,want",
    [
        ("去る7月20日に開催した。", "2003-07-20"),  # 去る: past
        ("7月20日に開催した。", "2003-07-20"),  # the verb is past
        ("7月10日に開催します。", "2005-07-10"),  # the verb is future
        ("7月10日に開催する予定です。", "2005-07-10"),
        ("締切：7月10日", "2005-07-10"),
        ("7月10日までにお申し込みください。", "2005-07-10"),
        ("7月20日に予定しておりました講演会は中止します。", "2003-07-20"),  # the plan was made before
        ("7月20日から募集しました。", "2003-07-20"),
    ],
)
def test_the_clause_says_past_or_future(text, want):
    assert find_dates(text, anchor=ISSUE)[0].value == want


def test_the_written_weekday_picks_the_year():
    # 2004-12-12 was a Sunday, 2003-12-12 a Friday
    assert find_dates("12月12日(日)に", anchor=ISSUE)[0].value == "2004-12-12"
    assert find_dates("12月12日(金)に", anchor=ISSUE)[0].value == "2003-12-12"


def test_a_day_takes_its_month_from_the_date_just_before():
    spans = find_dates("4月1日に受付を始め、16日に締め切った。", anchor=ISSUE)
    assert [(s.text, s.value, s.attrs["anchor"]) for s in spans] == [
        ("4月1日", "2004-04-01", "document_date"),
        ("16日", "2004-04-16", "previous_date"),
    ]


@pytest.mark.parametrize(
    "text,mention,value",
    [
        ("十六日、港で始まった。", "十六日", "XXXX-XX-16"),
        ("7月18日に開催", "7月18日", "XXXX-07-18"),
        ("7月上旬に", "7月上旬", "XXXX-07"),
    ],
)
def test_without_a_document_date_the_mention_keeps_what_is_known(text, mention, value):
    span = only(text)
    assert (span.text, span.value, span.attrs["start_date"]) == (mention, value, None)
    assert span.attrs["month"] == (None if mention == "十六日" else 7)


@pytest.mark.parametrize(
    "text",
    [
        "1日3回飲む",
        "3日間の日程",
        "約10日かかる",
        "週に5日通う",
        "7泊8日の旅",
        "四日市",
        "三日月",
        "歴史的な1日",
        "先日",
        "近年",
        "今後",
        "当日券",
    ],
)
def test_days_that_are_no_dates(text):
    assert find_dates(text, anchor=ISSUE) == []


@pytest.mark.parametrize(
    "text,mod,mod_text,mention",
    [
        ("7月ごろ", "APPROX", "ごろ", "7月ごろ"),
        ("1847年頃に", "APPROX", "頃", "1847年頃"),
        ("2005年以降に", "ON_OR_AFTER", "以降", "2005年"),
        ("4月1日から施行", "ON_OR_AFTER", "から", "4月1日"),
        ("7月10日まで", "ON_OR_BEFORE", "まで", "7月10日"),
        ("2000年以前", "ON_OR_BEFORE", "以前", "2000年"),
        ("9月末", "END", "末", "9月末"),
        ("9月半ば", "MID", "半ば", "9月半ば"),
        ("9月初め", "START", "初め", "9月初め"),
    ],
)
def test_modifiers_are_kept_never_by_losing_the_day(text, mod, mod_text, mention):
    span = only(text, ISSUE)
    assert (span.text, span.attrs["mod"], span.attrs["mod_text"]) == (mention, mod, mod_text)
    assert span.attrs["start_date"] is not None


def test_a_range_whose_start_is_a_whole_date_is_two_mentions():
    spans = find_dates("会期は2008年6月3日～7月2日です。")
    assert [(s.text, s.value, s.attrs["range_role"]) for s in spans] == [
        ("2008年6月3日", "2008-06-03", "start"),
        ("7月2日", "2008-07-02", "end"),
    ]
    spans = find_dates("平成18年4月から19年3月まで")
    assert [(s.text, interval(s)) for s in spans] == [
        ("平成18年4月", ("2006-04-01", "2006-04-30")),
        ("19年3月", ("2007-03-01", "2007-03-31")),
    ]


def test_a_range_sharing_its_unit_is_one_mention():
    span = only("2008年4～6月")
    assert (span.value, span.attrs["granularity"], interval(span)) == (
        "2008-04/2008-06",
        "range",
        ("2008-04-01", "2008-06-30"),
    )


def test_forward_era_years_are_kept_and_flagged():
    span = only("平成32年度までの計画")
    assert (span.value, span.attrs["valid"], interval(span)) == (
        "FY2020",
        False,
        ("2020-04-01", "2021-03-31"),
    )


@pytest.mark.parametrize(
    "text,year,start,end",
    [
        ("明治元年", 1868, "1868-01-25", "1868-12-31"),  # lunisolar year: from the era's first day
        ("大化元年", 645, "0645-01-01", "0645-12-31"),  # pre-modern: the Gregorian year, approximate
        ("慶応3年", 1867, "1867-01-01", "1867-12-31"),
    ],
)
def test_every_era_year_gets_an_interval(text, year, start, end):
    span = only(text)
    assert (span.attrs["year"], interval(span)) == (year, (start, end))


def test_an_era_named_as_a_period():
    assert interval(only("明治時代に作られた")) == ("1868-01-25", "1912-07-30")
    assert find_dates("昭和電工と明治大学") == []


def test_decades_and_centuries():
    assert interval(only("70年代の歌")) == ("1970-01-01", "1979-12-31")
    assert interval(only("1990年代後半の")) == ("1995-01-01", "1999-12-31")
    assert interval(only("19世紀末の")) == ("1891-01-01", "1900-12-31")
    assert only("紀元前520年に").value == "BC0520"


def test_same_day_words_take_the_last_date_mentioned():
    spans = find_dates("平成16年7月10日に総会を開いた。同日、表彰式も行った。この日は晴れた。")
    assert [(s.text, s.value) for s in spans] == [
        ("平成16年7月10日", "2004-07-10"),
        ("同日", "2004-07-10"),
        ("この日", "2004-07-10"),
    ]
    assert spans[1].attrs["anchor"] == "previous_date"


def test_times_of_day_go_on_the_dates_row():
    span = only("7月10日(土) 午後1時30分～3時 市民会館", ISSUE)
    assert (span.text, span.attrs["start_time"], span.attrs["end_time"]) == ("7月10日(土)", "13:30", "15:00")
    span = only("10月3日 10:00-12:00", ISSUE)
    assert (span.attrs["start_time"], span.attrs["end_time"]) == ("10:00", "12:00")
    assert find_dates("午後1時30分から", anchor=ISSUE) == []  # a time alone is no date


def test_an_unknown_era_name_is_kept_invalid_but_a_word_before_a_year_is_not_an_era():
    span = only("牌孫元年")
    assert (span.attrs["valid"], span.attrs["era_year"]) == (False, 1)
    assert find_dates("中学1年の時", anchor=ISSUE) == []


def test_numerals_are_read_as_the_finder_reads_them():
    assert normalize_numerals("二千〇〇一年、一万年前、千代田区") == "2001年、10000年前、千代田区"
    assert normalize_numerals("１，０００年", kanji=False, commas=False) == "1,000年"


def test_a_date_after_a_label_keeps_its_era_and_its_times():
    span = only("日 時:平成17年2月5日(土)午前10時~11時30分")
    assert (span.text, span.value, span.attrs["start_time"], span.attrs["end_time"]) == (
        "平成17年2月5日(土)",
        "2005-02-05",
        "10:00",
        "11:30",
    )


def test_that_day_needs_a_day_before_it():
    # 当日 after a year alone names no day: tagged, with no value or interval.
    spans = find_dates("2019年に講座を担当した。当日は30名が参加した。")
    assert [(s.text, s.value, s.attrs["start_date"]) for s in spans] == [
        ("2019年", "2019", dt.date(2019, 1, 1)),
        ("当日", None, None),
    ]


def test_an_era_year_with_its_gregorian_year_in_brackets_before_nen():
    got = [(d.text, d.value) for d in find_dates("平成20(2008)年4月から令和2（2020）年3月まで理事を務めた。")]
    assert got == [("平成20(2008)年4月", "2008-04"), ("令和2（2020）年3月", "2020-03")]


def test_a_month_day_after_a_date_of_another_month_follows_the_clauses_tense():
    import datetime as dt

    text = "3月14日(土)には作品展を開催します。\n10月29日 講座が好評につき、2回目を実施しました。"
    got = {d.text: d.value for d in find_dates(text, anchor=dt.date(2026, 3, 1))}
    assert got["3月14日(土)"] == "2026-03-14" and got["10月29日"] == "2025-10-29"
    # a year written in the text stays, whatever the tense
    got = {
        d.text: d.value for d in find_dates("2019年4月に完成。10月に式典を行う。", anchor=dt.date(2026, 3, 1))
    }
    assert got["10月"] == "2019-10"


def test_a_day_that_opens_the_page_is_its_date_and_what_its_today_means():
    from pipeline.entities.dates import infer_doc_date

    text = "2005年2月16日 第2013回例会 司会 横田会員\n本日は遠路ご来会下さいました。"
    assert infer_doc_date(text) == (dt.date(2005, 2, 16), "opening_date")
    assert infer_doc_date("会員の皆様へ\n2005年2月16日に例会を開きました。") != (
        dt.date(2005, 2, 16),
        "opening_date",
    )


def test_the_weekday_names_the_year_of_a_month_day_after_a_date():
    got = [(d.text, d.value) for d in find_dates("2023年12月27日(水)から1月4日(木)までは冬期休暇です。")]
    assert got == [("2023年12月27日(水)", "2023-12-27"), ("1月4日(木)", "2024-01-04")]


def test_a_months_share_is_that_month():
    assert [(d.text, d.value) for d in find_dates("令和5年4月分の会費")] == [("令和5年4月", "2023-04")]
    assert find_dates("3か月分の家賃") == []  # a duration


def test_a_wrong_weekday_moves_no_date_but_across_a_years_end():
    got = [
        (d.text, d.value)
        for d in find_dates("2024年5月10日(金)の例会に続き、6月3日(土)に清掃活動を行います。")
    ]
    assert got[1] == ("6月3日(土)", "2024-06-03")


def test_a_plans_day_opening_the_page_is_no_document_date():
    from pipeline.entities.dates import infer_doc_date

    text = "2025年8月3日(日)に夏祭りを開催します。\n6月20日に実行委員会を開催しました。"
    assert infer_doc_date(text)[1] != "opening_date"
