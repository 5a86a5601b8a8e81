"""Lines and what their shape says: the shape rules of ``structure_patterns.tsv``, boilerplate,
contact lines, names and bylines (:func:`parse_byline`, :func:`split_person_name`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.base.datafiles import data_lines
from pipeline.base.line_shapes import BARE_NAME, chrome_rule, shape
from pipeline.stages.structure.kinds import (
    _BYLINE_MAX,
    _CLOSERS,
    _CLOSERS_AND_SPACES,
    _CONTACT_VALUE_HINT_RE,
    _HIRAGANA_RE,
    _LABEL_RE,
    _LEADING_NON_WORD_RE,
    _NAME_RE,
    _NO_SENTENCE_RE,
    _NOT_IN_BYLINE_RE,
    _ROLE_LABEL_RE,
    _RUN_IN_HEAD_MAX,
    _RUN_ON_ENDINGS,
    _SENTENCE_PUNCT_RE,
    _SHORT_MAX,
    _SPACE_RUN_RE,
    _TERMINATORS,
)

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
    from pipeline.text.tagger import get_tagger

    nodes = list(get_tagger()(name))
    if len(nodes) >= 2 and nodes[0].feature.pos4 == "姓":
        family = nodes[0].surface
        return family, name[len(family) :]
    return None


@lru_cache(maxsize=4096)
def _looks_like_name(name: str) -> bool:
    """True when UniDic sees a person name (人名) or an unknown word in ``name``."""
    from pipeline.text.tagger import get_tagger

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
    from pipeline.text.tagger import get_tagger

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
