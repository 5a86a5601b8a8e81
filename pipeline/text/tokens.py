"""Tokenisation with MeCab (fugashi + unidic-lite), built from MeCab's own output format.

Creating one Python node object per token (``for node in tagger(text)``) and reading its
feature named tuple costs more than MeCab's analysis itself.  Instead MeCab formats every
token as one tab-separated line, and the lines are split into columns in bulk; offsets
follow from the whitespace MeCab skipped before each token (``%pS``).  A line names the
dictionary entry MeCab chose rather than printing its features (pipeline.text.tagger); each
distinct entry's features are read once per process (pipeline.text.mecab_dic) and kept, split
into columns, in a lexicon, from which a text's columns are taken by entry.
"""

from __future__ import annotations

import os
import re
import threading
import warnings
from collections.abc import Sequence
from functools import cache
from itertools import repeat

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.text.mecab_dic import entries_for, split_features
from pipeline.text.tagger import KEY_SEP, UNIDIC_FIELDS, get_tagger

# The display lemma is UniDic's orthBase: it is written the way the text writes the word,
# which is what users expect to group by; the UniDic lemma is kept as ``lexeme``.
FEATURES = ("pos1", "pos2", "pos3", "pos4", "ctype", "cform", "lemma", "reading", "pron", "lexeme")
# The UniDic fields they are, by name: orthBase is 書字形基本形 (千葉 -> "千葉", 行っ -> "行く"),
# kana 仮名形出現形, lemma 語彙素 (千葉 -> "チバ").  An entry's feature string holds its fields
# in the dictionary's order (pipeline.text.tagger.UNIDIC_FIELDS, checked against the loaded
# dictionary at start-up); unknown words have only the first six: their lemma is the
# surface itself and the rest has no value.
_SOURCE_FIELDS = ("pos1", "pos2", "pos3", "pos4", "cType", "cForm", "orthBase", "kana", "pron", "lemma")
_FIELDS = tuple(UNIDIC_FIELDS.index(name) for name in _SOURCE_FIELDS)

# MeCab reads a C string and our format is line- and tab-based: NUL, tab, CR, LF and the
# other C0 controls are replaced by a plain space of the same length before analysis, so
# offsets are unchanged and MeCab skips them as whitespace.
_CONTROLS = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")
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
    valid = np.unpackbits(
        np.frombuffer(indices.buffers()[0], dtype=np.uint8), count=offset + n, bitorder="little"
    )[offset:].astype(bool)
    return np.where(valid, values, np.int32(-1))


TOKEN_FIELDS = (
    "start",
    "end",
    "surface",
    "lemma",
    "lexeme",
    "pos1",
    "pos2",
    "pos3",
    "pos4",
    "ctype",
    "cform",
    "reading",
    "pron",
    "segment",
)


# String columns are dictionary-encoded: parts of speech have a few dozen values and even
# surfaces repeat, so per-value work (null markers, finders' predicates) is done once.
DICT = pa.dictionary(pa.int32(), pa.string())


def _empty_table() -> pa.Table:
    fields = [(name, pa.int32() if name in ("start", "end", "segment") else DICT) for name in TOKEN_FIELDS]
    return pa.table({name: pa.array([], type=t) for name, t in fields})


def _split_lines(lines: pa.StringArray) -> tuple[pa.StringArray, pa.StringArray]:
    """Token lines (whitespace, tab, key) as their whitespace and their keys."""
    parts = pc.split_pattern(lines, "\t", max_splits=1)
    if len(lines) and pc.min(pc.list_value_length(parts)).as_py() != 2:
        raise ValueError("a token line without a tab: MeCab's output format is not the tagger's")
    return pc.list_element(parts, 0), pc.list_element(parts, 1)


# A token key (surface KEY_SEP entry) determines these columns.
_KEY_COLUMNS = ("surface", *FEATURES)
_POS1 = _KEY_COLUMNS.index("pos1")


def _fields(raw: str, surface: str, unknown: bool) -> list[str]:
    """The FEATURES of one token from its entry's feature string (as MeCab splits it)."""
    need = 6 if unknown else 18
    fields = split_features(raw, need)
    if len(fields) < need:
        raise ValueError(
            f"a dictionary entry with {len(fields)} fields, not UniDic's {need} or more: {raw!r}"
        )
    if unknown:
        return [*fields[:6], surface, "", "", ""]
    return [fields[k] for k in _FIELDS]


# Stands in for an entry split in Python: as many empty fields as Arrow's split wants.
_BLANK_ENTRY = "," * 18
# A quote or a blank in one of the first 18 fields (what split_features' fast path checks).
_HEAD_APART = r'^(?:[^,]*,){0,17}[^,]*["\t ]'


class _Lexicon:
    """Every token key this process has met, with its columns.

    A text repeats a few thousand keys and a corpus a few tens of thousands, so a key's
    entry is read and split once per process, and a text takes its keys' values by row:
    ``values[c][row]`` is key ``row``'s value in column ``_KEY_COLUMNS[c]``.  Emptied when it
    holds more than ``_LEXICON_MAX`` keys (about 260 bytes each), which bounds a worker's
    memory on any corpus.
    """

    def __init__(self):
        self.rows: dict[str, int] = {}
        self.values: list[pa.Array] | None = None
        # Worker threads (a Dask worker may run several) share the lexicon: a text's
        # lookups, additions and takes happen under this lock.
        self.lock = threading.Lock()

    @property
    def size(self) -> int:
        """Rows in ``values`` (a key learnt twice in one call has two)."""
        return 0 if self.values is None else len(self.values[0])

    def clear(self) -> None:
        self.rows, self.values = {}, None

    def add(self, keys: list[str], surfaces: list[str], raws: list[str], unknown: list[bool]) -> None:
        """Learn new ``keys``: their surfaces and their entries' feature strings."""
        # Most entries split in Arrow, all at once.  Unknown words (six fields) and what
        # MeCab's splitting rules treat apart (quotes, blanks, a comma at the end) are
        # split in Python (split_features), and their values put in afterwards.
        raw = pa.array(raws, type=pa.string())
        apart_a = pc.or_(
            pa.array(unknown, type=pa.bool_()),
            pc.or_(pc.match_substring_regex(raw, _HEAD_APART), pc.ends_with(raw, ",")),
        )
        apart = apart_a.to_pylist()
        parts = pc.split_pattern(pc.if_else(apart_a, _BLANK_ENTRY, raw), ",", max_splits=18)
        short = pc.less(pc.list_value_length(parts), 18)
        if pc.any(short).as_py():
            k = short.to_pylist().index(True)
            _fields(raws[k], surfaces[k], False)  # raises, saying which
        columns = [pa.array(surfaces, type=pa.string()), *(pc.list_element(parts, k) for k in _FIELDS)]
        if any(apart):
            rows = [_fields(raws[i], surfaces[i], unknown[i]) for i, x in enumerate(apart) if x]
            for c in range(1, len(columns)):
                columns[c] = pc.replace_with_mask(
                    columns[c], apart_a, pa.array([f[c - 1] for f in rows], type=pa.string())
                )
        columns = [
            column
            if c == 0 or c == _POS1
            else pc.if_else(pc.is_in(column, value_set=_no_value()), pa.scalar(None, pa.string()), column)
            for c, column in enumerate(columns)
        ]
        first = self.size
        if self.values is not None:
            columns = [pa.concat_arrays([old, new]) for old, new in zip(self.values, columns)]
        # One assignment, then the keys: an exception in between (a document's time limit
        # is a signal) leaves every column the same length, and the keys unknown.
        self.values = columns
        self.rows.update(zip(keys, range(first, first + len(keys))))

    def columns(self, rows: np.ndarray, token_keys: np.ndarray) -> dict[str, pa.DictionaryArray]:
        """The columns of tokens whose keys are ``rows`` (indexed by ``token_keys``), each
        with its own dictionary: the distinct values in the order they first appear among
        the rows, as dictionary-encoding the text's values gives."""
        rows_a, token_keys_a = pa.array(rows), pa.array(token_keys)
        out = {}
        for c, name in enumerate(_KEY_COLUMNS):
            local = self.values[c].take(rows_a).dictionary_encode()
            out[name] = pa.DictionaryArray.from_arrays(local.indices.take(token_keys_a), local.dictionary)
        return out


_LEXICON = _Lexicon()
_LEXICON_MAX = 100_000
_WARNED: list[bool] = []  # the slow way's warning is given once per process
_NO_DIC_READER = os.environ.get("PIPELINE_NO_DIC_READER") == "1"


def _key_rows(
    lexicon: _Lexicon, keys: list[str], pieces: list[str], lines: np.ndarray, first: np.ndarray
) -> np.ndarray:
    """The lexicon rows of ``keys``: the keys of a text's distinct token lines (a key
    comes twice when whitespace before it differs).

    New keys are read from the dictionary.  A key the dictionary cannot answer (none has so
    far; a dictionary this module cannot read would be one) is asked of MeCab: the pieces
    that hold it are analysed again into nodes, which are the same tokens in the same order,
    and the nodes carry their entry's features.  ``lines``: the key code of each token line,
    the lines of ``pieces[k]`` from ``first[k]`` on."""
    if lexicon.size > _LEXICON_MAX:
        lexicon.clear()
    rows = np.fromiter(map(lexicon.rows.get, keys, repeat(-1)), dtype=np.int64, count=len(keys))
    missing_at = np.flatnonzero(rows < 0)
    if not len(missing_at):
        return rows
    missing = missing_at.tolist()
    tagger = get_tagger()
    # With a user dictionary besides the system one, MeCab is asked instead (and when
    # PIPELINE_NO_DIC_READER=1, to measure what reading the dictionary file saves).
    entries = (
        entries_for(tagger.dictionary_info[0]["filename"])
        if len(tagger.dictionary_info) == 1 and not _NO_DIC_READER
        else None
    )
    split = [keys[i].rpartition(KEY_SEP) for i in missing]
    numbers = np.array(" ".join([entry for _, _, entry in split]).split(" "), dtype=np.int64).reshape(-1, 4)
    unknown = (numbers[:, 3] == 1).tolist()
    raws: list[str | None] = [None] * len(missing)
    if entries is not None:
        known = [j for j, u in enumerate(unknown) if not u]
        for j, raw in zip(known, entries.known([split[j][0] for j in known], *numbers[known, :3].T)):
            raws[j] = raw
        for j, u in enumerate(unknown):
            if u:
                raws[j] = entries.unknown(*numbers[j, :3].tolist())
    unresolved = [j for j, raw in enumerate(raws) if raw is None]
    if unresolved:
        if not _WARNED:
            _WARNED.append(True)
            warnings.warn(
                "the MeCab dictionary cannot be read directly (a user dictionary, or "
                "not unidic-lite's format): new words' features come from MeCab node by "
                "node, which is several times slower",
                RuntimeWarning,
                stacklevel=3,
            )
        want = np.full(len(keys), -1, dtype=np.int64)
        want[[missing[j] for j in unresolved]] = unresolved
        for piece, codes in zip(pieces, np.split(lines, first[1:])):
            if not (want[codes] >= 0).any():
                continue
            nodes = tagger(piece)
            if len(nodes) != len(codes):
                raise ValueError(f"MeCab gave {len(nodes)} nodes for {len(codes)} token lines")
            for node, code in zip(nodes, codes.tolist()):
                j = int(want[code])
                if j >= 0:
                    if node.surface != split[j][0]:
                        raise ValueError(
                            f"MeCab's node {node.surface!r} is not its token line {keys[code]!r}"
                        )
                    raws[j] = node.feature_raw
                    unknown[j] = node.stat == 1
                    want[code] = -1
    first_new = lexicon.size
    lexicon.add([keys[i] for i in missing], [surface for surface, _, _ in split], raws, unknown)
    rows[missing_at] = np.arange(first_new, first_new + len(missing))  # add() numbers them in order
    return rows


@cache
def _no_value() -> pa.Array:
    # UniDic's "no value" ("*", or empty): null in the tables, except in pos1, which always
    # has one.  Built on first use, not at import: converting Python objects makes pyarrow
    # import pandas, which pool workers refuse (pipeline.runner.run) once they are set up.
    return pa.array(["*", ""], type=pa.string())


def tokenize(text: str, segments: list[tuple[int, int]] | None = None) -> Tokens:
    """Tokenise ``text`` (or only the ``(start, end)`` segments of it, e.g. sentences).

    >>> t = tokenize("室長 千葉 康典")
    >>> list(zip(t.surface, t.start, t.end))[:2]
    [('室長', 0, 2), ('千葉', 3, 5)]
    """
    return tokenize_many([text], [segments])[0]


def tokenize_many(texts: Sequence[str], segments: Sequence[list[tuple[int, int]] | None]) -> list[Tokens]:
    """Tokenise several texts (each with its segments, None for the whole text) at once:
    each text's tokens equal ``tokenize(text, segments)``'s.  MeCab's output of all of them
    is split and looked up in one pass, and the new words of all of them learnt at once:
    a small text pays those fixed costs once per batch rather than once per text."""
    parse = get_tagger().parse
    pieces: list[str] = []
    outs: list[str] = []
    counts: list[int] = []
    seg_ids: list[int] = []
    bases: list[int] = []
    text_of_piece: list[int] = []
    for t, (text, segs) in enumerate(zip(texts, segments, strict=True)):
        if segs is None:
            segs = [(0, len(text))]
        text = _CONTROLS.sub(" ", text)  # once per text (translate() is slow on Japanese)
        for k, (s, e) in enumerate(segs):
            for ps in range(s, e, MAX_PIECE):
                piece = text[ps : min(e, ps + MAX_PIECE)]
                # The "E" end-of-sentence line ends every output (and is cut off here): fugashi
                # strips trailing whitespace from what MeCab prints.
                out = parse(piece)[:-2]
                if not out:
                    continue
                pieces.append(piece)
                outs.append(out)
                counts.append(out.count("\n") + 1)
                seg_ids.append(k)
                bases.append(ps)
                text_of_piece.append(t)
    if not outs:
        return [Tokens() for _ in texts]
    # One line per token, dictionary-encoded: a text repeats its distinct lines (the
    # whitespace before a token, a tab, its key) many times, and each is split once.
    lines = (
        pc.split_pattern(pa.array(["\n".join(outs)], type=pa.string()), "\n").flatten().dictionary_encode()
    )
    if len(lines) != sum(counts):
        raise ValueError(f"MeCab printed {len(lines)} token lines, expected {sum(counts)}")
    ws, keys = _split_lines(lines.dictionary)
    counts_a = np.asarray(counts)
    first = np.concatenate(([0], np.cumsum(counts_a)[:-1]))
    code_np = _codes_of(lines.indices)
    ws_len_of = pc.utf8_length(ws).to_numpy()
    lexicon = _LEXICON
    with lexicon.lock:
        rows = _key_rows(lexicon, keys.to_pylist(), pieces, code_np, first)
        if len(texts) == 1:
            return [_assemble(lexicon, rows, code_np, ws_len_of, counts_a, seg_ids, bases)]
        # Each text's tokens: its lines numbered in the order they first appear in it, as
        # dictionary-encoding the text alone numbers them (its columns' dictionaries follow).
        piece_text = np.asarray(text_of_piece)
        token_end = np.cumsum(counts_a)
        out = []
        for t in range(len(texts)):
            at = np.flatnonzero(piece_text == t)
            if not len(at):
                out.append(Tokens())
                continue
            lo, hi = int(first[at[0]]), int(token_end[at[-1]])
            codes = code_np[lo:hi]
            uniq, first_at, inverse = np.unique(codes, return_index=True, return_inverse=True)
            order = np.argsort(first_at, kind="stable")
            rank = np.empty(len(order), dtype=np.int32)
            rank[order] = np.arange(len(order), dtype=np.int32)
            local = uniq[order]
            out.append(
                _assemble(
                    lexicon,
                    rows[local],
                    rank[inverse.reshape(-1)],
                    ws_len_of[local],
                    counts_a[at],
                    [seg_ids[i] for i in at.tolist()],
                    [bases[i] for i in at.tolist()],
                )
            )
        return out


def _assemble(
    lexicon: _Lexicon,
    rows: np.ndarray,
    code_np: np.ndarray,
    ws_len_of: np.ndarray,
    counts_a: np.ndarray,
    seg_ids: list[int],
    bases: list[int],
) -> Tokens:
    """One text's tokens from its distinct lines' lexicon ``rows`` and whitespace lengths, and
    each token's line (``code_np``); ``counts_a``, ``seg_ids``, ``bases``: the tokens, the
    segment and the start of each MeCab piece of the text."""
    by_name = lexicon.columns(rows, code_np)
    surface = by_name["surface"]
    # Offsets: whitespace skipped plus surface, accumulated, restarting at every segment.
    first = np.concatenate(([0], np.cumsum(counts_a)[:-1]))
    ws_len = ws_len_of[code_np]
    sf_len = pc.utf8_length(surface.dictionary).to_numpy()[_codes_of(surface.indices)]
    step = (ws_len + sf_len).astype(np.int64)
    cum = np.cumsum(step)
    before = np.concatenate(([0], cum))[first]  # progress before each segment's first token
    shift = np.repeat(np.asarray(bases, dtype=np.int64) - before, counts_a)
    end = cum + shift
    start = end - sf_len
    columns = {
        "start": pa.array(start, type=pa.int32()),
        "end": pa.array(end, type=pa.int32()),
        "surface": surface,
    }
    for name in TOKEN_FIELDS[3:-1]:  # the key columns after the surface, in the table's order
        columns[name] = by_name[name]
    columns["segment"] = pa.array(np.repeat(np.asarray(seg_ids), counts_a), type=pa.int32())
    return Tokens(pa.table(columns))


def check_alignment(text: str, tokens: Tokens) -> None:
    """Raise if the tokens do not reproduce ``text`` at their offsets (spaCy's E194 check)."""
    for s, e, sf in zip(tokens.start, tokens.end, tokens.surface, strict=True):
        if text[s:e] != sf:
            raise AssertionError(f"token {sf!r} does not match text {text[s:e]!r} at {s}:{e}")


__all__ = ["FEATURES", "ColumnView", "Tokens", "check_alignment", "tokenize", "tokenize_many"]
