"""Contact data as users met it in real notices (issue #21, items 10-13): brackets around a
phone number, labels in full width, a masthead read as an address, a contact heading with its
label and person in charge. The sentences are written for these tests."""

import pytest

import pipeline
from pipeline.document.spans import ADDRESS, ORG, Span
from pipeline.entities.addresses import find_addresses
from pipeline.entities.contacts import find_contact_blocks
from pipeline.entities.emails import find_emails
from pipeline.entities.orgs import find_orgs
from pipeline.entities.phones import find_phones
from pipeline.entities.urls import find_urls
from pipeline.tables.schema import TABLES


def _spans(text):
    return find_addresses(text) + find_phones(text) + find_emails(text) + find_urls(text)


def _org(text, name):
    i = text.index(name)
    return Span(i, i + len(name), ORG, name)


# ---- 10. a phone number in brackets ends at its last digit ---------------------------------


@pytest.mark.parametrize(
    "text, surface, e164",
    [
        ("詳細は組合事務局(TEL 0224-52-3101)までお寄せください。", "0224-52-3101", "+81224523101"),
        (
            "詳細は組合事務局（ＴＥＬ ０２２４－５２－３１０１）まで。",
            "０２２４－５２－３１０１",
            "+81224523101",
        ),
        ("受付は総務係(0224-52-3101)へ。", "0224-52-3101", "+81224523101"),
        ("受付は総務係（0224-52-3101）へ。", "0224-52-3101", "+81224523101"),
        ("代表番号(+81-224-52-3101)", "+81-224-52-3101", "+81224523101"),
        # a bracket closed inside the number is part of it
        ("ＦＡＸ 0224(52)3102", "0224(52)3102", "+81224523102"),
        ("電話 (0224)52-3101 まで", "(0224)52-3101", "+81224523101"),
    ],
)
def test_bracketed_number_span_ends_at_its_last_digit(text, surface, e164):
    (span,) = find_phones(text)
    assert (span.text, span.value) == (surface, e164)
    assert text[span.start : span.end] == surface


def test_bracketed_number_through_the_pipeline():
    tables = pipeline.process_text("ご質問は実行委員会(TEL 0224-52-3101)までお寄せください。")
    (phone,) = tables["entities"].query("label == 'PHONE'").itertuples()
    assert (phone.text, phone.value) == ("0224-52-3101", "+81224523101")


# ---- 11. labels in any width ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind",
    [
        ("ＦＡＸ 0225-22-4180", "fax"),
        ("ＦＡＸ：０２２５－２２－４１８０", "fax"),
        ("Ｆａｘ．0225-22-4180", "fax"),
        ("ﾌｧｸｽ 0225-22-4180", "fax"),
        ("【ＦＡＸ】0225-22-4180", "fax"),
        ("［ファクス］0225-22-4180", "fax"),
        ("ＴＥＬ 0225-22-4180", "tel"),
        ("Ｔｅｌ：0225-22-4180", "tel"),
        ("℡ 0225-22-4180", "tel"),
        ("ＴＥＬ／ＦＡＸ 0225-22-4180", "tel_fax"),
        ("tel・fax 0225-22-4180", "tel_fax"),
    ],
)
def test_label_in_any_width(text, kind):
    (span,) = find_phones(text)
    assert (span.value, span.attrs["kind"]) == ("+81225224180", kind)


def test_full_width_labels_give_tel_and_fax_of_a_block():
    text = "岩沼市民会館\nＴＥＬ 0223-22-3111　ＦＡＸ 0223-22-3112\n"
    (block,) = find_contact_blocks(text, _spans(text) + [_org(text, "岩沼市民会館")])
    assert [p.attrs["kind"] for p in block.phones] == ["tel", "fax"]
    assert (block.tel.value, block.fax.value) == ("+81223223111", "+81223223112")


def test_a_bare_full_width_label_line_stays_in_the_block():
    text = "お問い合わせ先\n岩沼市民会館\nＴＥＬ 0223-22-3111\nＦＡＸ：\nＥ－ｍａｉｌ：\n"
    (block,) = find_contact_blocks(text, _spans(text))
    assert block.org_text == "岩沼市民会館"
    assert text[block.start : block.end].endswith("Ｅ－ｍａｉｌ：")


# ---- 12. a masthead is not an address ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "白石市商工会 会報 第 45 号",
        "白石市商工会会報第45号",
        "白石市商工会会報 第４５号",
        "角田市報 Vol.12",
        "角田市報No.3",
    ],
)
def test_issue_number_is_never_an_address(text):
    assert [s.text for s in find_addresses(text) if s.label == ADDRESS] == []


@pytest.mark.parametrize(
    "text, normalized",
    [
        ("白石市大手町1-1", "宮城県白石市大手町1-1"),
        ("岩手県紫波郡矢巾町大字南矢幅第6地割100番地", "岩手県紫波郡矢巾町大字南矢幅第6地割100"),
    ],
)
def test_street_numbers_still_make_addresses(text, normalized):
    (span,) = [s for s in find_addresses(text) if s.label == ADDRESS]
    assert span.value == normalized


def test_masthead_keeps_its_organisation():
    text = "白石市商工会 会報 第 45 号"
    assert "白石市商工会" in [s.text for s in find_orgs(text)]
    ents = pipeline.process_text(text + "\n\n今月は総会の報告です。")["entities"]
    assert "ADDRESS" not in set(ents.label)
    assert any(t.startswith("白石市商工会") for t in ents.query("label == 'ORG'").text)


# ---- 13. a contact heading: its organisation, its person in charge, its numbers -------------

HEADING = (
    "申込み・問い合わせ 亘理町保健福祉センター（担当：菅野）\nＴＥＬ 0223-34-1111　ＦＡＸ 0223-34-1112\n"
)


@pytest.mark.parametrize(
    "text",
    [
        HEADING,
        # as the spacing stage leaves it: the label glued to the name
        HEADING.replace("問い合わせ ", "問い合わせ"),
        HEADING.replace("問い合わせ ", "問い合わせ\u3000"),
        HEADING.replace("申込み・問い合わせ ", "【申込み・問合せ】"),
    ],
)
def test_contact_heading(text):
    (block,) = find_contact_blocks(text, _spans(text))
    assert block.org_text == "亘理町保健福祉センター"
    assert block.person_in_charge == "菅野"
    assert (block.tel.value, block.tel.attrs["kind"]) == ("+81223341111", "tel")
    assert (block.fax.value, block.fax.attrs["kind"]) == ("+81223341112", "fax")
    assert text[block.start : block.end].startswith(text.split("\n")[0])


def test_contact_heading_org_mention_reaching_into_the_label():
    # The organisation finder may read the glued label as part of the name.
    text = HEADING.replace("問い合わせ ", "問い合わせ")
    glued = Span(0, text.index("（"), ORG, text[: text.index("（")])
    (block,) = find_contact_blocks(text, _spans(text) + [glued])
    assert block.org_span.text == "亘理町保健福祉センター"
    assert block.org_text == "亘理町保健福祉センター"


@pytest.mark.parametrize(
    "text, org_text, person",
    [
        # the person in charge on a line of their own, under the name or under a label
        ("亘理町保健福祉センター\n担当：菅野\nＴｅｌ 0223-34-1111\n", "亘理町保健福祉センター", "菅野"),
        (
            "お問合せ先\n亘理町保健福祉センター\n担当者：菅野\nＴｅｌ 0223-34-1111\n",
            "亘理町保健福祉センター",
            "菅野",
        ),
        # after the name, set apart by a space; a unit named in it stays with the organisation
        ("■連絡先：亘理町役場 農林水産課 担当 菅野\nＴＥＬ 0223-34-1111\n", "亘理町役場 農林水産課", "菅野"),
        # no person in charge
        ("問い合わせ　亘理町保健福祉センター　ＴＥＬ 0223-34-1111\n", "亘理町保健福祉センター", None),
    ],
)
def test_person_in_charge(text, org_text, person):
    (block,) = find_contact_blocks(text, _spans(text))
    assert (block.org_text, block.person_in_charge) == (org_text, person)
    assert block.tel.value == "+81223341111"


@pytest.mark.parametrize(
    "text, org_text",
    [
        # 窓口 opens a block only when set apart: glued, it is the start of a name
        ("窓口サービス課\nＴＥＬ 0223-34-1111\nＦＡＸ 0223-34-1112\n", "窓口サービス課"),
        ("窓口：窓口サービス課\nＴＥＬ 0223-34-1111\n", "窓口サービス課"),
        # two labels in a row, the second glued on by the spacing stage
        ("問い合わせ窓口：亘理町役場総務課\nＴＥＬ 0223-34-1111\n", "亘理町役場総務課"),
    ],
)
def test_label_words_and_names(text, org_text):
    (block,) = find_contact_blocks(text, _spans(text))
    assert block.org_text == org_text


def test_person_in_charge_after_a_unit_under_the_person_label():
    text = "担当：亘理町保健福祉センター 菅野\nＴＥＬ 0223-34-1111\n"
    (block,) = find_contact_blocks(text, _spans(text) + [_org(text, "亘理町保健福祉センター")])
    assert (block.org_text, block.person_in_charge) == ("亘理町保健福祉センター", "菅野")


def test_contact_heading_through_the_pipeline():
    tables = pipeline.process_text("健康講座のお知らせ\n\n" + HEADING)
    (contact,) = tables["contacts"].itertuples()
    assert contact.org_name == "亘理町保健福祉センター"
    kinds = dict(zip(tables["phones"].entity_id, tables["phones"].kind))
    assert kinds[contact.phone_entity_id] == "tel"
    assert kinds[contact.fax_entity_id] == "fax"


def test_contacts_table_has_person_in_charge():
    assert "person_in_charge" in TABLES["contacts"].names


def test_person_in_charge_through_the_pipeline():
    (contact,) = pipeline.process_text(HEADING)["contacts"].itertuples()
    assert contact.person_in_charge == "菅野"


def test_a_masthead_keeps_its_organisation_and_is_no_address():
    tables = pipeline.process_text("名取市商工会 会報 第 88 号\n本号では総会の報告をお届けします。\n")
    assert tables["addresses"].empty
    orgs = set(tables["entities"].query("label == 'ORG'")["text"])
    assert "名取市商工会" in orgs and not any("第" in o or "会報" in o for o in orgs)
