"""Document structure: blocks, articles (title and byline), sentences, boilerplate.

Works line by line on the working text: every non-blank line is classified by its shape
(rules in ``pipeline/data/structure_patterns.tsv``, ``boilerplate.txt`` and
``job_titles.txt``), lines are grouped into blocks, bylines open articles whose title is the
line just before them, and prose blocks are split into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.datafiles import data_lines
from pipeline.line_shapes import BARE_NAME, MASTHEAD, chrome_rule, is_dateline, shape, shapes

TITLE = "title"
BYLINE = "byline"
HEADING = "heading"
PARAGRAPH = "paragraph"
CAPTION = "caption"
NOTICE = "notice"
CONTACT = "contact"
BOILERPLATE = "boilerplate"
TOC = "toc"  # a table of contents: the list of headlines before the first article
DATELINE = "dateline"  # a reposted article's source and date: 『中国新聞』2004年7月17日付
KINDS = (TITLE, BYLINE, HEADING, PARAGRAPH, CAPTION, NOTICE, CONTACT, BOILERPLATE, TOC, DATELINE)
# Kinds that are no article's content.
_OUTSIDE = frozenset({BOILERPLATE, TOC})

# Provisional kind for a short stand-alone line: becomes a title or a heading once the
# blocks around it are known.
_SHORT = "short"
_SHORT_MAX = 40
_BYLINE_MAX = 60
_RUN_IN_HEAD_MAX = 25
_TERMINATORS = "。．！？!?"
_OPENERS = "「『（(【［〔"
_CLOSERS = "」』）)】］〕"
_NO_SENTENCE = "、。，,！？!?「」『』"
# A line ending in a comma or in を/が runs on into the next line; titles may end in へ, に,
# と or は (地域の技術力を世界へ, MOTとは), so those do not count.
_RUN_ON_ENDINGS = "、，,をが"
_NAME_RE = re.compile(r"[\u4e00-\u9fff々〆ヵヶ\u3040-\u30ffー]{1,6}")
_HIRAGANA_RE = re.compile(r"[\u3040-\u309f]")
# Numerals, era names and date words: what is left of a caption once its date is gone.
_DATE_CHARS_RE = re.compile(r"[\s0-9０-９〇一二三四五六七八九十百千年月日元明治大正昭和平成令和〔〕()（）]+")
# A sentence ends at a terminator run (plus closing brackets); brackets change depth.
# Events are a run of 。！？, a run of !? before a space or the end, a ． not before a digit,
# a bracket or a line break.  Written as one character class followed by what that character
# needs, because a pattern that opens with a class lets re skip the prose between events
# fast (an alternation of repeats makes it try every branch at every character).
_SENT_EVENT_RE = re.compile(
    r"[。！？!?．「『（(【［〔」』）)】］〕\n]"
    r"(?:(?<=[。！？])[。！？]*|(?<=[!?])[!?]*(?=\s|$)|(?<=．)(?![0-9０-９])|(?<=[「『（(【［〔」』）)】］〕\n]))"
)
_ROLE_LABEL_RE = re.compile(r"[^\s:：]{1,6}[:：]\s*")
_LABEL_RE = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ0-9０-９]{1,3}[.．)）:：]?")
_CLOSERS_AND_SPACES = _CLOSERS + " \u3000"
# What a sentence may not consist of alone: it is joined to the sentence before.
_STRAY = _CLOSERS + _TERMINATORS + " \u3000"
_PAIRS = {"」": "「", "』": "『", "）": "（", ")": "(", "】": "【", "］": "［", "〕": "〔"}
# contact_value_any (structure_patterns.tsv) is a phone number or an e-mail address: it needs a
# digit or an at sign.  Most lines have neither, and this test is much cheaper than the search.
_CONTACT_VALUE_HINT_RE = re.compile(r"[0-9０-９@＠]")
_SPACE_RUN_RE = re.compile(r"[ \u3000]+")
_LEADING_NON_WORD_RE = re.compile(r"^[^\w]+")
# toc_leader_end (structure_patterns.tsv) ends in a page number: a line that does not end in a
# digit is no leader line, which is much cheaper to see than to search for.
_DIGITS = frozenset("0123456789０１２３４５６７８９")
# Likewise colon_end ends in a colon and caption_end in a closing parenthesis: a search for
# either runs through the whole line, a look at its last character does not.
_SHAPE_END_CHARS = frozenset(":：)）")
# Character sets tested on every short line: one regex search is cheaper than a generator
# that tests the characters one by one.
_SENTENCE_PUNCT_RE = re.compile("[。！？、，]")
_NO_SENTENCE_RE = re.compile(f"[{re.escape(_NO_SENTENCE)}]")
_NOT_IN_BYLINE_RE = re.compile("[、。「」，,]")


@dataclass(frozen=True, slots=True)
class Block:
    """A run of text of one kind; ``article`` is the 0-based article index or None."""

    start: int
    end: int
    kind: str
    article: int | None
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """An article: its span, title and byline blocks, and the byline's fields."""

    index: int
    start: int
    end: int
    title_block: int | None
    byline_block: int | None
    title: str | None
    author_org: str | None
    author_title: str | None
    author_name: str | None
    dateline_block: int | None = None
    dateline: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence span; ``block`` indexes ``Structure.blocks``."""

    start: int
    end: int
    block: int


@dataclass(frozen=True)
class Structure:
    """Blocks, articles and sentences of one document, plus its title."""

    blocks: list[Block]
    articles: list[Article]
    sentences: list[Sentence]
    title: str | None


# ---------------------------------------------------------------- data


_data_lines = data_lines


@cache
def _title_re() -> re.Pattern[str]:
    words = sorted({w.strip() for w in _data_lines("job_titles.txt")}, key=len, reverse=True)
    # re.search finds the leftmost start, so the longest title suffix wins.
    return re.compile("(?:" + "|".join(map(re.escape, words)) + ")$")


# ---------------------------------------------------------------- line shapes


@dataclass(slots=True)
class _Line:
    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    text: str  # stripped line


def _lines(text: str) -> list[_Line | None]:
    """Split into lines; blank lines are None."""
    out: list[_Line | None] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        else:
            out.append(None)
        pos += len(raw) + 1
    return out


def _boilerplate_rule(line: str, repeated: frozenset[str]) -> str | None:
    if repeated and line in repeated:  # a look-up in an empty set still hashes the line
        return "repeated"
    return chrome_rule(line)


def _ends_sentence(line: str) -> bool:
    core = line.rstrip(_CLOSERS_AND_SPACES)
    return bool(core) and (
        core[-1] in _TERMINATORS or core[-1] in ":：" or bool(shape("sentence_end_end").search(core))
    )


def _is_contact_line(line: str) -> bool:
    """A line of a contact block: 〒, Tel, Fax, E-mail, URL, 担当…, or a bare phone or e-mail."""
    return bool(shape("contact_line").match(line)) or _has_contact_value(line)


def _has_contact_value(line: str) -> bool:
    """A line of at most 80 characters holding a phone number or an e-mail address."""
    return (
        len(line) <= 80
        and _CONTACT_VALUE_HINT_RE.search(line) is not None
        and shape("contact_value_any").search(line) is not None
    )


def _is_short(line: str) -> bool:
    """A stand-alone short line: no sentence punctuation, not ending in a particle or comma."""
    return (
        len(line) <= _SHORT_MAX
        and _SENTENCE_PUNCT_RE.search(line) is None
        and line[-1] not in _RUN_ON_ENDINGS
    )


@lru_cache(maxsize=4096)
def split_person_name(name: str) -> tuple[str, str] | None:
    """Split a written person name into (family, given) using spaces, then UniDic 人名 tags.

    >>> split_person_name("千葉康典")
    ('千葉', '康典')
    """
    parts = name.split()
    if len(parts) == 2:
        return parts[0], parts[1]
    if len(parts) != 1:
        return None
    from pipeline.tagger import get_tagger

    nodes = list(get_tagger()(name))
    if len(nodes) >= 2 and nodes[0].feature.pos4 == "姓":
        family = nodes[0].surface
        return family, name[len(family) :]
    return None


@lru_cache(maxsize=4096)
def _looks_like_name(name: str) -> bool:
    """True when UniDic sees a person name (人名) or an unknown word in ``name``."""
    from pipeline.tagger import get_tagger

    nodes = list(get_tagger()(name.replace(" ", "")))
    if any(n.feature.pos1 in ("助詞", "助動詞", "動詞", "形容詞") for n in nodes):
        return False
    return any(n.feature.pos3 == "人名" or n.is_unk for n in nodes)


def _bare_name(line: str) -> bool:
    """A line that is a person's name alone, family and given name apart (山口 佳和)."""
    return BARE_NAME.fullmatch(line) is not None and _looks_like_name(line)


def _name_value(tokens: list[str]) -> str | None:
    joined = "".join(tokens)
    if not (2 <= len(joined) <= 8) or not all(_NAME_RE.fullmatch(t) for t in tokens):
        return None
    if not _looks_like_name(" ".join(tokens)):
        return None
    split = split_person_name(" ".join(tokens))
    return f"{split[0]} {split[1]}" if split else " ".join(tokens)


def parse_byline(line: str) -> tuple[str | None, str | None, str] | None:
    """Parse a byline line into (organisation, job title, person name), or None.

    >>> parse_byline("産学官連携推進室 室長 千葉 康典")
    ('産学官連携推進室', '室長', '千葉 康典')
    """
    line = line.strip()
    bracketed = line[:1] in "(（［[〔" and line[-1:] in ")）］]〕"
    if bracketed:
        line = line[1:-1].strip()  # a closing credit: （文責：… 渡辺 健一）
    if len(line) > _BYLINE_MAX or _NOT_IN_BYLINE_RE.search(line):
        return None
    prefix = shape("byline_prefix").match(line)
    # Any short role label (研究者：, 講師：) before organisation, title and name is dropped.
    label = prefix or _ROLE_LABEL_RE.match(line)
    body = line[label.end() :] if label else line
    tokens = body.split()
    for k, tok in enumerate(tokens[:-1]):
        m = _title_re().search(tok)
        name_tokens = tokens[k + 1 :]
        if not m or len(name_tokens) > 2:
            continue
        name = _name_value(name_tokens)
        if name is None:
            continue
        org_parts, head, word = tokens[:k], tok[: m.start()], m.group()
        title = word
        if head:
            if shape("org_suffix_end").search(head) or shape("org_prefix").match(head):
                org_parts = [*org_parts, head]
            elif word.endswith("長") and shape("org_suffix_end").search(head + word[:-1]):
                # 推進室長 = head of 推進室: the unit belongs to both fields.
                org_parts = [*org_parts, head + word[:-1]]
            else:
                title = tok
        return (" ".join(org_parts) or None), title, name
    if bracketed and len(tokens) == 3 and shape("org_suffix_end").search(tokens[0]):
        # （材料開発部 菅野 里美）: a closing credit of organisation and name
        name = _name_value(tokens[1:])
        if name:
            return tokens[0], None, name
    if prefix:
        # 文責：[organisation] name: the name is the last one or two tokens.
        for n_name in (2, 1):
            if len(tokens) >= n_name:
                name = _name_value(tokens[-n_name:])
                if name:
                    return (" ".join(tokens[:-n_name]) or None), None, name
    return None


def _is_credit(line: str) -> bool:
    """A closing credit (bracketed, or 文責：…) ends the article above rather than opening one."""
    line = line.strip()
    return line[:1] in "(（［[〔" or bool(shape("byline_prefix").match(line))


def _is_org_line(line: str) -> bool:
    return (
        len(line) <= _SHORT_MAX
        and _NO_SENTENCE_RE.search(line) is None
        and bool(shape("org_suffix_end").search(line) or shape("org_prefix").match(line))
    )


def _run_in_split(line: str) -> tuple[int, int] | None:
    """(heading end, paragraph start) offsets in ``line`` for a run-in heading, or None."""
    if " " not in line and "\u3000" not in line:
        return None  # most lines: a test much cheaper than the search
    m = _SPACE_RUN_RE.search(line)
    if not m:
        return None
    head, rest = line[: m.start()], line[m.end() :]
    if not (2 <= len(head) <= _RUN_IN_HEAD_MAX) or len(rest) < 15:
        return None
    if _NO_SENTENCE_RE.search(head) or _HIRAGANA_RE.fullmatch(head[-1]):
        return None
    if rest[0] in _CLOSERS + _TERMINATORS + "、，," or _HIRAGANA_RE.fullmatch(rest[0]):
        return None
    if "。" not in rest:
        return None
    core = _LEADING_NON_WORD_RE.sub("", head)
    if len(core) < 2 or _LABEL_RE.fullmatch(head):
        return None  # "A. 初回の相談は…": a Q/A or list label, not a heading
    from pipeline.tagger import get_tagger

    # The space must fall between two words, and the head must end in a noun: this keeps
    # scan artifacts ("中小企業基 盤整備") and clauses ("この事業は 「…") out.
    pos, last = 0, None
    for node in get_tagger()(head + rest[:12]):
        pos += len(node.white_space)
        if pos == len(head):
            break
        if pos > len(head):
            return None
        pos += len(node.surface)
        last = node
        if pos > len(head):
            return None
    if last is None or last.feature.pos1 not in ("名詞", "接尾辞", "記号", "補助記号"):
        return None
    return m.start(), m.end()


# ---------------------------------------------------------------- blocks


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    kind: str
    rule: str
    last: str  # text of the last line, for continuation decisions
    hard: bool = False  # contact block: a phone/mail/postcode line has been seen
    lines: int = 1
    byline: tuple[str | None, str | None, str | None] | None = None


def _toc_lines(lines: list[_Line | None]) -> set[int]:
    """Indices of table-of-contents lines (header plus entries, or a run of leader lines)."""
    pats = shapes()
    out: set[int] = set()
    n = len(lines)
    for i, ln in enumerate(lines):
        if ln is None or i in out:
            continue
        if pats["toc_header"].fullmatch(ln.text):
            entries, j = [], i + 1
            while j < n:
                e = lines[j]
                if e is None:
                    j += 1
                    continue
                t = e.text
                if chrome_rule(t):  # a rule or other chrome closes the list
                    break
                unbroken = lines[j - 1] is not None  # no blank line since the header or entry above
                if (
                    pats["toc_entry_end"].search(t)
                    or (unbroken and _is_short(t) and len(t) <= 30)
                    or (
                        (
                            pats["numbered"].match(t)
                            or pats["bullet_marker"].match(t)
                            or pats["heading_marker"].match(t)
                        )
                        and "。" not in t
                        and len(t) <= 50
                    )
                ):
                    entries.append(j)
                    j += 1
                else:
                    break
            if entries:
                out.add(i)
                out.update(entries)
        elif ln.text[-1] in _DIGITS and pats["toc_leader_end"].search(ln.text):
            run = [i]
            j = i + 1
            while j < n and lines[j] is not None and pats["toc_leader_end"].search(lines[j].text):
                run.append(j)
                j += 1
            if len(run) >= 2:
                out.update(run)
    return out


def _strong_kind(t: str) -> tuple[str, str] | None:
    """Kind and rule of a line whose shape alone decides its block, else None."""
    p = shapes()
    # Most lines (prose) match none of the shapes: rule them out with as few passes as possible.
    # _any_start holds the contact_line rules, so a line it does not match is a contact line
    # only by its phone number or e-mail address.
    any_start = p["_any_start"].match(t) is not None
    contact = _is_contact_line(t) if any_start else _has_contact_value(t)
    end_shape = t[-1] in _SHAPE_END_CHARS
    if not (contact or any_start or (end_shape and (p["colon_end"].search(t) or p["caption_end"].search(t)))):
        return None
    no_stop = "。" not in t
    if p["contact_start"].match(t) and no_stop:
        return CONTACT, "contact_key"
    if contact and len(t) <= 80 and no_stop:
        return CONTACT, "contact_line"
    if p["notice_marker"].match(t) and len(t.lstrip("★☆※＊*")) >= 2:
        return NOTICE, "notice_marker"
    if p["bullet_marker"].match(t) and not p["numbered"].match(t):
        return PARAGRAPH, "bullet"
    if p["caption_start"].match(t) and len(t) <= 60:
        return CAPTION, "caption_marker"
    m = p["caption_end"].search(t) if end_shape else None
    if (
        m
        and len(t) <= 60
        and no_stop
        and len(re.sub(r"\s", "", m.group())) >= 6
        and len(_DATE_CHARS_RE.sub("", t[: m.start()])) >= 2
        and not (p["bracket_heading"].match(t) or p["numbered"].match(t) or p["heading_marker"].match(t))
    ):
        return CAPTION, "caption_paren"
    if end_shape and p["colon_end"].search(t) and len(t) <= _SHORT_MAX and no_stop:
        return HEADING, "colon"
    m = p["bracket_heading"].match(t)
    if m and m.end() == len(t):
        return HEADING, "bracket"
    # A marked or numbered heading may end in a particle (１．はじめに).
    short_marked = len(t) <= _SHORT_MAX and _SENTENCE_PUNCT_RE.search(t) is None
    if p["heading_marker"].match(t) and short_marked:
        return HEADING, "marker"
    if p["numbered"].match(t) and short_marked:
        return HEADING, "numbered"
    if p["heading_marker"].match(t) or p["numbered"].match(t):
        return PARAGRAPH, "list_item"
    return None


def _next_line(text: str, prev: _Draft, ln: _Line) -> bool:
    """True when ``ln`` is the line right after the one where ``prev`` ends."""
    return text.count("\n", prev.end, ln.start) == 1


def _draft_blocks(text: str, repeated: frozenset[str]) -> list[_Draft]:
    pats = shapes()
    lines = _lines(text)
    toc = _toc_lines(lines)
    drafts: list[_Draft] = []
    cur: _Draft | None = None  # the open block that may take continuation lines

    def add(d: _Draft, open_: bool) -> None:
        nonlocal cur
        drafts.append(d)
        cur = d if open_ else None

    for i, ln in enumerate(lines):
        if ln is None:
            cur = None
            continue
        t = ln.text
        if i in toc:
            add(_Draft(ln.start, ln.end, TOC, "toc", t), False)
            continue
        bp = _boilerplate_rule(t, repeated)
        if bp == "repeated" and (_is_contact_line(t) or pats["contact_start"].match(t) or parse_byline(t)):
            # An office address or a columnist's byline recurs issue after issue yet is content.
            bp = None
        if cur is not None and cur.kind == CONTACT and bp in (None, "lone_url", "repeated"):
            is_hard = _is_contact_line(t) or bp == "lone_url"
            weak_ok = not cur.hard and _is_short(t) and _strong_kind(t) is None and parse_byline(t) is None
            addr_ok = cur.hard and "。" not in t and len(t) <= 60 and bool(pats["address_like"].match(t))
            if is_hard or weak_ok or addr_ok:
                cur.end, cur.last, cur.lines = ln.end, t, cur.lines + 1
                cur.hard = cur.hard or is_hard
                continue
        prev = drafts[-1] if drafts else None
        if (
            bp == "lone_url"
            and prev is not None
            and prev.kind in (PARAGRAPH, NOTICE)
            and _next_line(text, prev, ln)
        ):
            # "詳しくは下記をご覧ください。" then the address: part of the text, not chrome.
            add(_Draft(ln.start, ln.end, PARAGRAPH, "url_line", t), False)
            continue
        if bp is not None:
            add(_Draft(ln.start, ln.end, BOILERPLATE, bp, t), False)
            continue
        if is_dateline(t):
            add(_Draft(ln.start, ln.end, DATELINE, "dateline", t), False)
            continue
        if (
            len(drafts) >= 2
            and drafts[-2].kind == DATELINE
            and prev is not None
            and prev.lines == 1
            and prev.kind in (_SHORT, PARAGRAPH)
            and "。" not in prev.last
            and not _CLAUSE_END_RE.search(t)
            and len(t) <= 30
            and _next_line(text, prev, ln)
        ):
            # A headline over two lines below its dateline (…協定 / 若手技術者の学び直しを支援)
            prev.kind, prev.rule, prev.end, prev.last, prev.lines = _SHORT, "headline_2", ln.end, t, 2
            cur = None
            continue
        prev = drafts[-1] if drafts else None
        two_line = (
            prev is not None
            and prev.kind == _SHORT
            and prev.lines == 1
            and _next_line(text, prev, ln)
            and _bare_name(t)
        )
        if two_line and (_is_org_line(prev.last) or parse_byline(f"{prev.last} {t}")):
            # A byline over two lines: the organisation (and title), then the name set apart
            # below it ("中小企業基盤整備機構 東北支部" / "　　　　山口 佳和").
            joined = parse_byline(f"{prev.last} {t}")
            prev.kind, prev.rule, prev.end, prev.lines = BYLINE, "org_line+name", ln.end, 2
            prev.byline = joined if joined and joined[0] else (prev.last, joined[1] if joined else None, t)
            prev.last = t
            cur = None
            continue
        strong = _strong_kind(t)
        byline = parse_byline(t) if strong is None or strong[0] == HEADING else None
        if byline is not None:
            prev = drafts[-1] if drafts else None
            if (
                byline[0] is None
                and prev is not None
                and prev.kind == _SHORT
                and prev.lines == 1
                and _is_org_line(prev.last)
                and _next_line(text, prev, ln)
            ):
                # Organisation on the line above: "中小企業基盤整備機構東北支部" / "推進役 徳能 邦幸".
                prev.kind, prev.rule, prev.end, prev.lines = BYLINE, "org_line+byline", ln.end, 2
                prev.byline = (prev.last, byline[1], byline[2])
                prev.last = t
                cur = None
            else:
                add(_Draft(ln.start, ln.end, BYLINE, "byline", t, byline=byline), False)
            continue
        if strong is not None and strong[1] == "list_item" and pats["heading_marker"].match(t):
            split = _run_in_split(t)  # "■概要 本事業は…": a marked run-in heading
            if split is not None:
                add(_Draft(ln.start, ln.start + split[0], HEADING, "run_in", t[: split[0]]), False)
                add(_Draft(ln.start + split[1], ln.end, PARAGRAPH, "run_in_body", t[split[1] :]), True)
                continue
        if (
            strong is not None
            and strong[1] == "contact_line"
            and prev is not None
            and prev.kind == _SHORT
            and prev.lines == 1
            and _is_org_line(prev.last)
            and _next_line(text, prev, ln)
        ):
            # The office's name, then its phone: one contact block.
            prev.kind, prev.rule, prev.hard = CONTACT, "org_then_contact", True
            prev.end, prev.last, prev.lines = ln.end, t, prev.lines + 1
            cur = prev
            continue
        if (
            strong is not None
            and strong[1] == "contact_line"
            and prev is not None
            and prev.kind == BYLINE
            and _next_line(text, prev, ln)
        ):
            # Organisation, representative, then address and phone: a profile, not a byline.
            prev.kind, prev.rule, prev.byline = CONTACT, "profile", None
            prev.end, prev.last, prev.lines, prev.hard = ln.end, t, prev.lines + 1, True
            cur = prev
            continue
        if strong is not None:
            kind, rule = strong
            if kind in (HEADING, CAPTION):
                add(_Draft(ln.start, ln.end, kind, rule, t), False)
            else:
                add(_Draft(ln.start, ln.end, kind, rule, t, hard=rule == "contact_line"), True)
            continue
        m = pats["bracket_heading"].match(t)
        if m:
            rest = len(t) - len(t[m.end() :].lstrip())
            add(_Draft(ln.start, ln.start + m.end(), HEADING, "bracket_run_in", t[: m.end()]), False)
            # A label's value (【会場】仙台国際センター) is one line; a long body may run on.
            add(
                _Draft(ln.start + rest, ln.end, PARAGRAPH, "run_in_body", t[rest:]),
                len(t) - rest > _SHORT_MAX,
            )
            continue
        # Weak lines: continue an open paragraph or notice whose last line runs on.
        if (
            cur is not None
            and cur.kind in (PARAGRAPH, NOTICE)
            and not _ends_sentence(cur.last)
            and (cur.rule not in ("bullet", "list_item") or cur.last[-1] in _RUN_ON_ENDINGS)
        ):
            cur.end, cur.last, cur.lines = ln.end, t, cur.lines + 1
            continue
        # colon_run_in ends its label in a colon: most lines have none.
        m = pats["colon_run_in"].match(t) if ":" in t or "：" in t else None
        body = t[m.end() :] if m else ""
        if m and not pats["numbered"].match(t) and (len(body) >= 20 or any(c in body for c in "、。")):
            # "研究体制：大学、公設試…": a label ending in a colon, then its paragraph.
            rest = m.end() + len(body) - len(body.lstrip())
            add(_Draft(ln.start, ln.start + m.end(), HEADING, "colon_run_in", t[: m.end()]), False)
            add(_Draft(ln.start + rest, ln.end, PARAGRAPH, "run_in_body", t[rest:]), True)
            continue
        split = _run_in_split(t)
        if split is not None:
            add(_Draft(ln.start, ln.start + split[0], HEADING, "run_in", t[: split[0]]), False)
            add(_Draft(ln.start + split[1], ln.end, PARAGRAPH, "run_in_body", t[split[1] :]), True)
            continue
        if _is_short(t):
            add(_Draft(ln.start, ln.end, _SHORT, "short_line", t), False)
            continue
        add(_Draft(ln.start, ln.end, PARAGRAPH, "text", t), True)
    return drafts


# ---------------------------------------------------------------- articles


def _adjacent(text: str, a: _Draft, b: _Draft) -> bool:
    """True when ``b`` starts on the line right after ``a`` ends (no blank line between)."""
    return text.count("\n", a.end, b.start) <= 1


_CLAUSE_END_RE = re.compile("[、。，]")
_LEADING_PAGE_RE = re.compile(r"^(?:[pPｐＰ]\.?\s*)?[0-9０-９]{1,3}[ \u3000]+")


def _title_key(line: str) -> str:
    """A heading or TOC entry reduced to its words, for matching one against the other."""
    line = shape("toc_entry_end").sub("", line.strip())
    line = _LEADING_PAGE_RE.sub("", line)  # "2　巻頭言": a page number before the entry
    for name in ("heading_marker", "bullet_marker", "numbered"):
        m = shape(name).match(line)
        if m:
            line = line[m.end() :].lstrip()
    return re.sub(r"[\s\W_]+", "", line)


_STYLE_TABLE = str.maketrans(
    "0123456789０１２３４５６７８９①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳一二三四五六七八九十ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ",
    "0" * 20 + "①" * 20 + "一" * 10 + "Ⅰ" * 10,
)


def _list_style(line: str) -> str:
    """The numbering or marker of a line with its digits folded: ``1．`` and ``2．`` share one."""
    m = shape("numbered").match(line) or shape("heading_marker").match(line)
    return re.sub("0+", "0", m.group().translate(_STYLE_TABLE)) if m else ""


def _headline_list(text: str, drafts: list[_Draft]) -> None:
    """A table of contents without a 目次 label: adjacent short lines near the top of the
    page, each repeated later by a heading (a mail magazine lists its sections first)."""
    if any(d.rule == "toc" for d in drafts):
        return
    top = min(len(drafts), 12)

    def entry(k: int) -> bool:
        d = drafts[k]
        return (
            d.kind in (_SHORT, HEADING, PARAGRAPH)
            and d.lines == 1
            and len(d.last) <= _SHORT_MAX
            and "。" not in d.last
        )

    headings: dict[int, str] = {}  # keys of the short lines and headings, made once when needed

    def heading_keys_after(j: int) -> set[str]:
        if not headings:
            headings.update(
                (k, _title_key(d.last)) for k, d in enumerate(drafts) if d.kind in (_SHORT, HEADING)
            )
        return {key for k, key in headings.items() if k > j}

    i = 0
    while i < top:
        if not entry(i):
            i += 1
            continue
        j = i
        while j + 1 < top and entry(j + 1) and _adjacent(text, drafts[j], drafts[j + 1]):
            j += 1
        if j == i:  # one line alone is no list
            i += 1
            continue
        later_headings = heading_keys_after(j)
        keys = {k: _title_key(drafts[k].last) for k in range(i, j + 1)}
        listed = [k for k in range(i, j + 1) if keys[k] and keys[k] in later_headings]
        # the listed lines must be adjacent to one another (a masthead line may sit above them)
        if len(listed) >= 2 and listed == list(range(listed[0], listed[-1] + 1)):
            for k in listed:
                drafts[k].kind, drafts[k].rule = TOC, "toc"
            return
        i = j + 1


def _resolve_lists(text: str, drafts: list[_Draft]) -> None:
    """Numbered or marked short lines in a run are list items, and a short line under a
    colon or bracket heading is that heading's body, not another heading."""
    n = len(drafts)
    i = 0
    while i < n:
        d = drafts[i]
        if d.rule in ("numbered", "marker", "list_item"):
            j = i
            while (
                j + 1 < n
                and drafts[j + 1].rule in ("numbered", "marker", "list_item")
                and _adjacent(text, drafts[j], drafts[j + 1])
                and _list_style(drafts[j + 1].last) == _list_style(d.last)
            ):
                j += 1
            if j > i and any(drafts[k].rule != "list_item" for k in range(i, j + 1)):
                for k in range(i, j + 1):
                    drafts[k].kind, drafts[k].rule = PARAGRAPH, "list_item"
            i = j + 1
            continue
        if (
            d.kind == _SHORT
            and i + 2 < n
            and _adjacent(text, d, drafts[i + 1])
            and drafts[i + 1].kind == _SHORT
        ):
            # Three or more short lines in a row (a schedule, a list without marks) are text.
            j = i
            while j + 1 < n and drafts[j + 1].kind == _SHORT and _adjacent(text, drafts[j], drafts[j + 1]):
                j += 1
            # A masthead (報道発表資料 / date / organisation) is a short run too: at the top of
            # the page only a longer run counts.
            seen_text = any(x.kind == PARAGRAPH for x in drafts[:i])
            if j - i >= (1 if seen_text else 3):
                for k in range(i, j + 1):
                    drafts[k].kind, drafts[k].rule = PARAGRAPH, "short_run"
                i = j + 1
                continue
        if d.kind == _SHORT and i > 0:
            prev = drafts[i - 1]
            if (
                prev.kind == HEADING
                and prev.rule in ("colon", "bracket", "numbered")
                and _adjacent(text, prev, d)
            ):
                d.kind, d.rule = PARAGRAPH, "under_heading"
        i += 1


def _article_starts(text: str, drafts: list[_Draft]) -> list[tuple[int, int | None, int | None]]:
    """(first block, title block, byline block) of each article, in order; marks titles."""
    n = len(drafts)
    content = [i for i, d in enumerate(drafts) if d.kind not in _OUTSIDE]
    starts: list[tuple[int, int | None, int | None]] = []
    for i, d in enumerate(drafts):
        if d.kind != BYLINE:
            continue
        p = i - 1
        if (
            p >= 0
            and drafts[p].kind in (_SHORT, HEADING, CAPTION)
            and drafts[p].lines == 1
            and drafts[p].rule not in ("run_in", "colon_run_in", "bracket_run_in")
        ):
            drafts[p].kind, drafts[p].rule = TITLE, "before_byline"
            first = p
            label = drafts[p - 1] if p >= 1 else None
            if (
                label
                and label.kind == HEADING
                and label.rule in ("marker", "bracket")
                and _adjacent(text, label, drafts[p])
            ):
                first = p - 1  # a section label (◆ 巻頭言 ◆) right above the title opens the article
            starts.append((first, p, i))
        elif (
            d.lines == 1 and p >= 0 and (_is_credit(d.last) or drafts[p].kind in (PARAGRAPH, NOTICE, CAPTION))
        ):
            # A credit, or a signature under the text (東北センター所長 山田 太郎), closes the
            # article above; find_structure links it to that article.
            d.rule = "credit"
        else:
            starts.append((i, None, i))
    # A dateline (『中国新聞』2004年7月17日付) follows a reposted article's headline.
    for i, d in enumerate(drafts):
        if d.kind != DATELINE:
            continue
        p = next((k for k in range(i - 1, -1, -1) if drafts[k].kind not in _OUTSIDE), None)
        q = i + 1 if i + 1 < n else None
        if q is not None and _headline_after(text, drafts, q):
            # The dateline above its headline (『奥羽日報』2004年9月3日付 / the headline / the text).
            drafts[q].kind, drafts[q].rule = TITLE, "after_dateline"
            starts.append((i, q, None))
            if (
                p is not None
                and not any(st[0] < i for st in starts[:-1])
                and drafts[p].kind == _SHORT
                and all(drafts[k].kind in _OUTSIDE for k in range(p))
            ):
                # the reposting site's name above the first repost: page chrome, not a title
                drafts[p].kind, drafts[p].rule = BOILERPLATE, "site_name"
        elif p is not None and _title_line(drafts[p]):
            drafts[p].kind, drafts[p].rule = TITLE, "before_dateline"
            starts.append((p, p, None))
        elif all(st[0] != i for st in starts):
            starts.append((i, None, None))
    _opening_headings(drafts, starts)
    # A short line right after a separator line opens a new article ("line that starts one").
    for i in range(1, n):
        d = drafts[i]
        if (
            drafts[i - 1].rule == "separator"
            and d.kind in (_SHORT, HEADING)
            and d.rule != "colon"
            and not _masthead(drafts, i)
        ):
            nxt = next((x for x in drafts[i + 1 :] if x.kind not in _OUTSIDE), None)
            if nxt is not None and nxt.kind in (PARAGRAPH, NOTICE, CAPTION, CONTACT):
                d.kind, d.rule = TITLE, "after_separator"
                starts.append((i, i, None))
    # After a closing credit the next short line opens the next article (… 所長 山田 太郎 / 編集後記).
    for i, d in enumerate(drafts):
        if d.rule == "credit":
            j = next((k for k in range(i + 1, n) if drafts[k].kind not in _OUTSIDE), None)
            if j is not None and drafts[j].kind == _SHORT and all(st[0] != j for st in starts):
                nxt = next((x for x in drafts[j + 1 :] if x.kind not in _OUTSIDE), None)
                if nxt is not None and nxt.kind in (PARAGRAPH, NOTICE, CAPTION):
                    drafts[j].kind, drafts[j].rule = TITLE, "after_credit"
                    starts.append((j, j, None))
    _peer_titles(text, drafts, starts)
    # A heading that repeats an entry of the table of contents opens an article.
    toc_keys = {_title_key(d.last) for d in drafts if d.rule == "toc"} - {""}
    taken = {s[0] for s in starts} | {s[0] + 1 for s in starts}
    for i, d in enumerate(drafts):
        if toc_keys and i not in taken and d.kind in (_SHORT, HEADING) and d.rule not in ("run_in", "colon"):
            if _title_key(d.last) in toc_keys:
                d.kind, d.rule = TITLE, "toc_entry"
                starts.append((i, i, None))
    starts.sort()
    content = [i for i, d in enumerate(drafts) if d.kind not in _OUTSIDE]  # chrome may have grown
    if not content:
        return starts
    first = content[0]
    if not starts or first < starts[0][0]:
        lead = [i for i in content if not starts or i < starts[0][0]]
        if (
            starts
            and len(lead) == 1
            and drafts[lead[0]].kind == _SHORT
            and _adjacent(text, drafts[lead[0]], drafts[starts[0][0]])
        ):
            # A label right above the first title (研究ハイライト / the title): the article's section.
            drafts[lead[0]].kind, drafts[lead[0]].rule = HEADING, "section_label"
            starts[0] = (lead[0], *starts[0][1:])
        elif starts and all(drafts[i].kind in (_SHORT, HEADING) for i in lead):
            # Only short lines before the first bylined article: the document's own title, and
            # a label right above the first title (巻頭言) is that article's section.
            if drafts[lead[0]].kind == _SHORT:
                drafts[lead[0]].kind, drafts[lead[0]].rule = TITLE, "document_title"
            last = lead[-1]
            if (
                len(lead) > 1
                and drafts[last].kind == _SHORT
                and _adjacent(text, drafts[last], drafts[starts[0][0]])
            ):
                drafts[last].kind, drafts[last].rule = HEADING, "section_label"
                starts[0] = (last, *starts[0][1:])
        elif (
            starts
            and drafts[first].kind == _SHORT
            and _masthead(drafts, first)
            and len(lead) > 1
            and drafts[lead[1]].kind not in (_SHORT, HEADING)
        ):
            # A masthead (the name, its issue line) and a greeting before the first article:
            # the document's title and text outside any article.
            drafts[first].kind, drafts[first].rule = TITLE, "document_title"
        else:
            title, byline = _lead_title(text, drafts, lead)
            if (
                title is not None
                and title > first
                and (drafts[first].kind == _SHORT and starts or drafts[first].rule == "document_title")
            ):
                # Several articles: the masthead above the first one is the document's title.
                drafts[first].kind, drafts[first].rule = TITLE, "document_title"
                first = min(x for x in (title, byline) if x is not None)
            starts.insert(0, (first, title, byline))
    return starts


_LABELLED_TITLE_RE = re.compile(r"[^\s\u3000]{2,8}\u3000\S.{2,}")


def _peer_titles(text: str, drafts: list[_Draft], starts: list[tuple[int, int | None, int | None]]) -> None:
    """Later articles of a page without bylines or marks:

    - a short line written like the first article's title, a column label and the title set
      apart by an ideographic space (寄稿　地域の技術力を世界へ … 会員企業紹介　株式会社米沢電子);
    - a short line right after a figure's caption or a contact block, with text after it
      (the caption or the contact closes the article above it);
    - on a page whose first article opens with its title and byline, a short line set apart
      by a blank line after another article's text."""
    titled = [drafts[t] for _, t, _ in starts if t is not None]
    labelled = bool(titled) and _LABELLED_TITLE_RE.fullmatch(titled[0].last) is not None
    taken = {s[0] for s in starts}
    bylined = any(t is not None and b is not None and b == t + 1 for _, t, b in starts)
    for i in range(1, len(drafts) - 1):
        d = drafts[i]
        if i in taken or d.kind not in (_SHORT, HEADING) or d.rule not in ("short_line",) or d.lines != 1:
            continue
        nxt = drafts[i + 1]
        if nxt.kind not in (PARAGRAPH, NOTICE) and nxt.rule not in ("marker", "numbered", "list_item"):
            continue
        # on a page whose first article opens with title and byline, a line set apart by a
        # blank line after another article's text opens the next article
        after_text = (
            bylined
            and text.count("\n", drafts[i - 1].end, d.start) >= 2
            and (drafts[i - 1].kind in (PARAGRAPH, NOTICE, CONTACT) or drafts[i - 1].rule == "credit")
        )
        closed = drafts[i - 1].kind in (CAPTION, CONTACT)  # a figure or a contact closes an article
        if (labelled and _LABELLED_TITLE_RE.fullmatch(d.last)) or closed or after_text:
            d.kind, d.rule = TITLE, "peer_title"
            starts.append((i, i, None))


def _masthead(drafts: list[_Draft], i: int) -> bool:
    """Is draft ``i`` a masthead: it carries an issue number or date, or an issue line follows it?"""
    return bool(MASTHEAD.search(drafts[i].last)) or (
        i + 1 < len(drafts) and drafts[i + 1].rule == "issue_line"
    )


def _headline_after(text: str, drafts: list[_Draft], q: int) -> bool:
    """Is draft ``q``, right below a dateline, a headline (one or two lines with no full stop,
    maybe with commas: 射水高専と鋳物会社3社、廃砂を再利用…) with the text after it?"""

    def headline(d: _Draft) -> bool:
        return (
            d.kind in (_SHORT, HEADING, PARAGRAPH)
            and d.lines <= 2
            and "。" not in text[d.start : d.end]
            and d.end - d.start <= 60
            and d.rule not in ("bullet", "list_item")
        )

    d = drafts[q]
    if not headline(d) or q + 1 >= len(drafts):
        return False
    return drafts[q + 1].kind in (PARAGRAPH, _SHORT)


def _title_line(d: _Draft) -> bool:
    """A one-line short line or plain heading that could be an article's title."""
    return (
        d.kind in (_SHORT, HEADING)
        and d.lines == 1
        and d.rule not in ("run_in", "colon_run_in", "bracket_run_in")
    )


def _heading_style(d: _Draft) -> str:
    """The mark a heading is written with (■, 【】, 1．, (1)): headings of one style are peers."""
    if d.rule == "bracket":
        return d.last[:1]
    return _list_style(d.last)


def _opening_headings(drafts: list[_Draft], starts: list[tuple[int, int | None, int | None]]) -> None:
    """A marked heading that opens the page (■ 新年のご挨拶, 【はじめに】, 1．…) is the title of
    its article, and so is every later heading of the same style: the page is a sequence of
    such sections. Only on a page where no byline has opened an article already."""
    if starts:
        return
    content = [i for i, d in enumerate(drafts) if d.kind not in _OUTSIDE]
    # a masthead (the newsletter's name with its issue number or date) may come first; a
    # title line would make the headings below it that article's sections
    k = 0
    while k < len(content) and k < 3 and drafts[content[k]].kind == _SHORT:
        k += 1
    # the short lines above it are a masthead when one holds an issue number or date, or a
    # rule sets them apart; otherwise the first is the title of the one article below it
    masthead = any(MASTHEAD.search(drafts[content[x]].last) for x in range(k))
    if k and k < len(content) and not masthead:
        masthead = any(d.rule in ("separator", "issue_line") for d in drafts[: content[k]])
    if k and not masthead:
        k = 0
    if k == len(content):
        return
    first = drafts[content[k]]
    if first.kind != HEADING or first.rule not in ("marker", "bracket", "numbered"):
        return
    style, rule = _heading_style(first), first.rule
    for i in content[k:]:
        d = drafts[i]
        if d.kind == HEADING and d.rule == rule and _heading_style(d) == style:
            d.kind, d.rule = TITLE, "section_heading"
            starts.append((i, i, None))


def _lead_title(text: str, drafts: list[_Draft], lead: list[int]) -> tuple[int | None, int | None]:
    """Title and organisation-only byline of an article with no byline of its own.

    The title is the first short line of the last group (between blank lines) of short lines
    before the text starts: a press release's 報道発表資料 / date / 東北経済産業局 block comes
    first, its title after them.
    """
    shorts: list[int] = []
    for i in lead:
        if drafts[i].kind in (_SHORT, HEADING, TITLE):
            shorts.append(i)
        else:
            break
    if not shorts or drafts[shorts[0]].kind != _SHORT:
        return None, None
    groups: list[list[int]] = [[shorts[0]]]
    for a, b in zip(shorts, shorts[1:]):
        if _adjacent(text, drafts[a], drafts[b]):
            groups[-1].append(b)
        else:
            groups.append([b])
    g = groups[0]  # a masthead (the newsletter's name with its issue) is the page's title
    if (len(groups) > 1 or len(g) > 1) and drafts[g[0]].kind == _SHORT and _masthead(drafts, g[0]):
        drafts[g[0]].kind, drafts[g[0]].rule = TITLE, "document_title"
        if len(g) > 1:
            groups[0] = g[1:]
    candidates = [g for g in groups if drafts[g[0]].kind == _SHORT and not _is_org_line(drafts[g[0]].last)]
    if not candidates:
        return None, None
    title = candidates[-1][0] if len(groups) > 1 and len(candidates[-1]) == 1 else candidates[0][0]
    drafts[title].kind, drafts[title].rule = TITLE, "first_line"
    # The issuing organisation alone on its line, right after the title or in the block above.
    for j in (title + 1, title - 1, title - 2):
        if 0 <= j < len(drafts) and j in shorts and drafts[j].kind == _SHORT and _is_org_line(drafts[j].last):
            drafts[j].kind, drafts[j].rule, drafts[j].byline = (
                BYLINE,
                "org_only",
                (drafts[j].last, None, None),
            )
            return title, j
    return title, None


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of a prose block: cut at terminators outside brackets and at line ends
    that end a sentence."""
    events = [(m.start(), m.end(), m[0]) for m in _SENT_EVENT_RE.finditer(text, start, end)]
    # Pair brackets first so that an unmatched one (scan damage) cannot swallow the block.
    paired: set[int] = set()
    stack: list[tuple[int, str]] = []
    for s, _, g in events:
        if g in _OPENERS:
            stack.append((s, g))
        elif g in _CLOSERS:
            opener = _PAIRS[g]
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][1] == opener:
                    paired.add(stack[k][0])
                    paired.add(s)
                    del stack[k:]
                    break
    sentence_end = shape("sentence_end_end")
    cuts: list[int] = []
    depth = 0
    pending: int | None = None  # terminator inside brackets: cut if the brackets close next
    for s, e, g in events:
        if g == "\n":
            pending = None
            if depth == 0:
                # Does the text before the line break, less trailing spaces, end a sentence?
                # Searched in place: slicing the block up to every line break is quadratic.
                stop = s
                while stop > start and text[stop - 1].isspace():
                    stop -= 1
                if sentence_end.search(text, start, stop):
                    cuts.append(s)
        elif g in _OPENERS:
            if s in paired:
                depth += 1
            pending = None
        elif g in _CLOSERS:
            if s not in paired:
                pending = None
                continue
            depth -= 1
            if pending == s and depth == 0:
                if not _HIRAGANA_RE.fullmatch(text[e : e + 1] or " "):
                    cuts.append(e)
                pending = None
            elif pending == s:
                pending = e
        elif depth == 0:
            cuts.append(e)
        else:
            pending = e
    cuts.append(end)
    spans: list[tuple[int, int]] = []
    prev = start
    for c in cuts:
        seg = text[prev:c]
        core = seg.strip()
        if core:
            s = prev + len(seg) - len(seg.lstrip())
            e = s + len(core)
            if core.strip(_STRAY):
                spans.append((s, e))
            elif spans:
                spans[-1] = (spans[-1][0], e)  # a stray closer or terminator belongs to the previous one
        prev = c
    return spans


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for part in text[start:end].split("\n"):
        stripped = part.strip()
        if stripped:
            s = pos + len(part) - len(part.lstrip())
            out.append((s, s + len(stripped)))
        pos += len(part) + 1
    return out


def find_structure(text: str, *, repeated_lines: frozenset[str] = frozenset()) -> Structure:
    """Find blocks, articles, sentences and the title of a newsletter page.

    >>> s = find_structure("お知らせ\\n総務課 課長 山田 太郎\\n本日は晴天です。明日も晴れ。")
    >>> [b.kind for b in s.blocks], s.articles[0].author_name, len(s.sentences)
    (['title', 'byline', 'paragraph'], '山田 太郎', 4)
    """
    repeated = frozenset(x.strip() for x in repeated_lines)
    drafts = _draft_blocks(text, repeated)
    _resolve_lists(text, drafts)
    _headline_list(text, drafts)
    starts = _article_starts(text, drafts)
    # Two rules may open an article at the same block; keep the first.
    starts = [st for k, st in enumerate(starts) if k == 0 or st[0] != starts[k - 1][0]]
    for d in drafts:
        if d.kind == _SHORT:
            d.kind = HEADING
    owner: list[int | None] = [None] * len(drafts)
    for a, (first, _, _) in enumerate(starts):
        stop = starts[a + 1][0] if a + 1 < len(starts) else len(drafts)
        for i in range(first, stop):
            if drafts[i].kind not in _OUTSIDE:
                owner[i] = a
    # The publisher's colophon (発行：…) after the last article belongs to the page, not to it.
    tail = [i for i, d in enumerate(drafts) if d.kind not in _OUTSIDE][-1:]
    if tail and drafts[tail[0]].kind == CONTACT and shape("colophon").match(text, drafts[tail[0]].start):
        owner[tail[0]] = None
    blocks = [Block(d.start, d.end, d.kind, owner[i], d.rule) for i, d in enumerate(drafts)]
    owned: dict[int, list[int]] = {}
    for i, o in enumerate(owner):
        if o is not None:
            owned.setdefault(o, []).append(i)
    articles = []
    for a, (first, title_i, byline_i) in enumerate(starts):
        mine = owned.get(a, [])
        org = job = name = None
        if byline_i is None:
            byline_i = next((i for i in mine if drafts[i].rule == "credit"), None)
        if byline_i is not None and drafts[byline_i].byline:
            org, job, name = drafts[byline_i].byline
        dateline_i = next((i for i in mine if drafts[i].kind == DATELINE), None)
        articles.append(
            Article(
                index=a,
                start=drafts[first].start,
                end=drafts[mine[-1]].end if mine else drafts[first].end,
                title_block=title_i,
                byline_block=byline_i,
                title=text[drafts[title_i].start : drafts[title_i].end] if title_i is not None else None,
                author_org=org,
                author_title=job,
                author_name=name,
                dateline_block=dateline_i,
                dateline=text[drafts[dateline_i].start : drafts[dateline_i].end]
                if dateline_i is not None
                else None,
            )
        )
    sentences = []
    for i, b in enumerate(blocks):
        if b.kind in _OUTSIDE:
            continue
        spans = (
            _sentence_spans(text, b.start, b.end)
            if b.kind in (PARAGRAPH, NOTICE)
            else _line_spans(text, b.start, b.end)
        )
        sentences += [Sentence(s, e, i) for s, e in spans]
    doc_title = next((text[b.start : b.end] for b in blocks if b.kind == TITLE and b.article is None), None)
    if doc_title is None and articles:
        doc_title = articles[0].title
    return Structure(blocks=blocks, articles=articles, sentences=sentences, title=doc_title)
