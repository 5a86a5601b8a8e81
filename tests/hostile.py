"""A corpus of hostile input files for the runner (issue 9); used by tests/test_hostile.py.

``build(raw)`` writes every kind under ``raw`` and returns what each kind should yield.
A kind is one file (or directory, symlink, FIFO) named after the kind.  Expectations:
``("ok", encoding)`` a documents row (encoding None: not checked), ``("error", text)`` an
errors row whose message contains ``text``, ``("none", why)`` no row at all.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GOOD = (
    "東北経済産業局 地域経済部\n"
    "平成17年1月25日、仙台市で産学連携の会議を開きました。\n"
    "【問い合わせ先】〒980-8403 宮城県仙台市青葉区本町3-3-1 TEL:022-222-3425\n"
)
# A 10 MB single line of prose (sentences end in 。, but there is no line break).
_PROSE = "本事業は地域の中小企業の技術開発を支援するものです。平成17年度も継続します。"
TEN_MB = 10 * 1000 * 1000


@dataclass(frozen=True)
class Kind:
    name: str
    filename: str
    make: Callable[[Path], None]  # writes the file at the given path
    expect: tuple[str, str | None]
    skip: str | None = None  # why this kind cannot be built here


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


def _text(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda p: p.write_bytes(text.encode(encoding))


def _ten_mb_line(p: Path) -> None:
    unit = _PROSE.encode()
    p.write_bytes(unit * (TEN_MB // len(unit)))


def _directory(p: Path) -> None:
    p.mkdir()


def _symlink_loop(p: Path) -> None:
    other = p.with_name("symlink_loop_b.txt")
    os.symlink(other.name, p)
    os.symlink(p.name, other)


def _dangling(p: Path) -> None:
    os.symlink("no_such_file.txt", p)


def _fifo(p: Path) -> None:
    os.mkfifo(p)


def _unreadable(p: Path) -> None:
    p.write_text(GOOD, encoding="utf-8")
    p.chmod(0)


def _duplicate_id(p: Path) -> None:
    p.write_text("一つ目。", encoding="utf-8")
    p.with_suffix(".md").write_text("二つ目。", encoding="utf-8")


def _can_chmod_block() -> str | None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return "running as root: chmod 000 does not stop root from reading"
    return None


def _can_fifo() -> str | None:
    return None if hasattr(os, "mkfifo") else "no FIFOs on this platform"


_MIXED = (
    "UTF-8の行です。\n".encode()
    + "シフトJISの行です。\n".encode("cp932")
    + "EUCの行です。\n".encode("euc_jp")
)

KINDS: list[Kind] = [
    Kind("good", "good.txt", _text(GOOD), ("ok", "utf-8")),
    Kind(
        "truncated_utf8",
        "truncated_utf8.txt",
        _bytes((GOOD + "以上").encode()[:-1]),
        ("error", "undecodable"),
    ),
    Kind(
        "truncated_utf8_mid",
        "truncated_utf8_mid.txt",
        _bytes("前半です。".encode() + "東".encode()[:2] + "後半です。".encode()),
        ("error", "undecodable"),
    ),
    Kind("mixed_encodings", "mixed_encodings.txt", _bytes(_MIXED), ("error", "undecodable")),
    Kind("nul_bytes", "nul_bytes.txt", _text("本文\x00です。"), ("error", "NUL byte")),
    Kind("utf16_no_bom", "utf16_no_bom.txt", _text(GOOD, "utf-16-le"), ("error", "NUL byte")),
    Kind("bom_only", "bom_only.txt", _bytes(codecs.BOM_UTF8), ("error", "byte-order mark")),
    Kind("utf16_bom_only", "utf16_bom_only.txt", _bytes(codecs.BOM_UTF16_LE), ("error", "byte-order mark")),
    Kind("empty", "empty.txt", _bytes(b""), ("error", "empty file")),
    Kind("ten_mb_line", "ten_mb_line.txt", _ten_mb_line, ("ok", "utf-8")),
    Kind(
        "only_punctuation", "only_punctuation.txt", _text("。、！？「」『』（）…・―※★" * 100), ("ok", "utf-8")
    ),
    Kind(
        "only_whitespace",
        "only_whitespace.txt",
        _text(" \t\u3000\n\r\n\xa0\u2028 " * 50),
        ("error", "only whitespace"),
    ),
    Kind("long_number", "long_number.txt", _text("1234567890" * 1000 + "\n"), ("ok", "utf-8")),
    Kind("postal_marks", "postal_marks.txt", _text("〒" * 5000), ("ok", "utf-8")),
    Kind("at_signs", "at_signs.txt", _text("@" * 3000 + "\n" + "a@b@" * 1000), ("ok", "utf-8")),
    Kind("only_postal_mark", "only_postal_mark.txt", _text("〒"), ("ok", "utf-8")),
    Kind(
        "nested_brackets",
        "nested_brackets.txt",
        _text("（「『【(" * 2000 + "東北" + ")】』」）" * 2000),
        ("ok", "utf-8"),
    ),
    Kind("control_chars", "control_chars.txt", _bytes(bytes(range(1, 32)) * 50), ("error", "binary data")),
    Kind(
        "encoded_surrogate",
        "encoded_surrogate.txt",
        _bytes("本文".encode() + b"\xed\xa0\x80" + "です。".encode()),
        ("error", "undecodable"),
    ),
    Kind("one_byte", "one_byte.txt", _bytes(b"a"), ("ok", "utf-8")),
    Kind("url_only", "url_only.txt", _text("http://www.tohoku.meti.go.jp/"), ("ok", "utf-8")),
    Kind("cr_newlines", "cr_newlines.txt", _text(GOOD.replace("\n", "\r")), ("ok", "utf-8")),
    Kind(
        "bidi_zero_width",
        "bidi_zero_width.txt",
        _text("\u202e東北\u200b経済\u2066産業局\u2069\ufeff。"),
        ("ok", "utf-8"),
    ),
    Kind("iso2022_jp", "iso2022_jp.txt", _text(GOOD, "iso2022_jp"), ("ok", "iso2022_jp")),
    Kind("euc_jp", "euc_jp.txt", _text(GOOD, "euc_jp"), ("ok", "euc_jp")),
    Kind("cp932", "cp932.txt", _text(GOOD, "cp932"), ("ok", "cp932")),
    Kind(
        "utf16_le_bom",
        "utf16_le_bom.txt",
        _bytes(codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le")),
        ("ok", "utf-16"),
    ),
    Kind(
        "utf16_be_bom",
        "utf16_be_bom.txt",
        _bytes(codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be")),
        ("ok", "utf-16"),
    ),
    Kind("utf8_bom", "utf8_bom.txt", _bytes(codecs.BOM_UTF8 + GOOD.encode()), ("ok", "utf-8-sig")),
    Kind("directory", "x.txt", _directory, ("none", "a directory is walked as a folder, not read as a file")),
    Kind("symlink_loop", "symlink_loop_a.txt", _symlink_loop, ("error", "cannot stat")),
    Kind("dangling_symlink", "dangling_symlink.txt", _dangling, ("error", "cannot stat")),
    Kind("fifo", "fifo.txt", _fifo, ("error", "not a regular file"), skip=_can_fifo()),
    Kind(
        "unreadable", "unreadable.txt", _unreadable, ("error", "Permission denied"), skip=_can_chmod_block()
    ),
    Kind("duplicate_doc_id", "duplicate_doc_id.txt", _duplicate_id, ("error", "is taken")),
]


def build(raw: Path, kinds: list[Kind] = KINDS) -> dict[str, Kind]:
    """Write the kinds that can be built here under ``raw``; return them by file name."""
    raw.mkdir(parents=True, exist_ok=True)
    built = {}
    for kind in kinds:
        if kind.skip:
            continue
        kind.make(raw / kind.filename)
        built[kind.filename] = kind
    return built
