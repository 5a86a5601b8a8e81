"""Contact blocks (連絡先, お問い合わせ先, lines of 〒/Tel/Fax/E-mail): tie address, phones, e-mail and URL to an organisation."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.base.datafiles import alternation, data_lines
from pipeline.document.spans import ADDRESS, EMAIL, ORG, PHONE, URL, Span
from pipeline.entities.phones import fold_label, label_kinds

_BULLETS = "【［[■●◆◇□○★☆※<＜〔("
_CLOSERS = "】］]>＞〕)"
_SPACES = " \t\u3000"
_MAX_ORG_LINES = 3
_MAX_ORG_LINE = 40
# Labels are looked for in the first characters of a line only, folded to ASCII width there.
_HEAD = 48
# Full-width ASCII to ASCII, the ideographic space to a space, then lower case: one character
# for one, so offsets in a folded line head are offsets in the line.
_WIDTH = str.maketrans(
    {c: fold_label(chr(c)) for c in range(0xFF01, 0xFF5F)}
    | {0x3000: " "}
    | {c: chr(c).lower() for c in range(ord("A"), ord("Z") + 1)}
)


@dataclass(frozen=True, slots=True)
class ContactBlock:
    """One contact block: its extent, the organisation it names and its chosen contact spans."""

    start: int
    end: int
    org_span: Span | None
    org_text: str | None
    address: Span | None
    tel: Span | None
    fax: Span | None
    email: Span | None
    url: Span | None
    phones: list[Span] = field(default_factory=list)
    person_in_charge: str | None = None  # 担当：佐藤 -> 佐藤, as written


@lru_cache(maxsize=1)
def _words() -> dict[str, list[str]]:
    """The words of data/contact_labels.txt by role (opens, apart, person, item), folded."""
    roles: dict[str, list[str]] = {"opens": [], "apart": [], "person": [], "item": []}
    for line in data_lines("contact_labels.txt"):
        word, role = line.split("\t")
        roles[role].append(fold_label(word))
    return roles


@lru_cache(maxsize=1)
def _label_re() -> re.Pattern[str]:
    """A label opening a line (matched on the folded line head): 【お問い合わせ先】, 申込み・問い合わせ,
    連絡先:, 担当 …; the group ``word`` is its first word, ``last`` its last one."""
    words = _words()
    word = alternation(words["opens"] + words["apart"] + words["person"])
    bullets, closers = re.escape(_BULLETS), re.escape(_CLOSERS)
    return re.compile(
        rf"[ \t]*[{bullets}]?[ \t]*(?P<word>{word})(?:[ \t]*(?:[・/,、&]|及び)[ \t]*(?P<last>{word}))*"
        rf"[ \t]*(?P<closer>[{closers}]?)[ \t]*"
        # A colon, a space or the line end after it; or the name itself, glued on by the spacing
        # stage (問い合わせ名取市…), but never a particle or a verb's ending (問い合わせください).
        rf"(?:[:：]|(?=[ \t])|$|(?P<glued>)(?=[^\u3040-\u309f、。,.!?！？]))[ \t]*"
    )


def _label_at(text: str, a: int, b: int) -> tuple[int, str] | None:
    """(end offset, role: "opens" or "person") of the label opening the line text[a:b], or None."""
    if not _may_open(text, a, b):
        return None
    head = text[a : min(b, a + _HEAD)].translate(_WIDTH)
    m = _label_re().match(head)
    if m is None:
        return None
    words = _words()
    if m["glued"] is not None and not m["closer"] and (m["last"] or m["word"]) in words["apart"]:
        return None  # 窓口サービス課 is a name
    return a + m.end(), ("person" if m["word"] in words["person"] else "opens")


@lru_cache(maxsize=1)
def _item_re() -> re.Pattern[str]:
    """A line head (folded with fold_label) that labels a contact item: 〒, E-mail, a phone label."""
    words = _words()
    not_word = r"(?![a-z\u3040-\u309f\u4e00-\u9fff])"  # TEL:, but not Telecom, 代表取締役, 電話で
    return re.compile(
        rf"[ \t]*[【\[(<〔]?[ \t]*(?:(?:{alternation(words['item'])}){not_word}"
        rf"|(?:{alternation(label_kinds())})(?:番号)?{not_word})"
    )


@lru_cache(maxsize=1)
def _in_charge_re() -> re.Pattern[str]:
    """The person in charge written after a name: （担当：佐藤）, or 担当：佐藤 to the line end."""
    person = alternation(_words()["person"])
    sp = "[ \t\u3000]*"
    return re.compile(
        rf"[（(]{sp}(?:{person}){sp}[:：]?{sp}(?P<who>[^（）()\n]+?){sp}[）)]"
        # unbracketed, to the line end: after a colon, or set apart by spaces (総務課 担当 鈴木)
        rf"|(?:(?:{person}){sp}[:：]|(?<=[ \t\u3000])(?:{person})[ \t\u3000]+){sp}(?P<rest>[^\n]+?){sp}$"
    )


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _is_contact_span(span: Span) -> bool:
    return span.label in (ADDRESS, PHONE, EMAIL, URL)


def find_contact_blocks(text: str, spans: list[Span]) -> list[ContactBlock]:
    """Contact blocks of ``text`` given all entity spans found in it (ORG spans included when known).

    >>> from pipeline.entities.phones import find_phones
    >>> t = "連絡先:産学官連携推進室\\nTel: 022-263-1167, Fax: 022-223-2658"
    >>> [(b.org_text, b.tel.value, b.fax.value) for b in find_contact_blocks(t, find_phones(t))]
    [('産学官連携推進室', '+81222631167', '+81222232658')]
    """
    items = sorted((s for s in spans if _is_contact_span(s)), key=lambda s: s.start)
    lines = _lines(text)
    starts = [s.start for s in items]

    def items_in(a: int, b: int) -> list[Span]:
        i = bisect.bisect_left(starts, a)
        out = []
        while i < len(items) and items[i].start < b:
            out.append(items[i])
            i += 1
        return out

    def is_item_line(a: int, b: int) -> bool:
        return bool(items_in(a, b)) or _item_head(text, a, b)

    def is_org_line(a: int, b: int) -> bool:
        line = text[a:b].strip(_SPACES)
        return 0 < len(line) <= _MAX_ORG_LINE and "。" not in line and not is_item_line(a, b)

    def org_lines_above(i: int) -> list[tuple[int, int]]:
        """Up to two short lines right above line ``i`` that name the organisation."""
        k = i - 1
        while k >= 0 and i - k <= 2 and is_org_line(*lines[k]):
            k -= 1
        return lines[k + 1 : i]

    blocks: list[ContactBlock] = []
    i = 0
    while i < len(lines):
        a, b = lines[i]
        label = _label_at(text, a, b)
        if not label and not is_item_line(a, b):
            i += 1
            continue
        org_parts: list[tuple[int, int]] = []
        j = i
        start = a
        if label:
            label_end, role = label
            if label_end < b and is_item_line(label_end, b):
                # The label line itself carries items (問い合わせ 保健センター TEL …): the item
                # scan starts there, and the words before the first item name the organisation.
                name_end = _before_items(text, label_end, b, items_in(label_end, b))
                if name_end > label_end:
                    org_parts.append((a, name_end))
            else:
                org_parts.append((a, b))
                j = i + 1
                while (
                    j < len(lines)
                    and len(org_parts) < _MAX_ORG_LINES
                    and is_org_line(*lines[j])
                    # another label opens another block, but 担当：佐藤 belongs to this one
                    and _role(_label_at(text, *lines[j])) in (None, "person")
                ):
                    org_parts.append(lines[j])
                    j += 1
                if j + 1 < len(lines) and not text[slice(*lines[j])].strip() and is_item_line(*lines[j + 1]):
                    j += 1  # one blank line between the name and its items
            if role == "person":
                # 担当：佐藤 under the name of the organisation (名取市保健センター\n担当：佐藤).
                above = org_lines_above(i)
                org_parts = above + org_parts
                start = org_parts[0][0]
        else:
            # No label: up to two short lines right above the items name the organisation.
            org_parts = org_lines_above(i)
            start = org_parts[0][0] if org_parts else a
        first_item = j
        while j < len(lines) and is_item_line(*lines[j]):
            j += 1
        block_items = items_in(lines[first_item][0], lines[j - 1][1]) if j > first_item else []
        # A label needs one contact item after it; without a label it takes two (a lone phone
        # number in a sentence is not a contact block).
        if len(block_items) < (1 if label else 2):
            i = max(j, i + 1)
            continue
        end = lines[j - 1][1]
        blocks.append(_block(text, start, end, org_parts, block_items, spans))
        i = max(j, i + 1)
    return blocks


_FIRST = re.compile(r"[ \t\u3000]*([^ \t\u3000])")


@lru_cache(maxsize=1)
def _openers() -> frozenset[str]:
    """Characters a label line may open with, in any width: bullets and brackets, and the first
    characters of the label words, item words and phone labels (ＦＡＸ, ℡ and ﾌｧｸｽ included)."""
    words = _words()
    firsts = {w[0] for ws in words.values() for w in ws} | {w[0] for w in label_kinds()}
    # Characters whose folded form starts like a word: full- and half-width forms, ℡, ㈱ ….
    candidates = [
        chr(c)
        for c in (*range(0x20, 0x7F), *range(0x2100, 0x2150), *range(0x3200, 0x3400), *range(0xFF00, 0xFFF0))
    ]
    out = firsts | {c for c in candidates if fold_label(c)[:1] in firsts}
    return frozenset(out | set(_BULLETS) | set(_CLOSERS) | set("［（＜"))


def _may_open(text: str, a: int, b: int) -> bool:
    """A quick test: whether the line text[a:b] may open with a label or an item's label."""
    m = _FIRST.match(text, a, b)
    return m is not None and m.group(1) in _openers()


def _role(label: tuple[int, str] | None) -> str | None:
    return label[1] if label else None


def _item_head(text: str, a: int, b: int) -> bool:
    """Whether the line text[a:b] opens with a contact item's label (Tel:, ＦＡＸ, 〒, E-mail …)."""
    return _may_open(text, a, b) and _item_re().match(fold_label(text[a : min(b, a + 24)])) is not None


def _before_items(text: str, a: int, b: int, line_items: list[Span]) -> int:
    """Where the words before the first contact item of text[a:b] end, its label left out:
    保健センター TEL 022-… -> after 保健センター."""
    end = min([s.start for s in line_items] + [b])
    for k in range(a, end):  # at each word's start
        if (k == a or text[k - 1] in _SPACES) and text[k] not in _SPACES and _item_head(text, k, end):
            return k
    return end


def _strip(text: str, a: int, b: int, chars: str = _SPACES) -> tuple[int, int]:
    while a < b and text[a] in chars:
        a += 1
    while b > a and text[b - 1] in chars:
        b -= 1
    return a, b


def _names(text: str, org_parts, spans) -> tuple[list[tuple[int, int]], str | None]:
    """The pieces of the block's heading lines that name its organisation, and the person in
    charge: labels (申込み・問い合わせ, 担当) and （担当：佐藤） left out of the pieces."""
    pieces: list[tuple[int, int]] = []
    people: list[str] = []
    for a, b in org_parts:
        a, b = _strip(text, a, b)
        role = None
        while (label := _label_at(text, a, b)) is not None and label[0] > a:  # 問い合わせ窓口：…
            a, role = label[0], (role if role == "person" else label[1])
        if role == "person":
            # 担当：産学官連携推進室 佐藤: a unit named first belongs to the organisation.
            unit_end = max(
                (s.end for s in spans if s.label == ORG and a <= s.start and s.end <= b), default=a
            )
            pieces.append((a, unit_end))
            people.append(text[unit_end:b])
            continue
        m = _in_charge_re().search(text, a, b)
        if m:
            people.append(m["who"] or m["rest"])
            pieces += [(a, m.start()), (m.end(), b)]
        else:
            pieces.append((a, b))
    pieces = [p for p in (_strip(text, a, b, _SPACES + ":：・、,") for a, b in pieces) if p[1] > p[0]]
    person = next((p for p in (q.strip(_SPACES) for q in people) if p), None)
    return pieces, person


def _org_span(text: str, pieces, spans) -> Span | None:
    """The last organisation named in the pieces (the most specific unit: 局 › 部 › 課 › 室); a
    mention reaching into a label (問い合わせ名取市…センター) is cut to the piece."""
    found = []
    for s in spans:
        if s.label != ORG:
            continue
        for a, b in pieces:
            if s.start < b and s.end > a:
                cs, ce = max(s.start, a), min(s.end, b)
                if (cs, ce) != (s.start, s.end):
                    if ce - cs < 2:
                        continue
                    s = Span(cs, ce, ORG, text[cs:ce], text[cs:ce], s.rule, s.attrs)
                found.append(s)
                break
    return max(found, key=lambda s: (s.start, s.end - s.start)) if found else None


def _block(text, start, end, org_parts, block_items, spans) -> ContactBlock:
    pieces, person = _names(text, org_parts, spans)
    org_text = " ".join(text[a:b] for a, b in pieces).strip() or None
    org_span = _org_span(text, pieces, spans)
    phones = [s for s in block_items if s.label == PHONE]
    addresses = [s for s in block_items if s.label == ADDRESS]
    address = next((s for s in addresses if s.attrs.get("postal_code")), addresses[0] if addresses else None)
    tel = next((s for s in phones if s.attrs.get("kind") in ("tel", "tel_fax")), None)
    fax = next((s for s in phones if s.attrs.get("kind") in ("fax", "tel_fax")), None)
    email = next((s for s in block_items if s.label == EMAIL), None)
    url = next((s for s in block_items if s.label == URL), None)
    return ContactBlock(start, end, org_span, org_text, address, tel, fax, email, url, phones, person)
