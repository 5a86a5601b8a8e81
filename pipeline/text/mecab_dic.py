"""The entries of MeCab's compiled dictionaries (sys.dic, unk.dic), found by what MeCab
prints about a token.

Why: for MeCab to print a token's features it copies and splits the entry's whole feature
string (26 fields in UniDic).  That costs a third of the analysis, and the feature strings
are most of sys.dic: printing them makes each worker touch, and keep resident, about
150 MB of it (``make bench``).  So the tagger prints per token only what the analysis
decided (pipeline.text.tagger): the surface, the entry's left and right context ids, its word
cost and whether the word is unknown.  This module finds the entry those name, and
pipeline.text.tokens reads each distinct one's features here once.

Why that names the entry MeCab chose: MeCab's Viterbi sees a candidate only through its
span, its context ids and its word cost.  Two entries of one surface that agree on all of
them ("twins", e.g. 萎縮 and 畏縮, both read い縮) cost the same on every path, and the tie
goes to the one met first.  As MeCab builds the lattice that is the entry first in the
dictionary, whatever the context, so the first matching entry is the one MeCab printed.
tests/test_tokens.py checks this on twins, and on the bench corpus (64,000 distinct
words, 483 of them twins) every token's features were compared with MeCab's own output.
This holds for the one best path the tagger gives (pipeline.text.tagger); N-best output or
constrained (partial) parsing would need their own argument.

The file format (MeCab 0.996 dictionary.cpp): ten uint32 (magic = file size ^ 0xef718f77,
version 102, type, lexicon size, left and right context sizes, then the byte sizes of the
double array, the tokens and the features, and a spare) and a 32-byte charset name; then a
Darts double array (int32 base, uint32 check per unit) from surface bytes to (first token
<< 8 | number of tokens), the tokens (uint16 left id, uint16 right id, uint16 part-of-speech
id, int16 word cost, uint32 feature offset, uint32 compound) and NUL-terminated features.
"""

from __future__ import annotations

import mmap
import os
import struct
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pipeline.base.native import library

_MAGIC = 0xEF718F77
_VERSION = 102
_HEADER = struct.Struct("<10I32s")
_TOKEN_DTYPE = np.dtype(
    [
        ("lc", "<u2"),
        ("rc", "<u2"),
        ("posid", "<u2"),
        ("wcost", "<i2"),
        ("feature", "<u4"),
        ("compound", "<u4"),
    ]
)


class UnreadableDictionary(ValueError):
    """The file is not a MeCab dictionary this module knows how to read."""


class Dictionary:
    """One compiled MeCab dictionary, read without loading it.

    The double array and the tokens (29 MB in unidic-lite) are memory-mapped: the pages
    a lookup touches count in the process's resident size besides MeCab's own mapping of
    the same file (the bench corpus's words touch a good part of them).  The features,
    most of the file, are read with ``pread`` and stay out of it.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._fd = os.open(self.path, os.O_RDONLY)
        try:
            size = os.fstat(self._fd).st_size
            head = os.pread(self._fd, _HEADER.size, 0)
            if len(head) < _HEADER.size:
                raise UnreadableDictionary(f"{path}: too short for a MeCab dictionary")
            magic, version, self.type, self.lexsize, _, _, dsize, tsize, fsize, _, charset = _HEADER.unpack(
                head
            )
            charset = charset.split(b"\0")[0].decode("ascii", "replace").lower()
            if (
                magic ^ _MAGIC != size
                or version != _VERSION
                or _HEADER.size + dsize + tsize + fsize != size
                or dsize % 8
                or tsize != _TOKEN_DTYPE.itemsize * self.lexsize
                or charset.replace("-", "") != "utf8"
            ):
                raise UnreadableDictionary(
                    f"{path}: not a UTF-8 MeCab dictionary of version {_VERSION} "
                    f"(version {version}, charset {charset!r})"
                )
            self._features = _HEADER.size + dsize + tsize
            self._map = mmap.mmap(self._fd, self._features, access=mmap.ACCESS_READ)
            self._units = np.frombuffer(
                self._map, dtype="<i4", count=dsize // 4, offset=_HEADER.size
            ).reshape(-1, 2)
            self._token_array = np.frombuffer(
                self._map, dtype=_TOKEN_DTYPE, count=self.lexsize, offset=_HEADER.size + dsize
            )
        except BaseException:
            os.close(self._fd)
            raise

    def close(self) -> None:
        self._units = self._token_array = None  # views of the mapping: it closes without them
        self._map.close()
        os.close(self._fd)

    def groups(self, surfaces: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """For each surface, its first token and its number of tokens (0: not a word).

        From node ``b`` of the double array, byte ``c`` leads to unit ``b + c + 1`` if that
        unit's check is ``b``; after the last byte, unit ``b`` holds
        ``-(first << 8 | count) - 1``.  Walked word by word in C (pipeline.base.native), or
        without it in numpy, for all the words at once, a byte position per step."""
        n = len(surfaces)
        first = np.zeros(n, dtype=np.int64)
        count = np.zeros(n, dtype=np.int64)
        if not n:
            return first, count
        encoded = [s.encode("utf-8") for s in surfaces]
        lib = library()
        if lib is not None:
            starts = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=n), out=starts[1:])
            text = np.frombuffer(b"".join(encoded) or b"\0", dtype=np.uint8)
            lib.dic_groups(self._units.reshape(-1), len(self._units), text, starts, n, first, count)
            return first, count
        return self._groups_numpy(encoded, first, count)

    def _groups_numpy(
        self, encoded: list[bytes], first: np.ndarray, count: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        n = len(encoded)
        length = np.fromiter(map(len, encoded), dtype=np.int64, count=n)
        width = int(length.max())
        data = np.frombuffer(b"".join(e.ljust(width, b"\0") for e in encoded), dtype=np.uint8)
        data = data.reshape(n, width).astype(np.int64)
        units = self._units
        size = len(units)
        b = np.full(n, int(units[0, 0]), dtype=np.int64)
        alive = np.ones(n, dtype=bool)
        for j in range(width):
            walk = np.flatnonzero(alive & (length > j))
            p = b[walk] + data[walk, j] + 1
            inside = (p >= 0) & (p < size)
            p = np.where(inside, p, 0)
            ok = inside & (units[p, 1] == b[walk])
            alive[walk[~ok]] = False
            b[walk[ok]] = units[p[ok], 0]
        at = np.flatnonzero(alive & (b >= 0) & (b < size))
        leaf = units[b[at]]
        hit = (leaf[:, 1] == b[at]) & (leaf[:, 0] < 0)
        value = -leaf[hit, 0].astype(np.int64) - 1
        first[at[hit]] = value >> 8
        count[at[hit]] = value & 0xFF
        return first, count

    def tokens(self, index: np.ndarray) -> np.ndarray:
        """The tokens at ``index`` (fields lc, rc, posid, wcost, feature, compound)."""
        return self._token_array[index]

    def all_entries(self) -> list[tuple[int, int, int, int]]:
        """Every entry, in file order, as (left id, right id, word cost, feature offset)
        (for the small unk.dic)."""
        t = self._token_array
        return list(zip(t["lc"].tolist(), t["rc"].tolist(), t["wcost"].tolist(), t["feature"].tolist()))

    def features(self, offsets: Sequence[int] | np.ndarray) -> list[str]:
        """The feature strings (comma-separated, as in the dictionary's CSV) at ``offsets``.

        Read with ``pread``, not through the mapping: the feature strings are most of the
        file, and pages read through a mapping would count in the resident size again
        (MeCab maps the same file).  In C (pipeline.base.native) when it is compiled: a system
        call from Python costs more than the read."""
        fd, base = self._fd, self._features
        want = np.asarray(offsets, dtype=np.int64)
        lib = library()
        if lib is not None and len(want):
            buf = np.empty(320 * len(want) + 4096, dtype=np.uint8)
            end = lib.dic_read_strings(fd, base, want, len(want), buf, len(buf))
            if end >= 0:  # else (a string longer than the room left, a failed read) as below
                return buf[: end - 1].tobytes().decode("utf-8").split("\0")
        out = []
        for offset in want.tolist():
            chunk = os.pread(fd, 256, base + offset)
            end = chunk.find(b"\0")
            while end < 0 and chunk:  # longer than a read: rare
                more = os.pread(fd, 4096, base + offset + len(chunk))
                end = more.find(b"\0")
                end = len(chunk) + end if end >= 0 else -1
                chunk += more
                if not more:
                    end = len(chunk)
            out.append(chunk[:end].decode("utf-8"))
        return out


class Entries:
    """Feature strings of the entries MeCab chose, by the key the tagger prints."""

    def __init__(self, system: Dictionary, unknown: Dictionary):
        self.system = system
        # Unknown words: MeCab makes them from unk.dic's few entries (one list per
        # character class); an entry is named by its ids and cost, unless two disagree.
        seen: dict[tuple[int, int, int], str | None] = {}
        listed = unknown.all_entries()
        for (lc, rc, wcost, _), value in zip(listed, unknown.features([e[3] for e in listed])):
            key = (lc, rc, wcost)
            seen[key] = value if seen.get(key, value) == value else None
        self._unknown = seen

    def known(
        self, surfaces: list[str], lc: np.ndarray, rc: np.ndarray, wcost: np.ndarray
    ) -> list[str | None]:
        """For each surface, the features of its first entry with these ids and cost (the
        one MeCab chooses of any twins), or None when it has none."""
        first, count = self.system.groups(surfaces)
        owner = np.repeat(np.arange(len(surfaces)), count)
        index = np.repeat(first, count) + (np.arange(len(owner)) - np.repeat(np.cumsum(count) - count, count))
        t = self.system.tokens(index)
        match = np.flatnonzero((t["lc"] == lc[owner]) & (t["rc"] == rc[owner]) & (t["wcost"] == wcost[owner]))
        # An entry's candidates are in dictionary order: the first match of each owner.
        owners, at = np.unique(owner[match], return_index=True)
        out: list[str | None] = [None] * len(surfaces)
        for k, raw in zip(owners.tolist(), self.system.features(t["feature"][match[at]])):
            out[k] = raw
        return out

    def unknown(self, lc: int, rc: int, wcost: int) -> str | None:
        """The features of the unknown-word entry with these ids and cost, or None."""
        return self._unknown.get((lc, rc, wcost))


_ENTRIES: dict[str, Entries | None] = {}


def entries_for(sys_dic: str) -> Entries | None:
    """The entries of the dictionary directory of ``sys_dic``, opened once per process;
    None when they are not a dictionary this module reads (pipeline.text.tokens then asks MeCab
    for each new word's features instead).  An error opening the files (too many open
    files ...) is raised, not remembered."""
    if sys_dic not in _ENTRIES:
        try:
            system = Dictionary(sys_dic)
        except UnreadableDictionary:
            _ENTRIES[sys_dic] = None
            return None
        try:
            unknown = Dictionary(Path(sys_dic).with_name("unk.dic"))
            try:
                _ENTRIES[sys_dic] = Entries(system, unknown)
            finally:
                unknown.close()  # its few entries are read by then
        except BaseException as exc:
            system.close()
            if not isinstance(exc, UnreadableDictionary):
                raise
            _ENTRIES[sys_dic] = None
    return _ENTRIES[sys_dic]


def split_features(raw: str, limit: int | None = None) -> list[str]:
    """Split a feature string into fields exactly as MeCab does (``tokenizeCSV``): blanks
    before a field are skipped, a field in double quotes may hold commas (two double quotes
    in it stand for one), and a comma at the very end opens no empty last field.
    ``limit``: only the first ``limit`` fields are wanted (fewer when there are fewer).

    >>> split_features('名詞,数詞,*,"2,3","x""y"')
    ['名詞', '数詞', '*', '2,3', 'x"y']
    >>> split_features('a,,b,')
    ['a', '', 'b']
    >>> split_features('a, b,"c,d",e', limit=2)
    ['a', 'b']
    """
    parts = raw.split(",") if limit is None else raw.split(",", limit)  # the rest in one
    cut = limit is not None and len(parts) > limit
    head = raw[: len(raw) - len(parts[-1])] if cut else raw
    # Every UniDic entry but a few: no quotes or blanks among the fields wanted.
    if '"' not in head and " " not in head and "\t" not in head:
        if cut:
            return parts[:limit]
        if raw.endswith(",") or not raw:
            parts.pop()
        return parts
    out, i, n = [], 0, len(raw)
    while i < n and (limit is None or len(out) < limit):
        while i < n and raw[i] in " \t":
            i += 1
        if i < n and raw[i] == '"':
            i += 1
            field = []
            while i < n:
                if raw[i] == '"':
                    i += 1
                    if i >= n or raw[i] != '"':
                        break
                field.append(raw[i])
                i += 1
            out.append("".join(field))
            comma = raw.find(",", i)
        else:
            comma = raw.find(",", i)
            out.append(raw[i:] if comma < 0 else raw[i:comma])
        if comma < 0:
            break
        i = comma + 1
    return out


__all__ = ["Dictionary", "Entries", "UnreadableDictionary", "entries_for", "split_features"]
