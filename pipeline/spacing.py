"""Spacing repair: tell scan/scrape spacing artifacts from spaces that carry meaning.

Every whitespace run of the text gets one `SpaceDecision`, decided from a local window
around it: character classes first (cheap and decisive for Latin, digits, punctuation,
full-width spaces, indentation), then, only for a space between two Japanese letters,
the MeCab lattice and UniDic POS of a few characters on both sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.datafiles import alternation, data_lines
from pipeline.layout import FLAT_MIN, restored_breaks, vertical_break
from pipeline.line_shapes import (
    BARE_NAME,
    KANA_GIVEN,
    MASTHEAD,
    ROSTER_ENTRY,
    chrome_rule,
    is_dateline,
    shape,
)
from pipeline.tagger import get_tagger
from pipeline.vocab import person_titles

KEPT = "kept"
REMOVED = "removed"
COLLAPSED = "collapsed"
LINE_BREAK = "line_break"  # a space that was a line break (a flattened page), restored

# Characters of context on each side given to MeCab: enough for a word or two.
WINDOW = 8
# A line this short without sentence punctuation reads as a heading, list or contact line.
SHORT_LINE = 40
# How far to look for the ends of the current line.
LINE_LOOK = 1000


@dataclass(frozen=True, slots=True)
class SpaceDecision:
    """What to do with one whitespace run ``text[start:end]`` and why."""

    start: int
    end: int
    action: str
    reason: str
    replacement: str = ""


@dataclass(frozen=True)
class Repair:
    """Repaired text and the decision taken for every whitespace run of the input."""

    text: str
    edits: list[SpaceDecision]


# The characters \s matches (str.isspace), all in the Basic Multilingual Plane, as a class of
# their own: re tests a listed class much faster than the Unicode whitespace category of \s,
# which takes a function call for every non-ASCII character, that is most of a Japanese text.
_WHITESPACE = re.escape("".join(c for c in map(chr, range(0x10000)) if c.isspace()))
# A whitespace run.  Written as a class then its repeat rather than one repeat: a pattern that
# opens with a character class lets re skip the text between runs fast instead of trying a
# match at every character.
_RUN = re.compile(f"[{_WHITESPACE}][{_WHITESPACE}]*")
# Kept spaces between words of these kinds are normalised to a single space.
_ONE_SPACE_REASONS = frozenset({"latin_words", "ascii_words", "contact_line"})
_NOT_WS = re.compile(r"\S")
_WS_CHARS = re.compile(r"\s+")
_BLANK = re.compile(r"[ \t\u3000]")  # a blank inside a line: fields and words split on it
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]")
_DIGIT = re.compile(r"[0-9\uff10-\uff19]")
_ASCII = re.compile(r"[!-~]")
# Kana, kanji and the marks that live inside Japanese words.
_JA_LETTER = re.compile(
    r"[\u3041-\u309f\u30a1-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ〇\uff66-\uff9f]"
)
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc-\u30ff]")
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_LABEL_MARK = r"[■□◆◇●○・◎【［\[〔]?[ \t\u3000]*"


@lru_cache(maxsize=1)
def _field_shapes() -> tuple[re.Pattern, re.Pattern]:
    """A notice's field label (主催, 会場, 編集発行 …: the shape field_label_word) before its
    value after a space, and a line that opens with one and a colon or a bracket (主催:, 【日時】)."""
    words = shape("field_label_word").pattern
    label = re.compile(rf"{_LABEL_MARK}{words}[ \t\u3000]*[】］\]〕]?(?=[ \u3000])")
    # Any short label before a colon opens a field line too (参加者:63名, 出演者:…), its
    # letters spaced out or not (日  時:…).
    any_label = r"[\u4e00-\u9fff々ァ-ヶー](?:[ \u3000]{0,3}[\u4e00-\u9fff々ァ-ヶー]){1,5}[ \t\u3000]*[:：]"
    line = re.compile(rf"[ \t\u3000]*{_LABEL_MARK}(?:{words}[ \t\u3000]*(?:[】］\]〕]|[:：])|{any_label})")
    return label, line


# A line break after these ends a sentence or a bracketed caption: never mid-sentence.
_KANJI_END = re.compile(r"[\u4e00-\u9fff]{2}会$")
_SENTENCE_END = frozenset("。．！？!?」』）)】〕…―─:：")
# Symbols that open a list line ("★ 大学発ベンチャー…"): the space after them is layout.
_BULLETS = frozenset("★☆●○◎■□◆◇▲△▼▽※・-*＊→")
_OPEN_QUOTES = frozenset("「『（(〔【《〈")
_SENTENCE_PUNCT = re.compile(r"[、。，．！？]")
_POSTAL = re.compile(r"〒?\s*\d{3}[-‐－−]\d{4}$")
_PHONE_AHEAD = re.compile(r"\(?0?\d{1,4}\)?[-‐－−()（）]\d{1,4}[-‐－−]\d{3,4}")
# The end of a street number ("2-4", "9丁目", "3番8号"), after which a building name may follow.
_ADDRESS_NUMBER = re.compile(r"(?:\d+(?:[-‐－−]\d+)+|[\d一二三四五六七八九十]+(?:丁目|番地|番)(?:\d+号)?)$")
# A municipality word, so that a road number ("県道407号") does not count as an address.
_ADDRESS_WORD = re.compile(r"[市区町村郡]")
# These continue the street number ("1番 地", "3 号"), they never start a building name.
_ADDRESS_COUNTERS = frozenset("地号丁条番")
_BUILDING_START = re.compile(r"[\u30a1-\u30ff\u4e00-\u9fff]")
# A date that ends right before the space ("平成17年1月25日 盛岡市").
_DATE_END = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十〇]{1,3})日$")
# The start of an address line: optional prefecture, then a municipality.
_ADDRESS_LINE = re.compile(
    r"(?:北海道|東京都|京都府|大阪府|[\u4e00-\u9fff]{2,3}県)?[\u4e00-\u9fff\u3041-\u309f\u30a1-\u30ff]{1,5}?[市区郡町村]"
)
_CONTACT_HEAD = re.compile(r"(?:連絡先|問い?合わ?せ先|問合せ先|お問い合わせ先)")
# A line that is a person's name alone, family and given name apart, maybe set right.
_NAME_LINE = re.compile(rf"[ \t\u3000]*(?:{BARE_NAME.pattern})[ \t\u3000]*")


def _lines(name: str) -> list[str]:
    """Entries of a data file, stripped."""
    return [line.strip() for line in data_lines(name)]


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    # The people finder's titles (a space after one before a name is meaningful: 室長 千葉 康典).
    titles = alternation(person_titles())
    orgs = alternation(_lines("spacing_org_suffixes.txt"))
    # Before a person's full name, every institutional suffix the organisation finder knows
    # (課, 室, 公民館 ...) ends a name: the name after it is evidence enough (広報室 土屋 洋太).
    org_names = alternation(
        [ln.split("\t")[0] for ln in data_lines("org_suffixes.tsv")] + _lines("spacing_org_suffixes.txt")
    )
    units = alternation(_lines("spacing_unit_words.txt"))
    cues = "|".join(_lines("spacing_contact_cues.txt"))
    counters = alternation(_lines("spacing_number_counters.txt"))
    sep = r"[ \t\u3000]+"
    name = r"[^\s、。,.:：()（）「」]{1,5}"
    return {
        # "[org ]title family given" on a line of its own.
        "byline": re.compile(
            rf"[ \t\u3000]*(?:(\S+){sep})?(\S*(?:{titles})){sep}({name}){sep}({name})[ \t\u3000]*$"
        ),
        "title_end": re.compile(rf"(?:{titles})$"),
        # A title opening the text at a position, after 副, 前 … (副議長).
        "title_start": re.compile(rf"(?:{alternation(_lines('people_title_prefixes.txt'))})?(?:{titles})"),
        "org_end": re.compile(rf"(?:{orgs})$"),
        # A post after an organisation (株式会社 常勤監査役, 製作所 取締役社長, 蜻蛉会 会長):
        # a few kanji of its unit, then titles, then the end of the field.
        "post_ahead": re.compile(
            rf"[\u4e00-\u9fff]{{0,4}}?(?:{titles})(?:[\u4e00-\u9fff]{{0,3}}?(?:{titles}))*(?=$|[\s(（、，,・/／])"
        ),
        "legal_form": re.compile(alternation(_lines("org_legal_forms.txt"))),
        "honorific_end": re.compile(rf"[^\s]{{2}}(?:{alternation(_lines('people_honorifics.txt'))})$"),
        "org_name_end": re.compile(rf"(?:{org_names})$"),
        "unit_ahead": re.compile(rf"^[^\s、。,.()（）「」]{{0,8}}?(?:{units})(?![\u4e00-\u9fff])"),
        "contact": re.compile(rf"(?:{cues})", re.IGNORECASE),
        # Used with match(text, pos): "^" would not anchor at pos, match() does.
        "contact_start": re.compile(rf"[ \t\u3000]*(?:{cues})", re.IGNORECASE),
        "contact_label_end": re.compile(rf"(?:{cues})[:：]?$", re.IGNORECASE),
        # Used with match(text, pos): a counter or unit that ends a number (号, %, cm).
        "counter_ahead": re.compile(rf"[ ]{{0,2}}(?:{counters})(?![A-Za-z])"),
    }


_SURROGATE = re.compile("[\ud800-\udfff]")


def _tokens(text: str) -> list:
    # MeCab cannot take lone surrogates; U+FFFD keeps the length, so positions hold.
    return get_tagger()(_SURROGATE.sub("\ufffd", text))


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start of the line holding ``start`` and end of the line holding ``end``.

    Searches at most LINE_LOOK characters each way, so that a text without line breaks
    stays linear; a longer line gets a pseudo boundary, which no line rule accepts.
    """
    lo = max(0, start - LINE_LOOK)
    line_start = text.rfind("\n", lo, start) + 1 or lo
    hi = min(len(text), end + LINE_LOOK)
    line_end = text.find("\n", end, hi)
    return line_start, hi if line_end < 0 else line_end


def _is_ja(ch: str) -> bool:
    return bool(_JA_LETTER.match(ch))


def _pos(node) -> tuple[str, str, str, str]:
    f = node.feature
    return f.pos1, f.pos2, f.pos3, f.pos4


def _japanese_evidence(
    text: str, start: int, end: int, *, line_start: int, line_end: int, line_break: bool = False
) -> tuple[str, str]:
    """Decide a space between two Japanese letters from the MeCab lattice and UniDic POS."""
    pats = _patterns()
    lo = max(line_start, start - WINDOW)
    hi = min(line_end, end + WINDOW)
    # Widen to whole katakana words: a loan word cut in half reads as an unknown word.
    while (
        lo > line_start
        and start - lo < 2 * WINDOW
        and _KATAKANA.match(text, lo - 1)
        and _KATAKANA.match(text, lo)
    ):
        lo -= 1
    while (
        hi < line_end
        and hi - end < 2 * WINDOW
        and _KATAKANA.match(text, hi - 1)
        and _KATAKANA.match(text, hi)
    ):
        hi += 1
    left = _WS_CHARS.sub("", text[lo:start])
    right = _WS_CHARS.sub("", text[end:hi])
    spaced = _tokens(left + " " + right)
    k = next((i for i, node in enumerate(spaced) if node.white_space), None)
    if not k:
        return REMOVED, "between_words"
    lt, rt = spaced[k - 1], spaced[k]
    lpos, rpos = _pos(lt), _pos(rt)
    # Checked first: a real name boundary never cuts a dictionary word ("原 理", "武 田氏" do).
    if _splits_word(left, right, known_only=line_break):
        return REMOVED, "splits_dictionary_word"

    if lpos[2] == "人名" and lpos[3] == "姓" and rpos[2] == "人名" and rpos[3] != "姓":
        return KEPT, "person_name"
    if lpos[2] == "人名" and lpos[3] == "姓" and KANA_GIVEN.match(text, end, line_end):
        return KEPT, "person_name"  # a given name in kana (浦野 かをる、…)
    if (
        lpos[2] == "人名"
        and (end - start >= 2 or text[start] == "\u3000")
        and pats["title_start"].match(text, end, line_end)
    ):
        return KEPT, "field_gap"  # 議長 渡辺 一郎  副議長 小野寺 ゆかり: a wide gap before the next title
    if pats["title_end"].search(left) and rpos[2] == "人名":
        return KEPT, "job_title"
    if (
        pats["org_name_end"].search(left)
        and rpos[2] == "人名"
        and rpos[3] == "姓"
        and k + 1 < len(spaced)
        and _pos(spaced[k + 1])[2] == "人名"
    ):
        # An organisation, then a person's full name (新潟大学 川崎一正): a byline or a list.
        return KEPT, "org_then_person"
    if (
        lpos[1] == rpos[1] == "固有名詞"
        and not (lt.is_unk or rt.is_unk)
        and _KATAKANA.match(text, start - 1)
        and _KATAKANA.match(text, end)
    ):
        # Two katakana proper nouns side by side: a brand and its owner ("ビーム サントリー").
        return KEPT, "katakana_names"
    if _DATE_END.search(left) and rpos[2] == "地名":
        return KEPT, "date_then_place"
    if rpos[0] in ("助詞", "助動詞"):
        return REMOVED, "particle_follows"
    if rpos[0] == "接尾辞":
        return REMOVED, "suffix_follows"
    if rpos[0] == "補助記号" or lpos[0] == "補助記号":
        return REMOVED, "punctuation"
    if lpos[0] == "接頭辞":
        return REMOVED, "prefix_precedes"

    if lpos[0] in ("助詞", "助動詞"):
        if lt.surface in _PHRASE_END_PARTICLES and _headline(
            text, start, end, line_start, line_end, ("動詞",)
        ):
            return KEPT, "headline"  # 技術者育成へ 岩手で…: a headline phrase ends in へ/に/も
        return REMOVED, "particle_precedes"
    if pats["org_end"].search(left) and pats["unit_ahead"].match(text[end:line_end]):
        return KEPT, "organisation_unit"
    if _run_in_heading(text, start, end, line_start=line_start, line_end=line_end):
        return KEPT, "run_in_heading"
    if _headline(text, start, end, line_start, line_end, lpos):
        return KEPT, "headline"
    return REMOVED, "between_words"


_PARTICLE_IN = re.compile("[のがをにでとへも]")
# Words a number continues (平成 17, 第 3, 約 5): the space before the number is an artifact.
# One list for the headline rule here and for torn numbers (`_NUMBER_PREFIX`), which reads a
# one-kanji word more strictly, as it joins digits rather than only declining to keep a space.
_ERA_WORDS = "明治|大正|昭和|平成|令和|西暦"
_COUNTING_KANJI = "約計全各毎同翌今本来昨"
_COUNTS_ON = re.compile(rf"(?:{_ERA_WORDS}|[第{_COUNTING_KANJI}])$")
# Particles that end a headline's phrase (…育成へ, …100社に, …も); の, を, が run on.
_PHRASE_END_PARTICLES = frozenset("へにも")
_DATE_PHRASE_END = re.compile(r"[0-9０-９〇一二三四五六七八九十元](?:年度?|月|日)$")


def _headline(text: str, start: int, end: int, line_start: int, line_end: int, lpos) -> bool:
    """A newspaper headline's space between two phrases (産学官の連携探る 呉でコーディネーター
    全国会議): the line stands alone, is short and has no full stop; the phrase before the
    space ends in a verb or adjective or a date, or both phrases are clauses with a particle."""
    if line_end - line_start > SHORT_LINE or "。" in text[line_start:line_end]:
        return False
    if not (
        (line_start == 0 or text[line_start - 1] == "\n")
        and (line_end == len(text) or text[line_end] == "\n")
    ):
        return False
    head, tail = text[line_start:start].strip(), text[end:line_end].strip()
    if len(head) < 3 or len(tail) < 3 or _WS_CHARS.search(head) or _WS_CHARS.search(tail):
        return False
    return (
        lpos[0] in ("動詞", "形容詞")
        or bool(_DATE_PHRASE_END.search(head))
        or bool(_PARTICLE_IN.search(head) and _PARTICLE_IN.search(tail))
    )


def _roster_entry(text: str, start: int, end: int, line_start: int, line_end: int) -> bool:
    """Whether the space splits a roster's name whose post follows in brackets (ROSTER_ENTRY:
    one to three kanji, the space, one to three letters, then (教育長))."""
    for k in (1, 2, 3):
        m = ROSTER_ENTRY.match(text, start - k, line_end) if start - k >= line_start else None
        if m is not None and m.end(1) == start and m.start(2) == end:
            return _patterns()["title_end"].search(m.group(3)) is not None
    return False


def _suffix_ahead(left: str, right: str) -> bool:
    """Whether MeCab reads ``left + right`` with a suffix at the junction (主催 + 者): the
    word goes on across the space."""
    pos = 0
    for node in _tokens(left + right):
        pos += len(node.white_space)
        if pos >= len(left):
            return pos == len(left) and _pos(node)[0] == "接尾辞"
        pos += len(node.surface)
    return False


def _splits_word(left: str, right: str, *, known_only: bool = False) -> bool:
    """Whether MeCab reads ``left + right`` with one token across the junction.

    With ``known_only`` the token must be a dictionary word, not an unknown-word run
    (MeCab groups any katakana run into one unknown token, so "アンリ" + "ヴェルネ" fuse).
    """
    cut = len(left)
    pos = 0
    for node in _tokens(left + right):
        pos += len(node.white_space)
        nxt = pos + len(node.surface)
        if pos < cut < nxt:
            return not (known_only and node.is_unk)
        if nxt >= cut:
            return False
        pos = nxt
    return False


def _run_in_heading(text: str, start: int, end: int, *, line_start: int, line_end: int) -> bool:
    """A short heading that opens a paragraph after a blank line ("MOTの推進・普及 昨年度から…")."""
    if line_start < 2 or text[line_start - 2 : line_start] != "\n\n":
        return False
    head = text[line_start:start]
    body = text[end:line_end]
    if not 3 <= len(head) <= 25 or _NOT_WS.search(head) is None or re.search(r"\s", head.strip()):
        return False
    if _SENTENCE_PUNCT.search(head) or "。" not in body:
        return False
    return len(body) >= 2 * len(head)


def _byline(text: str, start: int, line_start: int, line_end: int) -> str | None:
    """Reason for a space on a byline ("室長 千葉 康典"), else None."""
    m = _patterns()["byline"].match(text, line_start, line_end)
    if m is None or m.end() != line_end:
        return None
    if m.group(1) is not None and m.end(1) <= start < m.start(2):
        return "byline"
    if m.end(2) <= start < m.start(3):
        return "job_title"
    if m.end(3) <= start < m.start(4):
        return "person_name"
    return None


def _has_contact_cue(text: str, line_start: int, line_end: int, memo: dict[tuple[int, int], bool]) -> bool:
    """Whether the line holds a contact cue; ``memo`` keeps the answer for the line's other
    spaces (a line of Latin words has many, and the case-insensitive search is slow)."""
    key = (line_start, line_end)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _patterns()["contact"].search(text, line_start, line_end) is not None
    return found


def _decide_horizontal(
    text: str, start: int, end: int, run: str, cue_memo: dict[tuple[int, int], bool]
) -> tuple[str, str]:
    if start == 0 or text[start - 1] == "\n":
        return KEPT, "indentation"
    if end == len(text):
        return REMOVED, "trailing_space"
    if "\t" in run:
        return KEPT, "tab_separator"
    if "\u3000" in run:
        return KEPT, "full_width_space"
    left, right = text[start - 1], text[end]
    line_start, line_end = _line_bounds(text, start, end)
    pats = _patterns()
    latin = _LATIN.match(left) or _LATIN.match(right)
    ascii_pair = _ASCII.match(left) and _ASCII.match(right)
    if (latin or ascii_pair) and _has_contact_cue(text, line_start, line_end, cue_memo):
        return KEPT, "contact_line"
    if _DIGIT.match(left) or _DIGIT.match(right):
        decided = _number_space(text, start, end, line_start, line_end)
        if decided:
            return decided
    if latin:
        return KEPT, "latin_words"
    if ascii_pair:
        return KEPT, "ascii_words"
    before = text[max(line_start, start - 20) : start]
    if _POSTAL.search(before) or pats["contact_label_end"].search(before):
        return KEPT, "contact_line"
    if start - line_start <= 8 and _caption_label_ends_at(text, line_start, end):
        return KEPT, "caption_label"  # 図1 開発した…: the label and the caption
    if line_end - line_start <= 40 and is_dateline(text[line_start:line_end]):
        return KEPT, "dateline"  # 2005年3月1日付 日本経済新聞: the date and the source
    if _PHONE_AHEAD.match(text, end, min(line_end, end + 20)):
        return KEPT, "contact_line"
    if (
        _ADDRESS_NUMBER.search(before)
        and _BUILDING_START.match(right)
        and right not in _ADDRESS_COUNTERS
        and _ADDRESS_WORD.search(text, max(line_start, start - 30), start)
    ):
        return KEPT, "address_then_building"
    if (
        _DIGIT.match(right)
        and _is_ja(left)
        and not _COUNTS_ON.search(text, max(line_start, start - 2), start)
        and _headline(text, start, end, line_start, line_end, ("名詞",))
    ):
        return KEPT, "headline"  # 若手研究者に奨励賞 5人を表彰: a headline's phrase opens with a number
    if _DIGIT.match(left) or _DIGIT.match(right):
        return REMOVED, "digit_split"
    if left in _BULLETS and (start - 1 == line_start or text[start - 2] in " \u3000"):
        return KEPT, "bullet"  # the mark opens a line (or a line of a flattened page)
    if start - line_start <= 6 and _mark_ends_at(text, line_start, start):
        return KEPT, "bullet"  # [1] 試作支援のご案内, (2) 会場: the space after a line's number
    if line_end - line_start <= 120 and _chrome_line(text[line_start:line_end]):
        return KEPT, "page_chrome"  # サイトHOME > ピックアップ > …
    # The word before the space: back to the line's previous blank.
    word = _BLANK.split(text[line_start:start])[-1]
    if left in _LIST_MARKS or right in _LIST_MARKS:
        if _name_list_space(text, start, end, line_start, line_end, word):
            return KEPT, "name_list"  # 委員 ◎山川昌子 ○肥沼茂男: a marked list of names
    if not (_is_ja(left) and _is_ja(right)):
        return REMOVED, "punctuation"
    reason = _byline(text, start, line_start, line_end)
    if reason:
        return KEPT, reason
    if _roster_entry(text, start, end, line_start, line_end):
        return KEPT, "person_name"  # 吉原 孝(教育長)、…: a roster's name, its post in brackets
    label = _field_shapes()[0].match(text, line_start, line_end)
    if (
        label is not None
        and label.end() == start
        and not _suffix_ahead(text[line_start:start].strip(), text[end : min(line_end, end + WINDOW)])
    ):
        # 主催 東北経済産業局, 編集発行 東大和市立公民館: a label, then its value (but 主催 者: a
        # suffix continues the word)
        return KEPT, "field_label"
    if line_end - line_start <= 40 and _credit_line(text[line_start:line_end].strip()):
        return KEPT, "byline"  # （材料開発部 菅野 里美）: a closing credit
    if (
        pats["org_name_end"].search(word)
        or (len(word) > 4 and pats["legal_form"].search(word))  # 株式会社みやぎ精工
        or _KANJI_END.search(word)  # 青葉山岳会
    ) and pats["post_ahead"].match(text, end, line_end):
        return KEPT, "org_then_post"  # 株式会社岡島パイプ製作所 取締役社長: the organisation, then the post
    if (
        pats["honorific_end"].search(word)
        and not _HIRAGANA.match(right)
        and not _SENTENCE_PUNCT.search(text, line_start, line_end)
    ):
        return KEPT, "after_honorific"  # 岡島 威彦氏 株式会社…: the person, then the next field
    if _name_list_space(text, start, end, line_start, line_end, word):
        return KEPT, "name_list"  # 山川昌子 肥沼茂男 佐藤真和: a list of names, or of names and posts
    if _PLACE_END.search(word) and _place_then_person(text[end:line_end]):
        return KEPT, "place_then_person"  # (岡本区 柳澤ケサ子さん): where the person lives, then who
    action, reason = _japanese_evidence(text, start, end, line_start=line_start, line_end=line_end)
    if action == REMOVED and line_end - line_start <= 40 and _org_name_line(text[line_start:line_end]):
        return KEPT, "org_then_name"  # 広報チーム 新井 全勝: a byline's body and the writer
    rest = text[end:line_end].split()
    if (
        action == REMOVED
        and reason == "between_words"
        and len(rest) == 2
        and not _SENTENCE_PUNCT.search(text, line_start, line_end)
        and _full_name(*rest)
    ):
        return KEPT, "before_name"  # 会長挨拶 高橋 恒清: the line's last field is a full name
    if (
        action == REMOVED
        and reason == "between_words"
        and len(run) >= 2
        and run.strip(" ") == ""
        and not _SENTENCE_PUNCT.search(text, line_start, line_end)
        and _family_name(word)
        and len(_BLANK.split(text[end:line_end], maxsplit=1)[0]) > 4  # no given name (加藤  碵一)
    ):
        # A name, then two spaces or more, then the next field of a roster line
        # (三浦  三菱UFJリース株式会社 専務取締役).
        return KEPT, "name_then_field"
    return action, reason


# --- Numbers torn apart by OCR spaces ("第 4 5 号", "4 2.5 %") -------------------------------
_D = "0-9\uff10-\uff19"
# A run of digits with what may sit inside one number: spaces (at most two), a decimal point,
# and a thousands separator before a group of three digits ("4 5", "4 2.5", "1, 000", "3 4 5").
_NUMBER_RUN = re.compile(
    rf"[{_D}]+(?:(?:[ ]{{0,2}}[.．][ ]{{0,2}}|[ ]{{0,2}}[,，][ ]{{0,2}}(?=[{_D}]{{3}}(?![{_D}]))|[ ]{{1,2}})[{_D}]+)*"
)
# A space between two digits of a run: the gaps the context must explain.
_NUMBER_GAP = re.compile(rf"(?<=[{_D}])[ ]{{1,2}}(?=[{_D}])")
_NUMBER_MARKS = frozenset(".．,，")
_INTEGER = re.compile(rf"[{_D}]+")
# Words a number continues (第 45, 約 42, 平成 17, ¥1 200).  A one-kanji word counts only on
# its own: 計 but not 合計 or 設計, 約 but not 契約; 第 is never a word's tail.
_NUMBER_PREFIX = re.compile(
    rf"(?:{_ERA_WORDS}|第|(?<![\u3400-\u9fff々])[{_COUNTING_KANJI}]|[¥￥$＄])[ ]{{0,2}}$"
)
# Before a run these leave it to the other rules, as the run is no plain number: Latin text
# (No.18 2005年, Windows NT 3 51), a phone or code (+81 3332 2 5678, 〒980 8403, 22-4 5).
_NOT_A_NUMBER_BEFORE = re.compile(
    r"(?:[A-Za-z\uff21-\uff3a\uff41-\uff5a][.．]?|[+＋\-‐－−/:：〒#＃])[ ]{0,2}$"
)
_NOT_A_NUMBER_AFTER = re.compile(r"[ ]{0,2}[A-Za-z\uff21-\uff3a\uff41-\uff5a\-‐－−/:：]")


def _number_space(text: str, start: int, end: int, line_start: int, line_end: int) -> tuple[str, str] | None:
    """Decide a space next to a digit that a run of digits explains, else None (other rules).

    Inside the run, a space at a decimal point or a thousands separator is an OCR split; a
    space between two digits is one when the context makes the run one number (see
    `_one_number`), else it sets apart separate numbers (a table row: 得点 3 4 5), and so does
    the space between such a row and the word before or after it on a line without a sentence.
    A space before % goes.
    """
    if start - line_start <= 8 and (
        _mark_ends_at(text, line_start, start) or _caption_label_ends_at(text, line_start, end)
    ):
        return None  # 1. 2005年に…, 図1. 2 …: a line's number mark, then its text
    run = _touching_run(text, start, end, line_start, line_end)
    if run is None:
        return None
    one = _one_number(text, run, line_start, line_end)
    if one is None:
        return None
    left, right = text[start - 1], text[end]
    if run.start() < start and end < run.end():  # the space is inside the run
        if one or left in _NUMBER_MARKS or right in _NUMBER_MARKS:
            return REMOVED, "number_split"
        return KEPT, "separate_numbers"
    if run.end() == start and right in "%％":
        return REMOVED, "number_split"  # 42.5 %: the percent sign belongs to its number
    if not one and (_is_ja(left) or _is_ja(right)) and not _SENTENCE_PUNCT.search(text, line_start, line_end):
        return KEPT, "number_table"  # 得点 3 4 5: a row's label and its numbers (no sentence)
    return None


def _touching_run(text: str, start: int, end: int, line_start: int, line_end: int) -> re.Match | None:
    """The run of digits that holds the space ``text[start:end]`` or ends or starts at it."""
    lo, hi = max(line_start, start - 64), min(line_end, end + 64)
    return next(
        (m for m in _NUMBER_RUN.finditer(text, lo, hi) if m.start() <= end and m.end() >= start), None
    )


def _number_row(text: str, start: int, end: int, line_start: int, line_end: int) -> bool:
    """Whether separate numbers (a table row, 前期 12 15 18) end at ``start`` or start at ``end``
    on the line ``text[line_start:line_end]``, a line without a sentence."""
    run = _touching_run(text, start, end, line_start, line_end)
    return (
        run is not None
        and _one_number(text, run, line_start, line_end) is False
        and not _SENTENCE_PUNCT.search(text, line_start, line_end)
    )


def _one_number(text: str, run: re.Match, line_start: int, line_end: int) -> bool | None:
    """Whether a run of digits with spaces inside is one number (True) or separate numbers
    (False); None when it is no plain number (a phone number, a code, Latin text)."""
    s, e = run.span()
    # Five characters before (平成 and two spaces, and the character before a one-kanji word)
    # and eight after (two spaces, a unit, the character after it) are all the rules read.
    return _read_number(text[max(line_start, s - 5) : s], run.group(), text[e : min(line_end, e + 8)])


@lru_cache(maxsize=4096)
def _read_number(before: str, run: str, after: str) -> bool | None:
    """`_one_number` on the run and its context; cached, as a table repeats its rows' shape."""
    if _NOT_A_NUMBER_BEFORE.search(before):
        return None
    counter = _patterns()["counter_ahead"].match(after)
    if counter is None and _NOT_A_NUMBER_AFTER.match(after):
        return None  # 03 1234-5678, 2 3 x
    tokens = _NUMBER_GAP.split(run)
    if len(tokens) == 1:
        return True  # no gap between digits: only a point or separator has spaces round it
    if tokens[0][0] in "0０" and len(tokens[0]) > 1:
        return None  # 022 263 1167: a phone number's groups
    if any(set(t) & _NUMBER_MARKS for t in tokens[:-1]):
        return False  # 1.5 2.5: a number with a decimal point or separator is whole
    ints = [len(_INTEGER.match(t).group()) for t in tokens]
    if len(tokens) == 2:
        if ints[0] >= 2 and ints[0] == ints[1]:
            return False  # 平成16 17年度, 1000 2000円: two numbers of a kind side by side
        return bool(counter or _NUMBER_PREFIX.search(before))  # 第 4 5 号, 4 2.5 %, 約 1 2
    # Three or more: one digit each, then a counter (2 0 0 5 年), is one letter-spaced
    # number; any other run of several numbers is a table row (得点 3 4 5, 10 20 30人).
    return counter is not None and max(ints) == 1


def _credit_line(line: str) -> bool:
    """A bracketed closing credit: organisation, family name, given name."""
    if line[:1] not in "(（" or line[-1:] not in ")）":
        return False
    parts = line[1:-1].split()
    return len(parts) == 3 and _person_name(parts[1] + " " + parts[2])


def _org_name_line(line: str) -> bool:
    """An organisation, then a person's full name after a space (広報室 土屋 洋太, 新潟大学 川崎一正)."""
    parts = line.split()
    return (
        len(parts) in (2, 3)
        and _patterns()["org_name_end"].search(parts[0]) is not None
        and (
            _person_name(" ".join(parts[1:]))
            # a given name UniDic reads as a common word (広報チーム 新井 全勝)
            or (len(parts) == 3 and _family_name(parts[1]) and _SHORT_KANJI.fullmatch(parts[2]) is not None)
        )
    )


_SHORT_KANJI = re.compile(r"[\u4e00-\u9fff々]{1,3}")


_LIST_MARKS = "◎○●◯・※"


def _name_list_space(text: str, start: int, end: int, line_start: int, line_end: int, word: str) -> bool:
    """A space between two entries of a list of people: a full name (or a name and its post)
    on each side (出席委員 山川昌子 肥沼茂男, 榎本雅朝局長 南部和彦次長)."""
    nxt = _BLANK.split(text[end:line_end], maxsplit=1)[0]
    left, right = word.lstrip(_LIST_MARKS), nxt.lstrip(_LIST_MARKS)
    if not (2 <= len(left) <= 12 and 2 <= len(right) <= 12):
        return False
    m = _patterns()["title_end"].search(left)
    if m is not None and m.start() >= 3:
        left = left[: m.start()]  # 榎本雅朝局長: the name before the post
    m = _patterns()["title_end"].search(right)
    if m is not None and m.start() >= 3:
        right = right[: m.start()]
    # Both full names; or one, and a family name opening the other (北久保眞道: UniDic knows
    # 北久保 as no surname but 眞道 … is read apart).
    return (_person_name(left) and (_person_name(right) or _family_head(right))) or (
        _family_head(left) and _person_name(right)
    )


def _family_head(word: str) -> bool:
    """The word opens with what UniDic reads as a surname, and is a name's length."""
    nodes = _tokens(word)
    return bool(nodes) and 3 <= len(word) <= 6 and _pos(nodes[0])[2:4] == ("人名", "姓")


def _family_name(word: str) -> bool:
    """UniDic reads ``word`` as a surname, alone or with a given name (三浦, 三浦 健)."""
    nodes = _tokens(word)
    return (
        bool(nodes) and _pos(nodes[0])[2:4] == ("人名", "姓") and all(_pos(n)[2] == "人名" for n in nodes[1:])
    )


def _letter_spaced_name_line(line: str) -> bool:
    """The line is set letter by letter (総 長 松 尾 稔) and its letters read as a post, if
    any, then a family and a given name."""
    parts = line.split()
    if not 3 <= len(parts) <= 12 or any(len(p) != 1 for p in parts):
        return False
    joined = "".join(parts)
    title_end = _patterns()["title_end"]
    for i in range(len(joined) - 1):
        if i and not title_end.search(joined[:i]):
            continue
        for f in (1, 2, 3):
            given = joined[i + f :]
            if 1 <= len(given) <= 3 and _full_name(joined[i : i + f], given):
                return True
    return False


def _ends_in_full_name(line: str) -> bool:
    """The line ends in a family and a given name apart, after a space (会長挨拶 高橋 恒清)."""
    parts = line.split()
    return len(parts) >= 3 and _full_name(*parts[-2:])


def _full_name(family: str, given: str) -> bool:
    """Two short fields UniDic reads as a family and a given name (高橋 恒清)."""
    return len(family) <= 4 and len(given) <= 4 and _person_name(f"{family} {given}")


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    return frozenset(_lines("people_honorifics.txt"))


# A municipality's or district's name ends the word before the space (清水区, 大崎地区).
_PLACE_END = re.compile(r"[\u4e00-\u9fff々ヶ]{1,6}[都道府県市区町村郡]$|地区$")


def _place_then_person(rest: str) -> bool:
    """The rest of the line is one person's name with an honorific, maybe in closing brackets
    (佐藤政市さん), as a photo caption or a list names where someone is from."""
    rest = rest.rstrip(" \u3000)）")
    hon = next((h for h in _honorifics() if rest.endswith(h)), None)
    if hon is None:
        return False
    name = rest[: -len(hon)]
    # kanji and katakana only: a particle (から来た山田さん, 在住の佐藤さん) makes it prose
    return 2 <= len(name) <= 8 and re.fullmatch(r"[\u4e00-\u9fff々\u30a1-\u30faー]+", name) is not None


def _honorific_opens(line: str) -> bool:
    """The line opens with an honorific as a word of its own (氏は…, 先生方): the tail of a name
    the line above wrapped; not with a word that only starts like one (様々, 氏名, 様子)."""
    nodes = _tokens(line[:8])
    return bool(nodes) and nodes[0].surface in _honorifics()


def _person_name(line: str) -> bool:
    """UniDic reads the line as a surname, then given-name or unknown words (山口 佳和)."""
    nodes = _tokens("".join(line.split()))
    return (
        len(nodes) >= 2
        and _pos(nodes[0])[2:4] == ("人名", "姓")
        and all(_pos(n)[2] == "人名" or n.is_unk for n in nodes[1:])
    )


def _line_mark(text: str, start: int, end: int, names: tuple[str, ...]) -> re.Match | None:
    """The first of the shapes ``names`` that opens the line ``text[start:end]`` past its indentation."""
    while start < end and text[start] in " \t\u3000":
        start += 1
    return next((m for name in names if (m := shape(name).match(text, start, end))), None)


def _marked(text: str, start: int, end: int) -> bool:
    """Does the line ``text[start:end]`` open with a heading mark, a bullet or a number?"""
    names = ("heading_marker", "bullet_marker", "numbered", "bracket_heading", "notice_marker")
    return _line_mark(text, start, end, names) is not None


def _mark_ends_at(text: str, line_start: int, start: int) -> bool:
    """Does a number mark ([1], (2), 3., ①) open the line and end right at ``start``?"""
    m = shape("numbered").match(text, line_start, start)
    return m is not None and m.end() == start


def _caption_label_ends_at(text: str, line_start: int, end: int) -> bool:
    """Does a caption label (図1, 写真2-3, 表 4) open the line and end with the space before ``end``?"""
    m = shape("caption_start").match(text, line_start, end)
    return m is not None and m.end() == end


def _marked_heading(text: str, start: int, end: int) -> bool:
    """A short line that opens with a heading mark, a bullet or a number and has no sentence
    in it: a heading or a list item, never the first half of a wrapped sentence."""
    m = _line_mark(text, start, end, ("heading_marker", "numbered", "bracket_heading", "bullet_marker"))
    return m is not None and end - m.end() <= SHORT_LINE and not _SENTENCE_PUNCT.search(text, m.end(), end)


@lru_cache(maxsize=256)
def _chrome_line(line: str) -> bool:
    line = line.strip(" \t\u3000")
    return bool(line) and len(line) <= 120 and chrome_rule(line) is not None


# One-character counters that end a date or a count (4 / 月19日).  Narrower on purpose than
# spacing_number_counters.txt: a page number's next line may well open with 名古屋, 本日, 万一.
_COUNTER_AHEAD = re.compile(r"[ \t\u3000]*[年月日号回人個件時分歳％%]")


def _decide_newline(text: str, start: int, end: int, run: str) -> tuple[str, str]:
    if run.count("\n") >= 2:
        return KEPT, "block_break"
    if start == 0 or end == len(text):
        return KEPT, "text_edge"
    if run[-1] != "\n":
        return KEPT, "indentation"
    left, right = text[start - 1], text[end]
    if left in _SENTENCE_END:
        return KEPT, "sentence_end"
    pats = _patterns()
    prev_start, next_end = _line_bounds(text, start, end)
    if left in "、，" and right in _OPEN_QUOTES:
        # Dialogue layout: "…と言うと、\n「…」" puts the quotation on its own line.
        return KEPT, "quotation_line"
    if _LATIN.match(right) or pats["contact_start"].match(text, end, next_end):
        return KEPT, "contact_line"
    if pats["byline"].match(text, prev_start, start):
        return KEPT, "byline_line"
    if _CONTACT_HEAD.match(text, prev_start, start):
        return KEPT, "contact_block"
    field_line = _field_shapes()[1]
    if field_line.match(text, prev_start, start) or field_line.match(text, end, next_end):
        return KEPT, "field_line"  # 主催:…協賛会、後援:宮城県 / 会場:… : each field a line of its own
    if is_dateline(text[prev_start:start]) or is_dateline(text[end:next_end]):
        return KEPT, "dateline"  # 『中国新聞』2004年7月17日付: a line of its own
    if start - prev_start <= SHORT_LINE and MASTHEAD.search(text, prev_start, start):
        return KEPT, "masthead_line"  # とおの産業ニュース No.23: the masthead is a line of its own
    if _NAME_LINE.fullmatch(text, prev_start, start) and _person_name(text[prev_start:start]):
        return KEPT, "name_line"  # a byline's name set apart on its own line (　　山口 佳和)
    if _org_name_line(text[prev_start:start]):
        return KEPT, "name_line"  # an organisation and a person's full name (広報室 土屋 洋太)
    if _letter_spaced_name_line(text[prev_start:start]) and not _HIRAGANA.match(right):
        return KEPT, "name_line"  # 総 長 松 尾 稔: a byline set letter by letter
    if (
        _ends_in_full_name(text[prev_start:start])
        and not _SENTENCE_PUNCT.search(text, prev_start, start)
        and not _HIRAGANA.match(right)
        and not _honorific_opens(text[end:next_end])
    ):
        return KEPT, "name_line"  # a heading, then its writer's name (会長挨拶 高橋 恒清)
    if _DIGIT.match(left) and not _HIRAGANA.match(right) and pats["contact"].search(text, prev_start, start):
        # A line that ends in its phone number (生涯学習課 ☎(46)3331); a sentence that goes on
        # after the number (…4567\nまでお問い合わせ…) is one line.
        return KEPT, "contact_line"
    if _is_ja(left) and _is_ja(right):
        # Only strong evidence here: a short line may well end in a particle or start with
        # what MeCab reads as a suffix once joined ("…紹介\n産学官…"); layout decides the rest.
        action, reason = _japanese_evidence(
            text, start, end, line_start=prev_start, line_end=next_end, line_break=True
        )
        if reason in ("splits_dictionary_word", "particle_follows"):
            return action, reason
    prev_short = start - prev_start <= SHORT_LINE and not _SENTENCE_PUNCT.search(text, prev_start, start)
    if prev_short and text[max(0, prev_start - 2) : prev_start] == "\n\n":
        # A short line that opens a block is a heading; its body starts on the next line.
        return KEPT, "heading_line"
    if _marked_heading(text, prev_start, start):
        # ■ 開発の経緯 / 1．はじめに / 【概要】: a marked heading; its body starts on the next line.
        return KEPT, "heading_line"
    number_torn = text[prev_start:start].strip().isdigit() and _COUNTER_AHEAD.match(text, end)
    if not number_torn and (_chrome_line(text[prev_start:start]) or _chrome_line(text[end:next_end])):
        # ━━━━, a breadcrumb, トップへ戻る, a page number …: page chrome is a line of its own
        # (a number whose counter starts the next line, 4 / 月19日, is a number torn apart).
        return KEPT, "page_chrome_line"
    if _marked(text, end, next_end) and not (right in "・･" and _KATAKANA.match(left)):
        # The next line opens an item or a section of its own (● …, (2) …, ■ …); a middle
        # dot after katakana joins a name (ジョニー\n・ハーバート).
        return KEPT, "list_line"
    if _ADDRESS_LINE.match(text, end, next_end) and _DIGIT.search(text, end, next_end):
        return KEPT, "address_line"
    if (_DIGIT.match(left) and _number_row(text, start, start, prev_start, start)) or (
        _DIGIT.match(right) and _number_row(text, end, end, end, next_end)
    ):
        return KEPT, "number_table"  # 前期 12 15 18\n後期 …: the rows of a table of numbers
    if (_DIGIT.match(left) and _is_ja(right)) or (_is_ja(left) and _DIGIT.match(right)):
        # A street number or a counter torn from its digits ("7番\n19号", "福住2\n条").
        return REMOVED, "digit_split"
    after_end = _line_bounds(text, next_end + 1, next_end + 1)[1]
    next_short = next_end - end <= SHORT_LINE and not _SENTENCE_PUNCT.search(text, end, next_end)
    if next_short and next_end < len(text) and pats["contact_start"].match(text, next_end + 1, after_end):
        return KEPT, "contact_block"
    if prev_short and next_short:
        return KEPT, "list_line"
    return REMOVED, "line_break_mid_sentence"


def decide_spacing(text: str) -> list[SpaceDecision]:
    """Decide every whitespace run of ``text``, in text order.

    A flattened page (see :mod:`pipeline.layout`) first gets its line breaks back: the first
    character of each such run becomes a line break, so the other runs are decided on the
    lines the page had; a restored break the rules keep is reported as ``line_break``.

    >>> [(d.action, d.reason) for d in decide_spacing("不十 分な状況")]
    [('removed', 'splits_dictionary_word')]
    """
    breaks = restored_breaks(text, _RUN) if len(text) >= FLAT_MIN else set()
    if not breaks:
        return _decide_runs(text)
    chars = list(text)
    for b in breaks:
        chars[b] = "\n"
    lined = "".join(chars)  # the same length: offsets hold for ``text``
    out = []
    for d in _decide_runs(lined):
        if d.start in breaks and d.action != REMOVED:
            kept = lined[d.start : d.end] if d.action == KEPT else d.replacement
            d = SpaceDecision(d.start, d.end, LINE_BREAK, "flattened_line", kept)
        elif d.action == KEPT and text[d.start : d.end] != d.replacement:
            d = SpaceDecision(d.start, d.end, d.action, d.reason, text[d.start : d.end])
        out.append(d)
    return out


def _decide_runs(text: str) -> list[SpaceDecision]:
    decisions = []
    cue_memo: dict[tuple[int, int], bool] = {}
    for m in _RUN.finditer(text):
        (start, end), run = m.span(), m[0]
        vertical = vertical_break(text, start, end) if "\n" in run else None
        if vertical == "inside":
            decisions.append(SpaceDecision(start, end, REMOVED, "vertical_text", ""))
            continue
        if vertical == "edge":  # the column is a block of its own
            decisions.append(SpaceDecision(start, end, KEPT, "vertical_text_edge", run))
            continue
        if "\n" in run:
            action, reason = _decide_newline(text, start, end, run)
            if action == KEPT:
                # Spaces before a kept line break are trailing padding; indentation after it stays.
                head = run.find("\n")
                if head > 0:
                    decisions.append(SpaceDecision(start, end, COLLAPSED, "trailing_space", run[head:]))
                    continue
        else:
            action, reason = _decide_horizontal(text, start, end, run, cue_memo)
            if action == KEPT and reason in _ONE_SPACE_REASONS and len(run) > 1 and run.strip(" ") == "":
                # Between words one space carries the meaning; the rest is padding.
                decisions.append(SpaceDecision(start, end, COLLAPSED, "double_space", " "))
                continue
        decisions.append(SpaceDecision(start, end, action, reason, run if action == KEPT else ""))
    return decisions


def repair_spacing(text: str) -> Repair:
    """Apply `decide_spacing` to ``text``.

    >>> repair_spacing("室長 千葉 康典\\nその 結果、不十 分です。").text
    '室長 千葉 康典\\nその結果、不十分です。'
    """
    edits = decide_spacing(text)
    parts = []
    pos = 0
    for d in edits:
        if d.action == KEPT:
            continue
        parts.append(text[pos : d.start])
        parts.append(d.replacement)
        pos = d.end
    parts.append(text[pos:])
    return Repair("".join(parts), edits)
