"""Spec for the structure of real pages: article titles from opening headings and datelines,
one-line issues, vertical text, web chrome, headline spaces, two-line bylines and tables of
contents. Each page is our own text in a shape real newsletters have; each runs through the
spacing stage first, as the pipeline does."""

import pipeline
from pipeline.document.model import Document
from pipeline.stages.run import Options, stage_spacing, stage_structure
from pipeline.stages.spacing import repair_spacing


def structure(raw: str):
    doc = Document("t", raw)
    stage_spacing(doc, Options())
    stage_structure(doc, Options())
    blocks = [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks]
    return blocks, doc.articles, doc


REPOST = """地域の技術者育成へ 岩手で産学官フォーラム
『岩手日報』2005年2月3日付
県内の企業と大学が集まるフォーラムが二日、盛岡市で開かれた。約百人が参加した。
"""


def test_a_repost_headline_becomes_the_title_and_its_dateline_is_recorded():
    blocks, articles, _ = structure(REPOST)
    assert blocks[:2] == [
        ("title", "地域の技術者育成へ 岩手で産学官フォーラム"),
        ("dateline", "『岩手日報』2005年2月3日付"),
    ]
    assert (articles[0].title, articles[0].dateline) == (
        "地域の技術者育成へ 岩手で産学官フォーラム",
        "『岩手日報』2005年2月3日付",
    )


def test_the_dateline_dates_the_document_and_resolves_day_only_dates():
    tables = pipeline.process_text(REPOST)
    doc = tables["documents"].iloc[0]
    assert (str(doc["doc_date"]), doc["doc_date_basis"]) == ("2005-02-03", "dateline")
    dates = tables["dates"].set_index("entity_id")
    assert "2005-02-02" in {str(d) for d in dates["start_date"]}  # 二日 is the day before
    articles = tables["articles"]
    assert articles.loc[0, "dateline"] == "『岩手日報』2005年2月3日付"


def test_a_marked_heading_that_opens_the_page_is_an_article_title_and_so_are_its_peers():
    page = (
        "■ 新年のご挨拶\n明けましておめでとうございます。本年もよろしくお願いいたします。\n"
        "■ 事業のお知らせ\n本年度から新しい支援事業を始めます。\n"
    )
    _, articles, _ = structure(page)
    assert [a.title for a in articles] == ["■ 新年のご挨拶", "■ 事業のお知らせ"]
    page = "【はじめに】\n本稿では、地域の取り組みを紹介します。\n【事例】\n三つの事例を取り上げます。\n"
    assert [a.title for a in structure(page)[1]] == ["【はじめに】", "【事例】"]
    page = "1．事業の目的\n地域の企業を支援します。\n2．事業の内容\n試作を支援します。\n"
    assert [a.title for a in structure(page)[1]] == ["1．事業の目的", "2．事業の内容"]


def test_a_heading_under_a_page_title_stays_a_section_of_that_article():
    page = (
        "産学連携ニュース\n【イベント報告】\n交流会を開きました。\n【今後の予定】\n三月に講演会を開きます。\n"
    )
    blocks, articles, _ = structure(page)
    assert len(articles) == 1 and ("heading", "【イベント報告】") in blocks


FLAT = (
    "〓〓〓〓〓〓〓〓〓〓 みちのく産業メール 〓〓〓〓〓〓〓〓〓〓 No.0128 2005.3.10 〓〓〓〓〓〓〓〓〓〓 "
    "【1】試作支援のご案内 本年度から、県内の中小企業を対象に試作開発の支援を始めます。 "
    "詳しくは下記をご覧ください。 http://www.example.jp/shisaku/ "
    "【2】セミナー報告 二月二十日に仙台市で開いたセミナーには、約八十名の方にご参加いただきました。 "
    "〓〓〓〓〓〓〓〓〓〓 発行：みちのく産業振興会 TEL 022-000-0000\n"
)


def test_a_one_line_issue_gets_its_lines_back_and_the_edits_are_recorded():
    blocks, articles, doc = structure(FLAT)
    assert ("boilerplate", "〓〓〓〓〓〓〓〓〓〓") in blocks
    assert [a.title for a in articles][-2:] == ["【1】試作支援のご案内", "【2】セミナー報告"]
    rows = doc.spacing
    restored = [r for r, a in zip(rows["reason"], rows["action"]) if a == "line_break"]
    assert len(restored) >= 8 and set(restored) == {"flattened_line"}
    assert "〓〓〓〓〓〓〓〓〓〓\nみちのく産業メール\n" in doc.text


def test_an_ordinary_long_line_is_not_taken_for_a_flattened_page():
    line = "本事業は、" + "地域の中小企業が持つ技術を活かし、新しい製品の開発を支援するものです。" * 6
    assert repair_spacing(line + "\n").text == line + "\n"


def test_vertical_text_extracted_one_character_per_line_is_joined():
    raw = "縦書きの欄\n地\n域\nの\n未\n来\nを\n語\nる\n次の行です。\n"
    out = repair_spacing(raw)
    assert out.text == "縦書きの欄\n地域の未来を語る\n次の行です。\n"
    assert {d.reason for d in out.edits if d.action == "removed"} == {"vertical_text"}


def test_web_chrome_of_a_single_page_is_boilerplate_with_its_reason():
    page = (
        "トップへ戻る 以前の記事は、こちらの更新記事履歴\nサイトHOME > ピックアップ > 地域の話題\n"
        "Comments Description Transcript\n地域の話題\n県内の企業が新製品を発表しました。\n"
    )
    doc = Document("t", page)
    stage_spacing(doc, Options())
    stage_structure(doc, Options())
    rules = [(b.kind, b.rule) for b in doc.blocks[:3]]
    assert rules == [
        ("boilerplate", "nav_ja"),
        ("boilerplate", "breadcrumb"),
        ("boilerplate", "transcript_chrome"),
    ]


def test_headline_spaces_are_kept_and_scan_artifacts_in_titles_are_not():
    out = repair_spacing(
        "産学官の連携探る 呉でコーディネーター全国会議\n（2004年7月17日 中国新聞）\n本文です。"
    )
    assert out.text.startswith("産学官の連携探る 呉でコーディネーター全国会議\n（2004年7月17日 中国新聞）\n")
    assert repair_spacing("インキュ ベーション施設のご案内\n").text == "インキュベーション施設のご案内\n"


def test_a_byline_over_two_lines_is_one_byline():
    page = "地域の産学連携を振り返って\n中小企業基盤整備機構 東北支部\n　　　　　　　　　山口 佳和\n本稿では、これまでの取り組みを紹介します。\n"
    blocks, articles, _ = structure(page)
    assert [k for k, _ in blocks] == ["title", "byline", "paragraph"]
    assert (articles[0].author_org, articles[0].author_name) == ("中小企業基盤整備機構 東北支部", "山口 佳和")


def test_a_list_of_headlines_before_the_articles_is_a_table_of_contents():
    page = (
        "みちのく産業メール 第12号\n[1] 試作支援のご案内\n[2] セミナー報告\n\n"
        "[1] 試作支援のご案内\n本年度から支援を始めます。\n[2] セミナー報告\n約八十名が参加しました。\n"
    )
    blocks, articles, _ = structure(page)
    assert [k for k, _ in blocks[:3]] == ["title", "toc", "toc"]
    assert [a.title for a in articles] == ["[1] 試作支援のご案内", "[2] セミナー報告"]
