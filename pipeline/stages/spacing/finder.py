"""Every whitespace run of a text decided (:func:`decide_spacing`) and the repaired text
(:func:`repair_spacing`)."""

from __future__ import annotations

from pipeline.stages.spacing.horizontal import _decide_horizontal
from pipeline.stages.spacing.newline import _decide_newline
from pipeline.stages.spacing.words import (
    _ONE_SPACE_REASONS,
    _RUN,
    COLLAPSED,
    KEPT,
    LINE_BREAK,
    REMOVED,
    Repair,
    SpaceDecision,
)
from pipeline.text.layout import FLAT_MIN, restored_breaks, vertical_break


def decide_spacing(text: str) -> list[SpaceDecision]:
    """Decide every whitespace run of ``text``, in text order.

    A flattened page (see :mod:`pipeline.text.layout`) first gets its line breaks back: the first
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
            if action == COLLAPSED:  # a wrapped line joined where the wrap took a space
                decisions.append(SpaceDecision(start, end, COLLAPSED, reason, " "))
                continue
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
