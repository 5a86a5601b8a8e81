"""Phone and fax numbers: find them in text, label tel/fax, normalise through phonenumbers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.base.datafiles import data_lines
from pipeline.document.spans import PHONE, Span

# One code point in, one code point out, so offsets in the folded text are offsets in the text.
# Kanji digits are folded too: vertical text writes numbers as 〇二二－二六三－….
_FOLD = str.maketrans(
    "０１２３４５６７８９〇一二三四五六七八九＋（）．"
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\uff70\u30fc\u2500\u30fb\uff65\u3000",
    "01234567890123456789+().------------- ",
)

# A run of digits joined by single separators, matched on the text as written (full-width digits,
# every dash); the run is folded and cut into numbers afterwards. No lookbehind: it would stop
# the regex engine from skipping quickly to the next digit.
_D = "0-9０-９"
# (・ too: municipal bulletins write 812・2374.)
_DASHES = "\\-.．\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\uff70\u30fc\u2500\u30fb\uff65"
_RUN_TEMPLATE = (
    r"(?:[+＋][ 　]?)?[(（]?[{d}](?:[{d}]|(?:[ 　]?[{dash}][ 　]?|[ 　])(?=[(（]?[{d}])|[)）][ 　]?(?=[{d}])"
    r"|[(（](?=[{d}]))*[{d}][)）]?(?![{d}]|[{dash}][{d}]|/[{d}])"
)
_RUN = re.compile(_RUN_TEMPLATE.format(d=_D, dash=_DASHES))
# Vertical text writes numbers in kanji (〇二二－二六三－…); only runs opening with 〇 are tried.
_KANJI_RUN = re.compile("(?=〇)" + _RUN_TEMPLATE.format(d=_D + "〇一二三四五六七八九", dash=_DASHES))
_BEFORE_RUN = frozenset("0123456789０１２３４５６７８９+＋")
_DIGIT = re.compile(f"[{_D}]")
# A run opens with at most three characters before its first digit: "+", a space, a bracket.
_RUN_LEAD = 3
# 内線 (extension) and 代表 (main line) written after the number.
_EXTENSION = re.compile(
    r"[ \t]*[(（]?[ \t]*(?:内線|内|ext\.?|Ext\.?|EXT\.?)[ \t]*[:：.]?[ \t]*(\d{1,5})[)）]?"
)
_MAIN_LINE = re.compile(r"[ \t]*[(（]代表[)）]")
# "1167～8": a second number sharing all but its last digits.
_RANGE = re.compile(r"[～〜~][ \t]*(\d{1,4})(?!\d)")
_POSTAL_BEFORE = re.compile(r"(?:〒|郵便番号|郵便)[ \t:：]*$")
# A number without its area code: 481-6270, or (46)3331 with the exchange in brackets.
_LOCAL = re.compile(r"\d{2,4}-\d{4}|\(\d{2,4}\)\d{4}")
_FIELD_BEFORE = re.compile(r"(?:^|[,\t\"'|])[ \t]*$")
_FIELD_AFTER = re.compile(r"[ \t]*(?:$|[,\t\"'|\n])")
_SEPARATORS_AFTER_LABEL = r"(?:番号)?[ \t]*[.:：)）」】\]〕>\"'”]*[ \t]*[:：]?[ \t]*[\"'“(（]?[ \t]*$"
_TYPES = {
    0: "fixed_line",
    1: "mobile",
    2: "fixed_line_or_mobile",
    3: "toll_free",
    4: "premium_rate",
    5: "shared_cost",
    6: "voip",
    7: "personal_number",
    8: "pager",
    9: "uan",
    10: "voicemail",
}


def fold_label(s: str) -> str:
    """A label as compared: NFKC (ＦＡＸ, Ｆａｘ -> FAX, Fax; ℡ -> TEL; ﾌｧｸｽ -> ファクス), then
    case-folded. Only labels are folded, never the text a span is cut from (NFKC changes lengths)."""
    return unicodedata.normalize("NFKC", s).casefold()


@lru_cache(maxsize=1)
def label_kinds() -> dict[str, str]:
    """Phone labels (data/phone_labels.tsv), folded with :func:`fold_label`, and the kind each gives."""
    kinds: dict[str, str] = {}
    for line in data_lines("phone_labels.tsv"):
        label, kind = line.split("\t")
        kinds.setdefault(fold_label(label), kind)
    return kinds


@lru_cache(maxsize=1)
def _label_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    kinds = label_kinds()
    labels = "|".join(re.escape(k) for k in sorted(kinds, key=len, reverse=True))
    return re.compile(f"(?:{labels}){_SEPARATORS_AFTER_LABEL}"), kinds


def _label_before(text: str, start: int) -> str | None:
    """The kind of the label written just before ``start`` (same line, any width or case), or None."""
    window = fold_label(text[max(0, start - 24) : start].rsplit("\n", 1)[-1])
    pattern, kinds = _label_pattern()
    m = pattern.search(window)
    if not m:
        return None
    for label in sorted(kinds, key=len, reverse=True):
        if m.group().startswith(label):
            return kinds[label]
    return None


def _parse(digits: str, international: bool):
    """A phonenumbers PhoneNumber for the digits, or None when it is not a phone number."""
    import phonenumbers

    if international:
        candidate = "+" + digits
    elif digits.startswith("0") and 10 <= len(digits) <= 11:
        candidate = digits
    else:
        return None
    try:
        number = phonenumbers.parse(candidate, "JP")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


@lru_cache(maxsize=1)
def _areas() -> tuple[dict[str, str], int]:
    """Japanese area names by E.164 prefix (data/phone_areas.tsv, from phonenumbers' geodata:
    its own geocoder would load every country's names, about 100 MB per worker)."""
    table = dict(line.split("\t") for line in data_lines("phone_areas.tsv"))
    return table, max(map(len, table))


def _area(e164: str) -> str | None:
    """The area a number serves: the longest known prefix (none for mobile or 0120)."""
    table, longest = _areas()
    digits = e164.lstrip("+")
    for n in range(min(longest, len(digits)), 2, -1):
        name = table.get(digits[:n])
        if name:
            return name
    return None


def _attrs(number, kind: str) -> dict:
    import phonenumbers

    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    area = _area(e164) if phonenumbers.is_valid_number(number) else None
    return {
        "kind": kind,
        "number_type": _TYPES.get(phonenumbers.number_type(number), "unknown"),
        "e164": e164,
        "national": phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
        "area": area,
        "extension": None,
        "main_line": False,
        "valid": phonenumbers.is_valid_number(number),
    }


def _split_run(folded: str, start: int, end: int):
    """Cut a run into (start, end, digits, international) numbers; a run may hold several."""
    groups = [(m.start() + start, m.end() + start) for m in re.finditer(r"\d+", folded[start:end])]
    international = folded[start] == "+" or folded[start : start + 2] == "(+"
    i = 0
    while i < len(groups):
        found = None
        for j in range(i, len(groups)):
            digits = "".join(folded[a:b] for a, b in groups[i : j + 1])
            intl = international and i == 0
            if len(digits) > (13 if intl else 11):
                break
            if _parse(digits, intl) is not None:
                found = (j, digits, intl)
                if (intl and len(digits) >= 11) or (not intl and len(digits) == 11):
                    break
        if found is None:
            i += 1
            continue
        j, digits, intl = found
        s = start if (intl or (i == 0 and folded[start] == "(")) else groups[i][0]
        if s != start and folded[s - 1 : s] == "(":
            s -= 1
        # The number ends at its last digit, and an opening bracket belongs to it only when
        # closed inside it, (022)263-1167: in "(TEL 022-263-1167)" or "(022-263-1167)" the
        # brackets enclose the number and stay outside its span.
        e = groups[j][1]
        if folded[s] == "(" and ")" not in folded[s:e]:
            s += 1
            while folded[s] == " ":
                s += 1
        yield s, e, digits, intl
        i = j + 1


def _runs(text: str):
    """The matches of _RUN.finditer(text), found by trying the pattern only just before each digit.

    _RUN has no literal prefix (it may open with "+" or a bracket), so finditer would try it at
    every offset of the text; a scan for digits is much faster on text with few numbers.
    """
    pos = 0
    while (digit := _DIGIT.search(text, pos)) is not None:
        d = digit.start()
        # No run starts in [pos, d - _RUN_LEAD): it would have a digit before d.
        for s in range(max(pos, d - _RUN_LEAD), d + 1):
            if (m := _RUN.match(text, s)) is not None:
                yield m
                pos = m.end()
                break
        else:
            pos = d + 1


def find_phones(text: str) -> list[Span]:
    """Phone and fax numbers in ``text``, value E.164, kind from the label before them.

    >>> [(s.text, s.value, s.attrs["kind"]) for s in find_phones("Tel: 022-263-1167, Fax: 022-223-2658")]
    [('022-263-1167', '+81222631167', 'tel'), ('022-223-2658', '+81222232658', 'fax')]
    """
    spans: list[Span] = []
    runs = list(_runs(text))
    if "〇" in text:
        runs += _KANJI_RUN.finditer(text)
    done = -1
    for run in sorted(runs, key=lambda m: m.start()):
        rs, re_ = run.span()
        if rs < done or (rs and text[rs - 1] in _BEFORE_RUN):
            continue
        done = re_
        if _POSTAL_BEFORE.search(text, max(0, rs - 8), rs):
            continue
        # Fold a window (the run and what may follow it: 内線, ～8) to ASCII; offsets are kept.
        window = text[rs : re_ + 12].translate(_FOLD)
        numbers = list(_split_run(window, 0, re_ - rs))
        if not numbers:
            spans.extend(_local_number(text, window, rs, re_))
            continue
        for s, e, digits, intl in numbers:
            spans.extend(_number_spans(text, window, rs, s + rs, e + rs, digits, intl))
    return spans


def _number_spans(text, window, offset, s, e, digits, intl):
    kind = _label_before(text, s) or "tel"
    number = _parse(digits, intl)
    attrs = _attrs(number, kind)
    end = e
    ext = _EXTENSION.match(text, e)
    if ext:
        attrs["extension"] = ext.group(1).translate(_FOLD)
        end = ext.end()
    if _MAIN_LINE.match(text, end):
        attrs["main_line"] = True
    yield Span(s, end, PHONE, text[s:end], attrs["e164"], "phone", attrs)
    rng = _RANGE.match(window, e - offset)
    if rng and not intl:
        tail = rng.group(1)
        second = _parse(digits[: len(digits) - len(tail)] + tail, False)
        if second is not None:
            a, b = rng.start(1) + offset, rng.end(1) + offset
            attrs2 = _attrs(second, kind)
            yield Span(a, b, PHONE, text[a:b], attrs2["e164"], "phone_range", attrs2)


def _local_number(text, window, s, e):
    """A number written without its area code (481-6270): kept only when labelled or a table field."""
    if not _LOCAL.fullmatch(window, 0, e - s):
        return
    kind = _label_before(text, s)
    if kind is None:
        line_start = text.rfind("\n", 0, s) + 1
        if not (_FIELD_BEFORE.search(text, line_start, s) and _FIELD_AFTER.match(text, e)):
            return
        kind = "tel"
    national = window[: e - s]
    attrs = {
        "kind": kind,
        "number_type": "unknown",
        "e164": None,
        "national": national,
        "area": None,
        "extension": None,
        "main_line": False,
        "valid": False,
    }
    yield Span(s, e, PHONE, text[s:e], None, "phone_local", attrs)
