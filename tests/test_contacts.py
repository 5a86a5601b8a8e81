"""Contact blocks, and the seed page's contact points end to end (the seed is the spec)."""

import pytest

from pipeline.document.spans import ORG, Span
from pipeline.entities.addresses import find_addresses
from pipeline.entities.contacts import find_contact_blocks
from pipeline.entities.emails import find_emails
from pipeline.entities.phones import find_phones
from pipeline.entities.urls import find_urls


def _spans(text):
    return find_addresses(text) + find_phones(text) + find_emails(text) + find_urls(text)


def _org(text, name):
    i = text.index(name)
    return Span(i, i + len(name), ORG, name)


# ---- the seed page -----------------------------------------------------------------


def test_seed_contact_block(seed_text):
    office = seed_text.index("産学官連携推進室\n〒")  # the office's line inside the block
    orgs = [
        _org(seed_text, "東北経済産業局地域経済部産業支援課"),
        Span(office, office + 8, ORG, "産学官連携推進室"),
    ]
    (block,) = find_contact_blocks(seed_text, _spans(seed_text) + orgs)
    assert block.org_text == "東北経済産業局地域経済部産業支援課 産学官連携推進室"
    assert block.org_span.text == "産学官連携推進室"  # the most specific unit named
    a = block.address.attrs
    assert (a["postal_code"], a["prefecture"], a["prefecture_source"]) == (
        "980-8403",
        "宮城県",
        "postal_code",
    )
    assert (a["city"], a["ward"], a["town"], a["chome"]) == ("仙台市", "青葉区", "本町", 3)
    assert a["postal_code_valid"] and a["postal_code_matches"]
    assert (block.tel.value, block.tel.attrs["kind"]) == ("+81222631167", "tel")
    assert (block.fax.value, block.fax.attrs["kind"]) == ("+81222232658", "fax")
    assert block.email.value == "thk-sangaku@meti.go.jp"
    assert [p.value for p in block.phones] == ["+81222631167", "+81222232658"]
    assert block.url is None  # the footer URL is navigation, not part of the block
    assert seed_text[block.start : block.end].startswith("連絡先:")
    assert seed_text[block.start : block.end].endswith("thk-sangaku@meti.go.jp")


def test_seed_places(seed_text):
    places = [
        (s.text, s.attrs["prefecture"])
        for s in find_addresses(seed_text)
        if s.label == "LOCATION" and s.attrs["city"]
    ]
    assert places == [
        ("山形県米沢市", "山形県"),
        ("岩手県盛岡市", "岩手県"),
        ("北上市", "岩手県"),
        ("盛岡市", "岩手県"),
    ]


def test_seed_region(seed_text):
    regions = [s.text for s in find_addresses(seed_text) if s.attrs["region"]]
    assert "東北管内" in regions


def test_seed_url(seed_text):
    assert [s.value for s in find_urls(seed_text)] == ["http://unit.aist.go.jp/tohoku/"]


def test_seed_phones_and_emails(seed_text):
    assert [s.value for s in find_phones(seed_text)] == ["+81222631167", "+81222232658"]
    assert [s.value for s in find_emails(seed_text)] == ["thk-sangaku@meti.go.jp"]


def test_seed_with_spacing_artifacts_repaired(seed_text):
    # The spacing stage removes stray spaces; the finders must give the same answers either way.
    repaired = seed_text.replace("平成 17 年1月 25 日 盛岡市", "平成17年1月25日盛岡市")
    assert ("盛岡市", "岩手県") in [(s.text, s.attrs["prefecture"]) for s in find_addresses(repaired)]


# ---- contact blocks in general -------------------------------------------------------

BLOCKS = [
    # (text, org_text, address town, tel, fax, email, url)
    (
        "【お問い合わせ先】\n東北大学産学連携推進本部\n〒980-8577 仙台市青葉区片平2-1-1\nTEL:022-217-5089 FAX:022-217-5090\n",
        "東北大学産学連携推進本部",
        "片平",
        "+81222175089",
        "+81222175090",
        None,
        None,
    ),
    (
        "問合せ先：岩手県工業技術センター\nTEL/FAX 019-635-1115\nhttp://www.example.pref.iwate.jp/",
        "岩手県工業技術センター",
        None,
        "+81196351115",
        "+81196351115",
        None,
        "http://www.example.pref.iwate.jp/",
    ),
    (
        "■連絡先 山形大学 工学部\nE-mail: info@example.yamagata-u.ac.jp\n電話 0238-26-3000",
        "山形大学 工学部",
        None,
        "+81238263000",
        None,
        "info@example.yamagata-u.ac.jp",
        None,
    ),
    # Items on the label line itself; a blank line between the name and its items.
    (
        "お問い合わせ：TEL 022-111-2222\nFAX 022-111-3333\n",
        None,
        None,
        "+81221112222",
        "+81221113333",
        None,
        None,
    ),
    ("お問合せ先\n東北センター\n\nTEL 022-111-2222", "東北センター", None, "+81221112222", None, None, None),
    # No label: the lines of 〒/Tel/E-mail make the block, the short line above names it.
    (
        "本文です。\n\n東北センター 総務課\n〒983-8551 仙台市宮城野区苦竹4-2-1\nTel 022-237-5211\n",
        "東北センター 総務課",
        "苦竹",
        "+81222375211",
        None,
        None,
        None,
    ),
]


@pytest.mark.parametrize("text, org_text, town, tel, fax, email, url", BLOCKS)
def test_blocks(text, org_text, town, tel, fax, email, url):
    (block,) = find_contact_blocks(text, _spans(text))
    assert block.org_text == org_text
    assert (block.address.attrs["town"] if block.address else None) == town
    assert (block.tel.value if block.tel else None) == tel
    assert (block.fax.value if block.fax else None) == fax
    assert (block.email.value if block.email else None) == email
    assert (block.url.value if block.url else None) == url


@pytest.mark.parametrize(
    "text",
    [
        "詳しくは022-263-1167までお電話ください。",  # one phone in a sentence is not a block
        "担当：山田\n本文です。",  # a label with no contact item after it
        "★ 大学発ベンチャーの支援について の お問い合わせは、\n下記連絡先まで気軽にご連絡下さい。",
    ],
)
def test_not_blocks(text):
    assert find_contact_blocks(text, _spans(text)) == []
