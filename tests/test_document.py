"""The offset map: every edit composes it; spans always trace back to the raw text."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.document.model import Document, Edit
from pipeline.stages.ingest import normalise


def reference(raw: str, edit_rounds: list[list[Edit]]) -> list[tuple[str, int, int]]:
    """A slow, obviously-correct model: each working char with the raw slice it came from."""
    chars = [(c, i, i + 1) for i, c in enumerate(raw)]
    for edits in edit_rounds:
        out = []
        pos = 0
        for ed in sorted(edits, key=lambda e: e.start):
            out.extend(chars[pos : ed.start])
            old = chars[ed.start : ed.end]
            if len(ed.replacement) == len(old):
                out.extend((c, o[1], o[2]) for c, o in zip(ed.replacement, old))
            elif ed.replacement:
                lo = (
                    old[0][1]
                    if old
                    else (chars[ed.start][1] if ed.start < len(chars) else (chars[-1][2] if chars else 0))
                )
                hi = old[-1][2] if old else lo
                out.extend((c, lo, hi) for c in ed.replacement)
            pos = ed.end
        out.extend(chars[pos:])
        chars = out
    return chars


@st.composite
def edit_rounds(draw):
    raw = draw(st.text(alphabet="あい 漢字\u3000ab\n", min_size=0, max_size=40))
    rounds = []
    length = len(raw)
    text = raw
    for _ in range(draw(st.integers(0, 3))):
        cuts = sorted(set(draw(st.lists(st.integers(0, length), max_size=8))))
        edits = []
        for a, b in zip(cuts[::2], cuts[1::2]):
            edits.append(Edit(a, b, draw(st.sampled_from(["", " ", "X", "YZ", text[a:b]]))))
        rounds.append(edits)
        # length after applying these edits, for the next round's offsets
        new = list(text)
        for ed in sorted(edits, key=lambda e: -e.start):
            new[ed.start : ed.end] = ed.replacement
        text = "".join(new)
        length = len(text)
    return raw, rounds


@settings(max_examples=300, deadline=None)
@given(edit_rounds())
def test_random_edits_compose_the_map_exactly(case):
    raw, rounds = case
    doc = Document("d", raw)
    for edits in rounds:
        doc.edit(edits)
    expected = reference(raw, rounds)
    assert doc.text == "".join(c for c, _, _ in expected)
    assert list(doc.raw_from) == [lo for _, lo, _ in expected]
    assert list(doc.raw_to) == [hi for _, _, hi in expected]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="平成 17 年1月 25 日\u3000て い ますab\n", max_size=60), st.data())
def test_deleting_whitespace_keeps_the_invariant(raw, data):
    """Removing the deleted whitespace from raw[raw_start:raw_end] gives the span's text."""
    doc = Document("d", raw)
    spaces = [i for i, c in enumerate(raw) if c.isspace()]
    chosen = data.draw(st.lists(st.sampled_from(spaces), unique=True) if spaces else st.just([]))
    doc.edit([Edit(i, i + 1) for i in chosen])
    if not doc.text:
        return
    s = data.draw(st.integers(0, len(doc.text) - 1))
    e = data.draw(st.integers(s + 1, len(doc.text)))
    rs, re_ = doc.raw_span(s, e)
    deleted = set(chosen)
    assert "".join(c for i, c in enumerate(raw[rs:re_], rs) if i not in deleted) == doc.text[s:e]


def test_vectorised_raw_spans_agree_with_scalar():
    doc = Document("d", "a b  c\r\nd")
    doc.edit([Edit(1, 2), Edit(3, 5, " "), Edit(6, 8, "\n")])
    starts, ends = np.array([0, 1, 2, 3]), np.array([1, 3, 4, 5])
    rs, re_ = doc.raw_spans(starts, ends)
    assert [doc.raw_span(s, e) for s, e in zip(starts, ends)] == list(zip(rs.tolist(), re_.tolist()))


@pytest.mark.parametrize(
    "raw, text",
    [
        ("一行目\r\n二行目\r三行目", "一行目\n二行目\n三行目"),  # CRLF and CR become LF
        ("か\u3099き", "がき"),  # NFC composes the dakuten
        ("平成\u2028十七年", "平成\n十七年"),  # Unicode line separator
    ],
)
def test_normalise_edits_through_the_map(raw, text):
    doc = Document("d", raw)
    normalise(doc)
    assert doc.text == text
    assert doc.raw_span(0, len(doc.text)) == (0, len(raw))


def test_overlapping_edits_are_refused():
    doc = Document("d", "abcdef")
    with pytest.raises(ValueError):
        doc.edit([Edit(0, 3), Edit(2, 4)])


def test_slices_map_into_the_whole_raw_text_with_or_without_edits():
    doc = Document("d", "ab\r\ncd ef")
    plain = doc.slice(4, 9)  # no edit yet: an identity map shifted by the slice start
    assert plain.text == "cd ef" and plain.raw_span(0, 2) == (4, 6) and plain.raw_span(5, 5) == (9, 9)
    assert list(plain.raw_from) == [4, 5, 6, 7, 8]
    normalise(doc)
    edited = doc.slice(3, 8)
    assert edited.text == "cd ef" and edited.raw_span(0, 5) == (4, 9)
    assert doc.slice(2, 2).text == ""
