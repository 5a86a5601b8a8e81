"""Spacing's vocabulary: the decisions (KEPT, REMOVED …), the SpaceDecision and Repair records,
the character classes and the field shapes read from data files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.base.datafiles import data_lines
from pipeline.base.line_shapes import BARE_NAME, shape

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
