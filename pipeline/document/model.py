"""The document model: the raw text, the working text, and one offset map between them.

Every edit of the working text goes through :meth:`Document.edit`, which composes the map,
so any span of the working text can be traced back to the raw text it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # the stages' results; the document model imports no stage
    from pipeline.entities.finder import EntityLayer
    from pipeline.stages.structure import Article, Block, Sentence
    from pipeline.text.tokens import Tokens


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of the current working text by ``replacement``."""

    start: int
    end: int
    replacement: str = ""
    # False when a same-length replacement is not character for character (NFC reorders
    # combining marks): every new character then stands for the whole replaced region.
    aligned: bool = True


@dataclass
class Document:
    """Raw text (immutable provenance anchor), working text, and the map between them.

    Working character ``i`` came from ``raw[raw_from[i]:raw_to[i]]``: one raw character for
    untouched text, the whole replaced region for a replacement of a different length.
    Until the first edit the map is the identity (shifted by ``_shift`` for a slice) and no
    arrays exist: a 50 MB file without CRLF never pays 8 bytes a character for it.
    """

    doc_id: str
    raw: str
    text: str | None = None  # None: the working text starts as the raw text
    meta: dict[str, Any] = field(default_factory=dict)
    # What the stages found, in working-text offsets (None until the stage has run):
    spacing: dict[str, list] | None = None  # spacing stage: one row per whitespace run considered
    blocks: list[Block] | None = None  # structure stage
    articles: list[Article] | None = None
    sentences: list[Sentence] | None = None
    title: str | None = None
    tokens: Tokens | None = None  # tokens stage
    entities: EntityLayer | None = None  # entities stage
    contacts: list | None = None  # contacts stage (contact blocks)
    _from: np.ndarray | None = field(default=None, repr=False)
    _to: np.ndarray | None = field(default=None, repr=False)
    _shift: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        if self.text is None:
            self.text = self.raw

    @property
    def raw_from(self) -> np.ndarray:
        """Raw start of every working character (arrays made on first use)."""
        if self._from is None:
            self._materialise()
        return self._from

    @property
    def raw_to(self) -> np.ndarray:
        """Raw end of every working character."""
        if self._to is None:
            self._materialise()
        return self._to

    def _materialise(self) -> None:
        idx = np.arange(self._shift, self._shift + len(self.text), dtype=np.int32)
        self._from, self._to = idx, idx + 1

    # -- editing -------------------------------------------------------------------------
    def edit(self, edits: Iterable[Edit]) -> None:
        """Apply non-overlapping edits (offsets in the current text) and compose the map."""
        edits = sorted(edits, key=lambda e: (e.start, e.end))
        if not edits:
            return
        text, rf, rt = self.text, self.raw_from, self.raw_to
        pieces: list[str] = []
        from_parts: list[np.ndarray] = []
        to_parts: list[np.ndarray] = []
        pos = 0
        for ed in edits:
            if ed.start < pos or ed.end < ed.start or ed.end > len(text):
                raise ValueError(f"overlapping or out-of-range edit {ed} (text length {len(text)})")
            pieces.append(text[pos : ed.start])
            from_parts.append(rf[pos : ed.start])
            to_parts.append(rt[pos : ed.start])
            n = len(ed.replacement)
            if n:
                pieces.append(ed.replacement)
                if n == ed.end - ed.start and ed.aligned:  # character for character
                    from_parts.append(rf[ed.start : ed.end])
                    to_parts.append(rt[ed.start : ed.end])
                else:  # every new character stands for the whole replaced region
                    lo = rf[ed.start] if ed.end > ed.start else self._raw_at(ed.start)
                    hi = rt[ed.end - 1] if ed.end > ed.start else lo
                    from_parts.append(np.full(n, lo, dtype=np.int32))
                    to_parts.append(np.full(n, hi, dtype=np.int32))
            pos = ed.end
        pieces.append(text[pos:])
        from_parts.append(rf[pos:])
        to_parts.append(rt[pos:])
        self.text = "".join(pieces)
        self._from = np.concatenate(from_parts).astype(np.int32, copy=False)
        self._to = np.concatenate(to_parts).astype(np.int32, copy=False)

    def _raw_at(self, i: int) -> int:
        """Raw position of a boundary between working characters ``i-1`` and ``i``."""
        if self._from is None:
            return self._shift + i
        if i < len(self.raw_from):
            return int(self.raw_from[i])
        return int(self.raw_to[-1]) if len(self.raw_to) else len(self.raw)

    # -- mapping ---------------------------------------------------------------------------
    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(raw_start, raw_end)`` of the working span ``[start, end)``."""
        if end <= start:
            r = self._raw_at(start)
            return r, r
        if self._from is None:
            return self._shift + start, self._shift + end
        return int(self.raw_from[start]), int(self.raw_to[end - 1])

    def raw_spans(self, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vectorised :meth:`raw_span` for non-empty spans."""
        starts = np.asarray(starts, dtype=np.int64)
        ends = np.asarray(ends, dtype=np.int64)
        if len(starts) == 0:
            return starts.astype(np.int32), ends.astype(np.int32)
        if self._from is None:
            return (starts + self._shift).astype(np.int32), (ends + self._shift).astype(np.int32)
        return self.raw_from[starts], self.raw_to[ends - 1]

    def slice(self, start: int, end: int) -> Document:
        """The working text ``[start, end)`` as a document of its own; its map still points
        into the whole raw text, so raw offsets stay absolute (used to process huge files
        in pieces)."""
        if self._from is None:
            return Document(
                self.doc_id, self.raw, self.text[start:end], dict(self.meta), _shift=self._shift + start
            )
        return Document(
            self.doc_id,
            self.raw,
            self.text[start:end],
            dict(self.meta),
            _from=self._from[start:end],
            _to=self._to[start:end],
        )
