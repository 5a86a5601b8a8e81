"""Lines grouped into draft blocks of one kind (title, byline, heading, paragraph, caption,
notice, contact, boilerplate, toc, dateline)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.base.line_shapes import chrome_rule, shapes
from pipeline.stages.datelines import is_dateline
from pipeline.stages.structure.kinds import (
    _CLAUSE_END_RE,
    _DATE_CHARS_RE,
    _DIGITS,
    _RUN_ON_ENDINGS,
    _SENTENCE_PUNCT_RE,
    _SHAPE_END_CHARS,
    _SHORT,
    _SHORT_MAX,
    BOILERPLATE,
    BYLINE,
    CAPTION,
    CONTACT,
    DATELINE,
    HEADING,
    NOTICE,
    PARAGRAPH,
    TOC,
)
from pipeline.stages.structure.lines import (
    _bare_name,
    _boilerplate_rule,
    _ends_sentence,
    _has_contact_value,
    _is_contact_line,
    _is_org_line,
    _is_short,
    _Line,
    _lines,
    _run_in_split,
    parse_byline,
)

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
