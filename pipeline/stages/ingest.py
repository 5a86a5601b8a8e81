"""Ingest: bytes to text (encoding detection), then newline and NFC normalisation.

Decoding gives the raw text, which is never changed afterwards (the provenance anchor).
Newline normalisation and NFC are edits of the working text through the offset map.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from pipeline.document.model import Document, Edit


class IngestError(ValueError):
    """The bytes are not usable text; the message says why, for the ``errors`` table."""


# Japanese legacy encodings, in the order a tie is broken (CP932 is the Windows superset of
# Shift_JIS and by far the most common in scraped Japanese text).
# The largest input file a run accepts by default, in MB (runner and CLI read it from here,
# so that building the CLI's help does not import the runner).
DEFAULT_MAX_MB = 32.0
CANDIDATES = ("cp932", "euc_jp")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# ISO-2022-JP is 7-bit: it decodes as ASCII/UTF-8 too, so its escape sequences are
# looked for first (ESC $ B, ESC $ @, ESC ( J, ESC $ ( D).
_ISO2022_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b$(D", b"\x1b(I")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes) -> Decoded:
    """Decode bytes in any common Japanese encoding, or raise :class:`IngestError`.

    >>> decode("平成十七年".encode("euc_jp")).encoding
    'euc_jp'
    """
    if not data:
        raise IngestError("empty file (0 bytes)")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise IngestError(f"{name} byte-order mark but invalid {name} at byte {exc.start}") from None
            if not text.strip("\ufeff"):
                raise IngestError(f"no text: only a {name} byte-order mark")
            return _checked(Decoded(text, name))
    nul = data.find(b"\x00")
    if nul >= 0:
        raise IngestError(
            f"NUL byte at offset {nul}: binary data, or UTF-16/32 without a "
            "byte-order mark; save the file as UTF-8"
        )
    if data.isascii() and any(esc in data for esc in _ISO2022_ESCAPES):
        try:
            return _checked(Decoded(data.decode("iso2022_jp_ext"), "iso2022_jp"))
        except UnicodeDecodeError as exc:
            raise IngestError(f"invalid ISO-2022-JP at byte {exc.start}") from None
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError as exc:
        utf8_error = exc
    decoded = []
    for name in CANDIDATES:
        try:
            decoded.append(Decoded(data.decode(name), name))
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise IngestError(
            f"undecodable bytes: not UTF-8 (invalid byte at offset {utf8_error.start}), "
            f"nor {', '.join(CANDIDATES)}"
        )
    if len(decoded) > 1:
        decoded.sort(key=_japanese_share, reverse=True)
        best = _charset_normalizer_choice(data, [d.encoding for d in decoded])
        if best is not None:
            decoded.sort(key=lambda d: d.encoding != best)
    return _checked(decoded[0])


def _japanese_share(d: Decoded) -> float:
    sample = d.text[:20000]
    return len(_JAPANESE.findall(sample)) / max(1, len(sample))


def _charset_normalizer_choice(data: bytes, names: list[str]) -> str | None:
    """Ask charset-normalizer to break a tie between encodings that all decode the bytes."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536], cp_isolation=names).best()
    if best is None:
        return None
    enc = best.encoding.replace("-", "_").lower()
    return {"shift_jis": "cp932", "cp932": "cp932", "euc_jp": "euc_jp"}.get(enc)


def _checked(d: Decoded) -> Decoded:
    """Reject text that decoded but is not text: binary data, or nothing but whitespace."""
    text = d.text.lstrip("\ufeff")
    if not text.strip():
        raise IngestError("no text: the file holds only whitespace")
    sample = text[:100000]
    controls = len(_CONTROL.findall(sample))
    if controls > max(2, len(sample) // 100):
        raise IngestError(
            f"binary data, not text: {controls} control characters in the first "
            f"{len(sample)} characters (decoded as {d.encoding})"
        )
    return Decoded(text, d.encoding)


_NEWLINES = re.compile(r"\r\n|[\r\x85\u2028\u2029\x0b\x0c]")
# Lone surrogates (a str built by hand or by surrogateescape) cannot be encoded for MeCab or
# parquet: the working text gets U+FFFD (same length), the raw text keeps them.
_SURROGATES = re.compile("[\ud800-\udfff]")


def normalise(doc: Document) -> None:
    """Newlines to LF and Unicode NFC, as edits through the offset map."""
    edits = [Edit(m.start(), m.end(), "\n") for m in _NEWLINES.finditer(doc.text)]
    edits += [Edit(m.start(), m.end(), "\ufffd") for m in _SURROGATES.finditer(doc.text)]
    doc.edit(edits)
    if not unicodedata.is_normalized("NFC", doc.text):
        doc.edit(_nfc_edits(doc.text))


def _nfc_edits(text: str) -> list[Edit]:
    """Edits that make ``text`` NFC, one per changed cluster (a base and its marks)."""
    edits: list[Edit] = []
    pos = 0
    for line in text.split("\n"):
        if not unicodedata.is_normalized("NFC", line):
            edits.extend(_nfc_line(line, pos))
        pos += len(line) + 1
    return edits


def _nfc_line(line: str, offset: int) -> list[Edit]:
    clusters: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(line) + 1):
        if i == len(line) or not unicodedata.combining(line[i]) and not _is_jamo(line[i]):
            clusters.append((start, i))
            start = i
    edits = []
    for s, e in clusters:
        piece = line[s:e]
        norm = unicodedata.normalize("NFC", piece)
        if norm != piece:
            # Leave out what did not change (a base whose marks were only reordered): the
            # edit then never swallows a base character, such as a space, it did not touch.
            k = 0
            while k < min(len(piece), len(norm)) - 1 and piece[k] == norm[k]:
                k += 1
            s, piece, norm = s + k, piece[k:], norm[k:]
            # Character for character only where each character keeps its meaning
            # (U+2000 -> U+2002); reordered marks stand for the whole cluster.
            aligned = all(
                unicodedata.normalize("NFD", a) == unicodedata.normalize("NFD", b)
                for a, b in zip(piece, norm)
            )
            edits.append(Edit(offset + s, offset + e, norm, aligned=aligned))
    rebuilt = list(line)
    for ed in reversed(edits):
        rebuilt[ed.start - offset : ed.end - offset] = ed.replacement
    if "".join(rebuilt) != unicodedata.normalize("NFC", line):
        # Composition across clusters (rare): replace the whole line, coarser but exact.
        return [Edit(offset, offset + len(line), unicodedata.normalize("NFC", line), aligned=False)]
    return edits


def _is_jamo(ch: str) -> bool:
    return "\u1160" <= ch <= "\u11ff"


def ingest(doc_id: str, data: bytes) -> Document:
    """Decode ``data`` and return a document whose working text is normalised."""
    decoded = decode(data)
    doc = Document(doc_id=doc_id, raw=decoded.text)
    doc.meta["encoding"] = decoded.encoding
    normalise(doc)
    return doc
