"""Sentences of prose blocks: cut at terminators outside brackets and at line ends that end a
sentence."""

from __future__ import annotations

from pipeline.base.line_shapes import shape
from pipeline.stages.structure.kinds import _CLOSERS, _HIRAGANA_RE, _OPENERS, _PAIRS, _SENT_EVENT_RE, _STRAY


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
