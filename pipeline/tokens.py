"""Tokenisation with MeCab (fugashi + unidic-lite), built from MeCab's own output format.

Creating one Python node object per token (``for node in tagger(text)``) and reading its
feature named tuple costs more than MeCab's analysis itself.  Instead MeCab formats every
token as one tab-separated line and the lines are split into columns in bulk; offsets
follow from the whitespace MeCab skipped before each token (``%pS``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from pipeline.tagger import FEATURE_SEP, get_tagger

# The display lemma is UniDic's orthBase: it is written the way the text writes the word,
# which is what users expect to group by; the UniDic lemma is kept as ``lexeme``.
# The tagger's output format (pipeline.tagger) prints the whitespace MeCab skipped, the
# surface, and these features as one field.
FEATURES = ("pos1", "pos2", "pos3", "pos4", "ctype", "cform", "lemma", "reading", "pron", "lexeme")

# MeCab reads a C string and our format is line- and tab-based: NUL, tab, CR, LF and the
# other C0 controls are replaced by a plain space of the same length before analysis, so
# offsets are unchanged and MeCab skips them as whitespace.
_SANITISE = {c: " " for c in range(32)}
_SANITISE[0x7F] = " "
_SANITISE[0x85] = " "
_SANITISE[0x2028] = " "
_SANITISE[0x2029] = " "
_NEEDS_SANITISING = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")
# MeCab crashes the process (SIGSEGV) on very long inputs (200k Latin letters, 1M kana in
# one segment) and is slow on long runs of unknown words: segments go in pieces this long.
MAX_PIECE = 20_000



class Tokens:
    """Token columns of one text (offsets into that text), backed by a pyarrow table.

    Attribute access (``tokens.surface``, ``tokens.pos1`` ...) gives a Python list, built
    on first use and cached; ``codes(name)`` gives a column as integer codes and its
    distinct values (cached too), ``value_mask(name, allowed)`` a test on them per token;
    ``tokens.table`` gives the columns without conversion.
    ``memo`` is where a finder keeps what it derived from the columns, for the next
    finder that needs the same.  The columns are never changed after construction, which
    makes the caches safe.
    """

    __slots__ = ("table", "memo", "_lists", "_codes")

    def __init__(self, table: pa.Table | None = None):
        self.table = table if table is not None else _empty_table()
        self.memo: dict[str, object] = {}
        self._lists: dict[str, list] = {}
        self._codes: dict[str, tuple[np.ndarray, list]] = {}

    def __len__(self) -> int:
        return self.table.num_rows

    def __getattr__(self, name: str) -> list:
        if name.startswith("_") or name not in TOKEN_FIELDS:
            raise AttributeError(name)
        got = self._lists.get(name)
        if got is None:
            col = self.table.column(name)
            if pa.types.is_dictionary(col.type):
                # One Python string per distinct value, shared by every token that has it:
                # a piece's lists take pointers, not a string object per token.
                codes, values = self.codes(name)
                got = np.array(values + [None], dtype=object)[codes].tolist()
            else:  # offsets: numpy's tolist is many times faster than Arrow's to_pylist
                got = col.to_numpy().tolist()
            self._lists[name] = got
        return got

    def view(self, name: str) -> Sequence:
        """Column ``name`` for reading a value here and there: offsets as a list, text as a
        :class:`ColumnView` (no list of every value is built, which is most of the cost
        when a finder only looks at the tokens of a few candidates)."""
        if name in ("start", "end", "segment"):
            return getattr(self, name)
        return self._lists.get(name) or ColumnView(*self.codes(name))

    def codes(self, name: str) -> tuple[np.ndarray, list]:
        """A string column as (codes, values): ``values[codes[k]]`` is token k's value and
        code -1 (the last item, from numpy's view) stands for null.  Finders test a
        predicate once per distinct value and index the result with the codes."""
        got = self._codes.get(name)
        if got is None:
            got = self._codes[name] = self._make_codes(name)
        return got

    def value_mask(self, name: str, allowed) -> np.ndarray:
        """Per token: whether its ``name`` value is in ``allowed`` (null never is), the test
        made once per distinct value."""
        codes, values = self.codes(name)
        hit = np.fromiter((v in allowed for v in values), dtype=bool, count=len(values))
        return np.append(hit, False)[codes]

    def _make_codes(self, name: str) -> tuple[np.ndarray, list]:
        col = self.table.column(name)
        if not pa.types.is_dictionary(col.type):
            col = col.dictionary_encode()
        arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        if len(arr) == 0:
            return np.zeros(0, dtype=np.int32), []
        return _codes_of(arr.indices), arr.dictionary.to_pylist()


class ColumnView(Sequence):
    """A text column read through its codes: ``view[k]`` is token k's value (None for null)."""

    __slots__ = ("_codes", "_values")

    def __init__(self, codes: np.ndarray, values: list):
        self._codes = codes
        self._values = [*values, None]  # code -1 is null

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self._values[c] for c in self._codes[k].tolist()]
        return self._values[self._codes[k]]


def _codes_of(indices: pa.Int32Array) -> np.ndarray:
    """Dictionary indices as numpy, -1 for null, read from the buffers (fill_null is slow
    on thousands of small arrays)."""
    n, offset = len(indices), indices.offset
    values = np.frombuffer(indices.buffers()[1], dtype=np.int32, count=offset + n)[offset:]
    if indices.null_count == 0:
        return values
    valid = np.unpackbits(np.frombuffer(indices.buffers()[0], dtype=np.uint8),
                          count=offset + n, bitorder="little")[offset:].astype(bool)
    return np.where(valid, values, np.int32(-1))


TOKEN_FIELDS = (
    "start", "end", "surface", "lemma", "lexeme", "pos1", "pos2", "pos3", "pos4",
    "ctype", "cform", "reading", "pron", "segment",
)


# String columns are dictionary-encoded: parts of speech have a few dozen values and even
# surfaces repeat, so per-value work (null markers, finders' predicates) is done once.
DICT = pa.dictionary(pa.int32(), pa.string())


def _empty_table() -> pa.Table:
    fields = [(name, pa.int32() if name in ("start", "end", "segment") else DICT)
              for name in TOKEN_FIELDS]
    return pa.table({name: pa.array([], type=t) for name, t in fields})


def _tagger():
    return get_tagger()


_LINE = ("ws", "surface", "features")
_READ = pcsv.ReadOptions(column_names=list(_LINE), use_threads=False, block_size=1 << 24)
_PARSE = pcsv.ParseOptions(delimiter="\t", quote_char=False, escape_char=False)
_CONVERT = pcsv.ConvertOptions(
    column_types={"ws": pa.string(), "surface": DICT, "features": DICT},
    strings_can_be_null=False,
    quoted_strings_can_be_null=False,
)


def _feature_columns(features: pa.DictionaryArray) -> dict[str, pa.DictionaryArray]:
    """Split the features field into its columns: each distinct value is split once (in
    Arrow, not Python), and every token takes its columns through its code.  UniDic's
    "no value" ("*", printed empty) becomes null, except in pos1, which always has one."""
    parts = pc.split_pattern(features.dictionary, FEATURE_SEP)
    if len(parts) and pc.min_max(pc.list_value_length(parts)).as_py() != {"min": len(FEATURES),
                                                                          "max": len(FEATURES)}:
        raise ValueError(f"MeCab printed a features field without {len(FEATURES)} values")
    out = {}
    for k, name in enumerate(FEATURES):
        values = pc.list_element(parts, k)
        if name != "pos1":
            values = pc.if_else(pc.is_in(values, value_set=_no_value()), pa.scalar(None, pa.string()), values)
        column = values.dictionary_encode()
        out[name] = pa.DictionaryArray.from_arrays(column.indices.take(features.indices), column.dictionary)
    return out


@cache
def _no_value() -> pa.Array:
    # Built on first use, not at import: converting Python objects makes pyarrow import
    # pandas, which pool workers refuse (pipeline.runner) once they are set up.
    return pa.array(["*", ""], type=pa.string())


def tokenize(text: str, segments: list[tuple[int, int]] | None = None) -> Tokens:
    """Tokenise ``text`` (or only the ``(start, end)`` segments of it, e.g. sentences).

    >>> t = tokenize("室長 千葉 康典")
    >>> list(zip(t.surface, t.start, t.end))[:2]
    [('室長', 0, 2), ('千葉', 3, 5)]
    """
    if segments is None:
        segments = [(0, len(text))]
    parse = _tagger().parse
    outs: list[str] = []
    counts: list[int] = []
    seg_ids: list[int] = []
    bases: list[int] = []
    for k, (s, e) in enumerate(segments):
        for ps in range(s, e, MAX_PIECE):
            # fugashi strips trailing whitespace from the output, which would eat the empty
            # trailing fields of the last token; the "E" end-of-sentence line protects them.
            piece = text[ps:min(e, ps + MAX_PIECE)]
            if _NEEDS_SANITISING.search(piece):  # rare; translate() is slow on Japanese text
                piece = piece.translate(_SANITISE)
            out = parse(piece)[:-2]
            if not out:
                continue
            outs.append(out)
            counts.append(out.count("\n") + 1)
            seg_ids.append(k)
            bases.append(ps)
    if not outs:
        return Tokens()
    raw = pcsv.read_csv(
        io.BytesIO("\n".join(outs).encode("utf-8")), read_options=_READ,
        parse_options=_PARSE, convert_options=_CONVERT,
    )
    if raw.num_rows != sum(counts):
        raise ValueError(f"MeCab printed {raw.num_rows} token lines, expected {sum(counts)}")
    # Blocks of the reader have their own dictionaries: one per column instead.
    raw = raw.unify_dictionaries().combine_chunks()
    # Offsets: whitespace skipped plus surface, accumulated, restarting at every segment.
    ws_len = pc.utf8_length(raw.column("ws")).to_numpy()
    surface = raw.column("surface").chunk(0)
    sf_len = pc.utf8_length(surface.dictionary).to_numpy()[surface.indices.to_numpy()]
    step = (ws_len + sf_len).astype(np.int64)
    cum = np.cumsum(step)
    counts_a = np.asarray(counts)
    first = np.concatenate(([0], np.cumsum(counts_a)[:-1]))
    before = np.concatenate(([0], cum))[first]  # progress before each segment's first token
    shift = np.repeat(np.asarray(bases, dtype=np.int64) - before, counts_a)
    end = cum + shift
    start = end - sf_len
    columns = {
        "start": pa.array(start, type=pa.int32()),
        "end": pa.array(end, type=pa.int32()),
        "surface": surface,
    }
    features = _feature_columns(raw.column("features").chunk(0))
    for name in ("lemma", "lexeme", "pos1", "pos2", "pos3", "pos4", "ctype", "cform",
                 "reading", "pron"):
        columns[name] = features[name]
    columns["segment"] = pa.array(np.repeat(np.asarray(seg_ids), counts_a), type=pa.int32())
    return Tokens(pa.table(columns))


def check_alignment(text: str, tokens: Tokens) -> None:
    """Raise if the tokens do not reproduce ``text`` at their offsets (spaCy's E194 check)."""
    for s, e, sf in zip(tokens.start, tokens.end, tokens.surface, strict=True):
        if text[s:e] != sf:
            raise AssertionError(f"token {sf!r} does not match text {text[s:e]!r} at {s}:{e}")


__all__ = ["FEATURES", "ColumnView", "Tokens", "check_alignment", "tokenize"]
