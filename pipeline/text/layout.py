"""Line layout lost on the way to text, restored before spacing and structure read it.

Two kinds of damage, both decided as whitespace runs so that the spacing stage records them
in ``spacing_edits`` with their reason like every other edit:

- **Flattened lines.** Mail magazines and PDF transcripts often arrive as one line: every
  line and paragraph break became a single space. Such a line is long and holds rules
  (``━━━``, ``∞∞∞``) or section marks (``【…】``, ``■``, ``[1]``); the space at a rule, before
  a section mark, after a sentence end, before an indent, before a contact label or after a
  marked heading was a line break and becomes one again (action ``line_break``). The other
  spaces are left to the spacing rules, which remove line wraps inside words as they remove
  scan artifacts. (spacing.decide_spacing decides the other runs on the restored lines.)
- **Vertical text** extracted one character per line (a PDF of a vertical column): the line
  breaks inside a run of one-character lines are removed.
"""

from __future__ import annotations

import re

from pipeline.base.line_shapes import shape

# A line at least this long, with at least FLAT_MARKS breaks of the kinds above, was flattened.
FLAT_MIN = 200
FLAT_MARKS = 3
# Consecutive one-character lines that make a vertical column.
VERTICAL_MIN = 4
_SHORT = 8  # a one-character line with its indentation is no longer than this

_RULE_CHARS = "\\-‐－─━―=＝*＊~〜～_＿・･.．…◆◇■□●○★☆◎※+＋#＃∞〓▲△▼▽♪"
_RULE_END = re.compile(f"[{_RULE_CHARS}]{{3,}}$")
_RULE_START = re.compile(f"[{_RULE_CHARS}]{{3,}}")
# One-character marks that open a section (【…】, ■ ◆ ● …).
_MARK_CHARS = "【■□◆◇●○◎▼▽▲△★☆※〓・"
_MARKS = frozenset(_MARK_CHARS)
# Section marks that open a line: those marks, [1] (1) 1. ① 第1章, Vol. / No. of a masthead.
_SECTION_START = re.compile(
    rf"[{_MARK_CHARS}]"
    r"|[\[［〔(（]\s*[0-9０-９]{1,2}\s*[\]］〕)）]|[0-9０-９]{1,2}[.．](?![0-9０-９])"
    r"|[①-⑳]|第[0-9０-９一二三四五六七八九十]+[章節部]|(?i:vol|no)\.?\s*[0-9０-９]"
    r"|(?:19|20)[0-9０-９]{2}\s*[年./]\s*[0-9０-９]{1,2}\s*[月./]\s*[0-9０-９]{1,2}\s*日?\s*(?:発行|号)"
)
_SENTENCE_END = frozenset("。！？!?")
_VOL_END = re.compile(r"(?i:vol)\s*[.．]?\s*[0-9０-９]+$")


def restored_breaks(text: str, runs: re.Pattern[str]) -> set[int]:
    """Starts of the whitespace runs (``runs`` finds them) that were line breaks of a
    flattened page."""
    out = set()
    for a, b in flattened_lines(text):
        for m in runs.finditer(text, a, b):
            if "\n" not in m[0] and _break_here(text, m.start(), m.end()):
                out.add(m.start())
    return out


def flattened_lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line of ``text`` that holds a flattened page."""
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if len(line) >= FLAT_MIN and _marks(line) >= FLAT_MARKS:
            out.append((pos, end))
        pos = end + 1
    return out


def _marks(line: str) -> int:
    """Layout marks at spaces of ``line``: rules and section marks (sentence ends are no
    evidence: prose has them, and a full-width space after ？ is typography)."""
    n = 0
    for m in re.finditer(r"[ \u3000]+", line):
        n += _break_here(line, m.start(), m.end(), marks_only=True)
    return n


def _break_here(text: str, start: int, end: int, *, marks_only: bool = False) -> bool:
    """Was the space ``text[start:end]`` of a flattened line a line break?"""
    left = text[max(0, start - 80) : start]
    right = text[end : end + 80]
    if not left or not right:
        return False
    run = text[start:end]
    if not marks_only and run[0] == " " and (left[-1] in _SENTENCE_END or "\u3000" in run):
        return True  # a sentence's end, or a paragraph's indent, after the lost break
    if _VOL_END.search(left) and right[:2].lower() == "no":
        return False  # Vol.12 No.7: one issue line
    if right[:1] in _MARKS:
        head = left.rsplit(" ", 2)[-2:]  # the label and the mark before it, if the mark stands apart
        if len("".join(head)) <= 10 and any(h[:1] == right[:1] for h in head):
            return False  # ■■ 目次 ■■: a label framed by the same mark
    return bool(
        _RULE_END.search(left)
        or _RULE_START.match(right)
        or _SECTION_START.match(right)
        or shape("contact_start").match(right)
        or _heading_ends(left, right)
    )


_SPACE = re.compile(r"[ \u3000]")
_CLAUSE = re.compile(r"[、。，]")


def _heading_ends(left: str, right: str) -> bool:
    """Does a section heading end at this space, its body starting after it?

    ``【1】新事業のご案内 平成14年度から、…``: the heading (a mark, then a short phrase with
    no clause in it) was a line of its own; the body is prose that runs to a comma or a
    full stop. A list of headings (a table of contents) has no such body.
    """
    spaces = list(_SPACE.finditer(left))
    head_start = spaces[-1].end() if spaces else 0
    mark_alone = left[spaces[-2].end() : spaces[-1].start()] if len(spaces) >= 2 else ""
    if 0 < len(mark_alone) <= 4 and _SECTION_START.match(mark_alone):
        head_start = spaces[-2].end()  # the mark has a space of its own (■ 新年のご挨拶, ◆1◆ 大豆…)
    head = left[head_start:]
    mark = _SECTION_START.match(head)
    if mark is None or len(head) > 30 or _CLAUSE.search(head) or len(head) - mark.end() < 2:
        return False
    stop = _SPACE.search(right)
    body = right[: stop.start()] if stop else right
    return len(body) >= 15 and _CLAUSE.search(body) is not None


def _line_at(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, len(text) if b < 0 else b


def _one_char(text: str, a: int, b: int) -> bool:
    core = text[a:b].strip(" \t\u3000")
    return len(core) == 1


def vertical_break(text: str, start: int, end: int) -> str | None:
    """``"inside"`` for the line break ``text[start:end]`` inside a run of one-character lines
    (a vertical column), ``"edge"`` for the break that opens or closes such a run, else None."""
    if text.count("\n", start, end) != 1:
        return None
    # most breaks end or start a line of ordinary length: ruled out by the lengths alone
    a = text.rfind("\n", 0, start) + 1
    d = text.find("\n", end)
    d = len(text) if d < 0 else d
    before = start - a <= _SHORT and _one_char(text, a, start)
    after = d - end <= _SHORT and _one_char(text, end, d)
    if not (before or after):
        return None
    # one-character lines in a row through the break, counted up to VERTICAL_MIN
    run = before + after
    p = a
    while before and run < VERTICAL_MIN and p > 0:
        p0, p1 = _line_at(text, p - 1)
        if not _one_char(text, p0, p1):
            break
        run, p = run + 1, p0
    q = d
    while after and run < VERTICAL_MIN and q < len(text):
        q0, q1 = _line_at(text, q + 1)
        if not _one_char(text, q0, q1):
            break
        run, q = run + 1, q1
    if run < VERTICAL_MIN:
        return None
    return "inside" if before and after else "edge"
