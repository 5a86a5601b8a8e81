"""Evidence about a space from the text around it: the patterns built from the data files,
MeCab's reading of the words on both sides, headlines, rosters, bylines and contact cues."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.base.datafiles import alternation, data_lines
from pipeline.base.line_shapes import KANA_GIVEN, ROSTER_ENTRY
from pipeline.base.vocab import person_titles
from pipeline.stages.spacing.words import (
    _DATE_END,
    _JA_LETTER,
    _KATAKANA,
    _NOT_WS,
    _SENTENCE_PUNCT,
    _WS_CHARS,
    KEPT,
    LINE_LOOK,
    REMOVED,
    SHORT_LINE,
    WINDOW,
    _lines,
)
from pipeline.text.tagger import get_tagger


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
