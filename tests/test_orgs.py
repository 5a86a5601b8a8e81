"""Organisation mentions: the seed page is the spec, then small cases per rule."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import seed_repaired

from pipeline.entities.orgs import bare_name, find_orgs, find_orgs_model, org_key

# The seed page's 23 named mentions (after spacing repair). Counting: a compound name is
# ONE mention (東北経済産業局地域経済部産業支援課, 中小企業基盤整備機構東北支部, and the
# space-joined 産業技術総合研究所 東北センter are one each; their parts become the hierarchy
# in linking); 当局 before 産業クラスター計画推進室 is a reference, not part of the name.
SEED_NAMED = Counter(
    {
        "東北経済産業局": 2,  # title line "東北経済産業局紹介", members list
        "産学官連携推進室": 3,  # byline, first sentence, contact block
        "東北産学官連携協議会": 3,  # prose, heading, topic sentence
        "経済産業省": 1,
        "東北地域産学官連携事業推進連絡協議会": 1,  # former name, in 「」
        "産業技術総合研究所 東北センター": 1,
        "産業クラスター計画推進室": 1,
        "東北経済産業局地域経済部産業支援課": 1,
        "中小企業基盤整備機構": 2,  # heading, 「」 in prose
        "中小機構": 4,  # declared abbreviation, then used
        "中小企業基盤整備機構東北支部": 1,  # byline
        "中小企業総合事業団": 1,
        "地域振興整備公団": 1,
        "産業基盤整備基金": 1,
    }
)
SEED_DEICTIC = Counter({"当室": 3, "本協議会": 1, "当局": 1})
GENERIC = [
    "中小企業",
    "大学",
    "自治体",
    "東北各県",
    "リエゾン機関",
    "東北地域内大学",
    "県工業会",
    "大学発ベンチャー",
    "ベンチャーファンド",
    "MOT",
]


@pytest.fixture(scope="module")
def seed_spans():
    return find_orgs_model(seed_repaired())


def test_seed_named_mentions(seed_spans):
    named = Counter(s.text for s in seed_spans if s.attrs["kind"] != "deictic")
    assert sum(SEED_NAMED.values()) == 23
    assert named == SEED_NAMED


def test_seed_references(seed_spans):
    assert Counter(s.text for s in seed_spans if s.attrs["kind"] == "deictic") == SEED_DEICTIC


@pytest.mark.parametrize("word", GENERIC)
def test_seed_generic_nouns_not_tagged(seed_spans, word):
    assert word not in {s.text for s in seed_spans}


def test_seed_former_name_and_quoted(seed_spans):
    kinds = {s.text: s.attrs["kind"] for s in seed_spans}
    assert kinds["東北地域産学官連携事業推進連絡協議会"] == "former_name"


def test_span_text_matches_offsets(seed_spans):
    text = seed_repaired()
    assert all(text[s.start : s.end] == s.text and s.label == "ORG" for s in seed_spans)


# (text, expected mention texts) for the rule finder alone.
CASES = [
    ("経済産業省では施策を進める。", ["経済産業省"]),
    ("東北大学工学部の研究", ["東北大学工学部"]),
    ("株式会社サンプル・テックが発売した。", ["株式会社サンプル・テック"]),
    ("山田商事株式会社に入社。", ["山田商事株式会社"]),
    ("同機構は昨年設立された。", ["同機構"]),
    ("日本銀行が利上げした。", ["日本銀行"]),
    ("全国9カ所の支部に配置", []),  # bare suffix after の: generic
    ("各県の大学と連携する。", []),
    ("県工業会の会員", []),
    ("「大学発ベンチャー1000社計画」を提唱", []),  # plan names in 「」 are not organisations
    ("北部の町", []),  # 北部 is one word, not 北 + 部
]


@pytest.mark.parametrize("text,expected", CASES)
def test_rules(text, expected):
    assert [s.text for s in find_orgs(text)] == expected


def test_parent_and_unit_joined_by_one_space():
    spans = find_orgs("理化学研究所 仙台センターが主催")
    assert [s.text for s in spans] == ["理化学研究所 仙台センター"]
    assert spans[0].value == "理化学研究所仙台センター"


@pytest.mark.parametrize(
    "a,b",
    [
        ("トヨタ自動車（株）", "トヨタ自動車株式会社"),
        ("株式会社 山田製作所", "山田製作所"),
        ("ＡＢＣ協会", "ABC協会"),
        ("中小企業基盤整備機構 東北支部", "中小企業基盤整備機構東北支部"),
    ],
)
def test_org_key_unifies_forms(a, b):
    assert org_key(a) == org_key(b)


def test_model_finds_names_without_suffix():
    # Known gap of the rules, filled by the named-entity model (pipeline.entities.ner).
    spans = find_orgs_model("2010年にソニーと提携した。")
    assert "ソニー" in {s.text for s in spans}


def test_province_is_not_an_org():
    assert find_orgs("福建省に赴いた。") == []
    assert [s.text for s in find_orgs("内閣府と経済産業省")] == ["内閣府", "経済産業省"]


# --- names on real text: the whole name, legal form and units included -------------------


def _texts(text):
    return [s.text for s in find_orgs(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        # legal form before the name
        ("財団法人みちのく産業センターが調査した。", ["財団法人みちのく産業センター"]),
        ("学校法人青葉学園が運営する。", ["学校法人青葉学園"]),
        ("社会福祉法人やまびこ会の施設", ["社会福祉法人やまびこ会"]),
        ("協同組合仙台青果センターの市場", ["協同組合仙台青果センター"]),
        (
            "特定非営利活動法人みやぎ子ども支援ネットワークの報告",
            ["特定非営利活動法人みやぎ子ども支援ネットワーク"],
        ),
        # a name MeCab cuts into a verb, a particle and a filler after the legal form
        ("NPO法人グリーンワークスつばさが主催する。", ["NPO法人グリーンワークスつばさ"]),
        # bracketed and enclosed abbreviations, before or after
        (
            "（財）東北地域振興センターと(株)青葉テクノが協力",
            ["（財）東北地域振興センター", "(株)青葉テクノ"],
        ),
        ("㈶みちのく文化財団の助成", ["㈶みちのく文化財団"]),
        ("仙台精工（有）が受注した。", ["仙台精工（有）"]),
        ("みやぎ観光協会(社)の会報", ["みやぎ観光協会(社)"]),
        # an event or a job title after the name is not part of it
        ("株式会社ミナミ設立の経緯", ["株式会社ミナミ"]),
        ("株式会社みちのく映像代表取締役社長の話", ["株式会社みちのく映像"]),
        ("一般社団法人みやぎ観光協会理事の佐藤氏", ["一般社団法人みやぎ観光協会"]),
    ],
)
def test_legal_form_is_part_of_the_name(text, expected):
    assert _texts(text) == expected


@pytest.mark.parametrize(
    "text,expected,value",
    [
        (
            "株式会社 みやぎメディカル研究所が開発した。",
            "株式会社 みやぎメディカル研究所",
            "株式会社みやぎメディカル研究所",
        ),
        (
            "みやぎメディカル研究所 株式会社が受注した。",
            "みやぎメディカル研究所 株式会社",
            "みやぎメディカル研究所株式会社",
        ),
        ("有限会社　青葉精機（宮城県）", "有限会社　青葉精機", "有限会社青葉精機"),
    ],
)
def test_legal_form_across_an_ocr_space(text, expected, value):
    spans = find_orgs(text)
    assert [(s.text, s.value) for s in spans] == [(expected, value)]
    assert org_key(value) == org_key(value.replace("株式会社", "").replace("有限会社", ""))


@pytest.mark.parametrize(
    "text",
    [
        "株式会社を設立した。",
        "株式会社化を進める。",
        "NPO法人として認証された。",
        "社団法人等の公益法人",
        "株式会社 が",
        "（株）と（有）の違い",
    ],
)
def test_a_legal_form_alone_is_no_organisation(text):
    assert find_orgs(text) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("北上工業大学地域連携研究センターと連携する。", ["北上工業大学地域連携研究センター"]),
        ("青葉大学大学院情報科学研究科の教授", ["青葉大学大学院情報科学研究科"]),
        ("問い合わせは青葉区役所まちづくり推進課まで。", ["青葉区役所まちづくり推進課"]),
        ("東北大学大学院", ["東北大学大学院"]),  # not 東北大学大学
    ],
)
def test_a_unit_after_its_parent_stays_in_the_name(text, expected):
    assert _texts(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("申し込みは岩沼市保健センターへ。", ["岩沼市保健センター"]),
        ("山形県工業技術センターは、新型の装置を導入した。", ["山形県工業技術センター"]),
        ("見学会は青葉精工株式会社で行う。", ["青葉精工株式会社"]),
    ],
)
def test_names_before_particles(text, expected):
    assert _texts(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("場所:青葉市民センター 第二会議室", ["青葉市民センター"]),
        ("会場は県民会館 大会議室です。", []),
        ("東北事務所 3階研修室にて", ["東北事務所"]),
        ("産学官連携推進室 室長", ["産学官連携推進室"]),  # a unit, not a room
    ],
)
def test_a_room_is_no_organisation_nor_a_unit_of_one(text, expected):
    assert _texts(text) == expected


def test_a_proper_noun_opening_with_kaku_is_no_each():
    # 各務 is a family name, not 各 (each): 各務記念… is a name, 各県の… is not.
    assert _texts("開設された各務記念化学研究所は、") == ["各務記念化学研究所"]
    assert _texts("各県の研究所は、") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("広島大と山口県立大、電通大の研究者が参加した。", ["広島大", "山口県立大", "電通大"]),
        ("京大と阪大", ["京大", "阪大"]),
        ("宮城教育大教授の話", ["宮城教育大"]),
        ("仙台短大と札幌医大、北上高専", ["仙台短大", "札幌医大", "北上高専"]),
        ("東日本大震災の被災地", []),  # 大 of 大震災
        ("実物大の模型", []),
    ],
)
def test_newspaper_short_forms_of_universities(text, expected):
    assert _texts(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("「みやぎ環境研究会」が発足した。", "みやぎ環境研究会"),
        ("「みんなのまちづくり研究会」が発足した。", "みんなのまちづくり研究会"),
        ("「青葉の杜協議会」が提言した。", "青葉の杜協議会"),
        ("「せんだい子育て支援センター」を開設した。", "せんだい子育て支援センター"),
    ],
)
def test_quoted_names_ending_in_a_suffix(text, expected):
    spans = find_orgs(text)
    assert [s.text for s in spans] == [expected]
    assert spans[0].attrs["kind"] == "quoted"


@pytest.mark.parametrize(
    "text",
    [
        "「地域の大学」と連携する。",
        "「ネットワークと共有センター」を開く。",
        "「大学発ベンチャー1000社計画」を提唱",
    ],
)
def test_quoted_phrases_are_not_names(text):
    quoted = text[text.index("「") + 1 : text.index("」")]
    assert quoted not in _texts(text)


@pytest.mark.parametrize(
    "text",
    [
        "日本料理屋で食事した。",
        "青葉区総合防災訓練を実施した。",
        "美容室を開いた。",
        "総合病院に運ばれた。",
        "手術室の前で待つ。",
        "市の中心部で",
        "第3回研究会を開く。",
        "発行部数100万部",
        "グランド・講堂・短大",
    ],
)
def test_common_nouns_are_not_organisations(text):
    assert find_orgs(text) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("旧青葉銀行の建物", ["青葉銀行"]),
        ("関連会社みちのく映像社の役員", ["みちのく映像社"]),
        ("全日本みちのく空手協会", ["全日本みちのく空手協会"]),
    ],
)
def test_words_before_a_name_that_are_not_part_of_it(text, expected):
    assert _texts(text) == expected


@pytest.mark.parametrize(
    "name,bare",
    [
        ("株式会社", True),
        ("（株）", True),
        ("㈱", True),
        ("NPO法人", True),
        ("センター", True),
        ("中小企業", True),
        ("株式会社 本社", True),
        ("株式会社ミナミ", False),
        ("日本銀行", False),
        ("国会", False),
    ],
)
def test_bare_name(name, bare):
    assert bare_name(name) is bare


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    given = None

if given is not None:
    _ALPHABET = st.sampled_from(
        list("東北経済産業局部課室機構協議会中小企業当本同（）()「」株式会社 　、。\nアイウABC123の")
    )

    @settings(max_examples=60, deadline=None)
    @given(st.lists(_ALPHABET, max_size=40).map("".join))
    def test_fuzz_offsets_hold(text):
        for sp in find_orgs_model(text):
            assert text[sp.start : sp.end] == sp.text and sp.start < sp.end


BULK_CASES = [
    seed_repaired(),
    "株式会社サラブレッド・ブリーダーズ・クラブと（株）東北テクノアーチは、同社の子会社である。",
    "株式会社 みやぎメディカル研究所と(株)青葉テクノ、仙台精工 （有）、（財）東北地域振興センター",
    "青葉商事株式会社 みちのく製作所株式会社 株式会社 ",
    "有限会社　青葉精機（宮城県）と青葉精機　（株）",
    "仙台高等専門学校とセキュア・テクノロジー株式会社、必要な書類、特別な委員会、有名書店",
    "当局産業クラスター計画推進室は東北経済産業局地域経済部産業支援課にある。3日の会議。",
    "・・東北大学・工学部　東北センター 研究所・",
    "",
]


def _token_loop_runs(tokens, text=""):
    """The spec of pipeline.entities.orgs._name_chains, one token at a time: maximal runs of adjacent
    name-like tokens, a joining symbol between two of them included; the tokens of a legal
    form are name-like, and one standing alone joins the name after it (else before it)
    across one space; an adjectival noun before a name-like token is name-like."""
    import re

    from pipeline.entities.orgs.chains import _chain_token, _NameAdjectivals
    from pipeline.entities.orgs.words import _SYMBOL_INSIDE, legal_forms

    start, end, sf, p1, p2 = tokens.start, tokens.end, tokens.surface, tokens.pos1, tokens.pos2
    n = len(sf)
    in_legal, legal = set(), []
    for m in re.finditer("|".join(map(re.escape, legal_forms())), text):
        if m.start() in start and m.end() in end:
            a, b = start.index(m.start()), end.index(m.end())
            legal.append((a, b))
            in_legal.update(range(a, b + 1))

    def name_like(k):
        return k in in_legal or _chain_token(sf[k], p1[k], p2[k])

    def space_token(k):
        return (
            0 < k < n - 1 and sf[k] in (" ", "\u3000") and end[k - 1] == start[k] and end[k] == start[k + 1]
        )

    glued = set()  # k: token k and k + 1 are joined across one space
    for a, b in legal:
        if (a > 0 and end[a - 1] == start[a] and name_like(a - 1)) or (
            b + 1 < n and end[b] == start[b + 1] and name_like(b + 1)
        ):
            continue
        if b + 1 < n and start[b + 1] == end[b] + 1 and text[end[b]] in " \u3000" and name_like(b + 1):
            glued.add(b)
        elif b + 2 < n and space_token(b + 1) and name_like(b + 2):
            in_legal.add(b + 1)
        elif a > 0 and start[a] == end[a - 1] + 1 and text[end[a - 1]] in " \u3000" and name_like(a - 1):
            glued.add(a - 1)
        elif a > 1 and space_token(a - 1) and name_like(a - 2):
            in_legal.add(a - 1)
    adjectival = set()
    for k in range(n - 1):  # an adjectival noun before a name token (高等専門学校)
        if (
            p1[k] == "形状詞"
            and sf[k] in _NameAdjectivals()
            and end[k] == start[k + 1]
            and (
                name_like(k + 1)
                or (
                    sf[k + 1] in _SYMBOL_INSIDE
                    and k + 2 < n
                    and end[k + 1] == start[k + 2]
                    and not name_like(k + 1)
                    and name_like(k + 2)
                )
            )
        ):
            adjectival.add(k)
    in_legal |= adjectival
    out = []
    i = 0
    while i < n:
        if not name_like(i):
            i += 1
            continue
        j = i
        while j + 1 < n and (end[j] == start[j + 1] or j in glued):
            nxt = j + 1
            if name_like(nxt):
                j = nxt
                continue
            if (
                sf[nxt] in _SYMBOL_INSIDE
                and nxt + 1 < n
                and end[nxt] == start[nxt + 1]
                and name_like(nxt + 1)
            ):
                j = nxt + 1
                continue
            break
        out.append((i, j))
        i = j + 1
    return out


@pytest.mark.parametrize("text", BULK_CASES)
def test_bulk_noun_runs_are_the_runs_of_the_token_loop_that_can_hold_a_name(text, monkeypatch):
    import pipeline.entities.orgs.chains as chains
    import pipeline.entities.orgs.rules as rules
    from pipeline.text.tokens import tokenize

    tokens = tokenize(text)
    assert set(chains._name_chains(text, tokens)) <= set(_token_loop_runs(tokens, text))
    fast = [(s.start, s.end, s.rule) for s in find_orgs(text, tokens)]
    monkeypatch.setattr(rules, "_name_chains", lambda t, tk: _token_loop_runs(tk, t))
    assert fast == [(s.start, s.end, s.rule) for s in find_orgs(text, tokens)]


# --- the merge policy of find_orgs_model, with the model's output given by the test -------
# The CRF's answer is replaced by a fixed one, so each rule of the policy is checked on its
# own: which names the model "found" (with a confidence) and how much it leans to a token.


def _with_model(monkeypatch, found=(), lean=()):
    """Make the model report ``found`` [(name, confidence)] and give every token of the
    names in ``lean`` [(name, probability)] that probability of being inside a name."""
    import numpy as np

    import pipeline.entities.ner.model as ner
    from pipeline.document.spans import LOCATION, ORG, PERSON, Span
    from pipeline.entities.ner.model import Analysis

    def fake(text, tokens, *args, **kwargs):
        spans = []
        for name, conf in found:
            s = text.index(name)
            spans.append(Span(s, s + len(name), ORG, name, name, "ner_crf", {"confidence": conf}))
        p = np.zeros(len(tokens))
        for name, prob in lean:
            s = text.index(name)
            for k, (a, b) in enumerate(zip(tokens.start, tokens.end)):
                if s <= a and b <= s + len(name):
                    p[k] = prob
        zero = np.zeros(len(tokens))
        return Analysis(spans, {ORG: p, PERSON: zero, LOCATION: zero})

    monkeypatch.setattr(ner, "analyse", fake)


def _names(text):
    return [s.text for s in find_orgs_model(text)]


def test_policy_a_parent_with_its_units_wins_over_the_model(monkeypatch):
    _with_model(monkeypatch, found=[("東北経済産業局", 0.99)])
    assert _names("東北経済産業局地域経済部産業支援課が発表した。") == ["東北経済産業局地域経済部産業支援課"]


def test_policy_the_model_decides_a_single_suffix_name_in_prose(monkeypatch):
    _with_model(monkeypatch)
    assert _names("彼は山田技術研究所で働いた。") == []
    _with_model(monkeypatch, found=[("山田技術研究所", 0.9)])
    assert _names("彼は山田技術研究所で働いた。") == ["山田技術研究所"]


def test_policy_a_model_name_replaces_the_rule_name_it_overlaps(monkeypatch):
    _with_model(monkeypatch, found=[("山田技術研究所附属農場", 0.95)])
    assert _names("彼は山田技術研究所附属農場で働いた。") == ["山田技術研究所附属農場"]


def test_policy_a_rule_name_that_extends_the_models_keeps_its_whole_name(monkeypatch):
    # The model stops short of a unit or a legal form the rules read: the whole name wins.
    _with_model(monkeypatch, found=[("山田", 0.95)])
    assert _names("彼は山田技術研究所で働いた。") == ["山田技術研究所"]
    _with_model(monkeypatch, found=[("東北ヘルスケア研究所", 0.95)])
    assert _names("株式会社 東北ヘルスケア研究所と提携した。") == ["株式会社 東北ヘルスケア研究所"]


def test_policy_model_names_below_the_confidence_floor_are_ignored(monkeypatch):
    _with_model(monkeypatch, found=[("ソニー", 0.4)])
    assert _names("2010年にソニーと提携した。") == []
    _with_model(monkeypatch, found=[("ソニー", 0.6)])
    assert _names("2010年にソニーと提携した。") == ["ソニー"]


def test_policy_a_model_name_of_common_nouns_only_needs_high_confidence(monkeypatch):
    _with_model(monkeypatch, found=[("ベンチャーファンド", 0.7)])
    assert _names("ベンチャーファンドを設立した。") == []
    _with_model(monkeypatch, found=[("ベンチャーファンド", 0.85)])
    assert _names("ベンチャーファンドを設立した。") == ["ベンチャーファンド"]


@pytest.mark.parametrize(
    "text",
    [
        "山田技術研究所 所長の話。",  # a job title follows
        "山田技術研究所\n本文です。",  # a line of its own
        "連絡先：山田技術研究所\n本文です。",  # a line of its own after a label
        "山田技術研究所を訪ねた。同研究所は古い。",  # a later reference points back
    ],
)
def test_policy_the_text_can_vouch_for_a_rule_name_the_model_does_not_see(monkeypatch, text):
    _with_model(monkeypatch)
    assert "山田技術研究所" in _names(text)


def test_policy_the_model_leaning_to_a_rule_name_keeps_it(monkeypatch):
    _with_model(monkeypatch, lean=[("山田技術研究所", 0.6)])
    assert _names("彼は山田技術研究所で働いた。") == ["山田技術研究所"]
    _with_model(monkeypatch, lean=[("山田技術研究所", 0.3)])
    assert _names("彼は山田技術研究所で働いた。") == []


def test_policy_a_name_accepted_once_is_accepted_throughout_the_issue(monkeypatch):
    _with_model(monkeypatch)
    assert _names("山田技術研究所\n彼は山田技術研究所で働いた。") == ["山田技術研究所", "山田技術研究所"]


def test_policy_references_are_always_kept(monkeypatch):
    _with_model(monkeypatch, found=[("新設", 0.99)])
    assert "当室" in _names("当室は新設された。")


def test_policy_a_name_with_its_legal_form_is_strong_evidence(monkeypatch):
    # The model sees nothing, or only the part after the form: the legal form marks an
    # organisation beyond doubt, and the form is part of the name.
    _with_model(monkeypatch)
    assert _names("財団法人栗駒高原交流センターの調査によると") == ["財団法人栗駒高原交流センター"]
    _with_model(monkeypatch, found=[("NPO", 0.9)])
    assert _names("NPO法人ひだまりネットさくらが主催した。") == ["NPO法人ひだまりネットさくら"]


def test_policy_a_legal_form_next_to_a_model_name_joins_it(monkeypatch):
    _with_model(monkeypatch, found=[("みちのく総合研究所", 0.95)])
    assert _names("連絡先社団法人みちのく総合研究所まで") == ["社団法人みちのく総合研究所"]


# ---------------------------------------------------------------- municipal bulletins
@pytest.mark.parametrize(
    "text, name",
    [
        ("生涯学習課の職員が取材しました。", "生涯学習課"),  # 生涯 (副詞可能) opens the name
        ("東大和市立公民館で講座を開きます。", "東大和市立公民館"),
        ("佐賀市立図書館の蔵書", "佐賀市立図書館"),
        ("会場は中央公民館です。", "中央公民館"),
        ("館林市役所の窓口", "館林市役所"),
    ],
)
def test_municipal_institutions(text, name):
    assert name in [sp.text for sp in find_orgs(text)]


@pytest.mark.parametrize("text, name", [("今年度東北大学で", "東北大学"), ("以前宮城県庁に", "宮城県庁")])
def test_a_time_word_before_a_name_stays_outside(text, name):
    assert [sp.text for sp in find_orgs(text)] == [name]


def test_a_generic_facility_word_alone_is_no_organisation():
    assert find_orgs("詳しくは各公民館へお問い合わせください。") == []


def test_a_contact_lines_head_is_kept_by_the_merge():
    text = "生涯学習課☎(46)3331\n広報室"
    assert [sp.text for sp in find_orgs_model(text)] == ["生涯学習課", "広報室"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("協力:ＮＰＯ法人ひろさき里山の会 鈴木さん", "ＮＰＯ法人ひろさき里山の会"),  # a legal form before it
        ("盛岡フランス語の会に参加しました。", "盛岡フランス語の会"),  # a proper noun in it
    ],
)
def test_a_society_named_no_kai(text, name):
    assert name in [sp.text for sp in find_orgs(text)]


@pytest.mark.parametrize("text", ["送別の会を開きました。", "年末に感謝の会を催す。", "東北大学の会議室で"])
def test_an_event_or_another_word_after_no_is_not_a_society(text):
    assert not any(sp.text.endswith(("の会", "の会議")) for sp in find_orgs(text))


@pytest.mark.parametrize("name", ["石巻川開き祭り協賛会", "秋保田植踊保存会", "八幡町内会", "仙台囲碁愛好会"])
def test_local_societies(name):
    assert name in [sp.text for sp in find_orgs(f"主催は{name}です。")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("特定非営利活動法人青葉市民活動機構定款第5条に基づく。", ["特定非営利活動法人青葉市民活動機構"]),
        ("公益財団法人みどり文化財団規程により定める。", ["公益財団法人みどり文化財団"]),
    ],
)
def test_the_rules_of_an_organisation_are_no_part_of_its_name(text, expected):
    assert _texts(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [("NPO法人ネット21の活動", ["NPO法人ネット21"]), ("株式会社第一は", ["株式会社第一"])],
)
def test_numbers_in_a_legal_form_name_stay(text, expected):
    assert _texts(text) == expected
