"""Contact blocks (連絡先, お問い合わせ先, lines of 〒/Tel/Fax/E-mail): tie address, phones, e-mail and URL to an organisation."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.datafiles import data_lines
from pipeline.spans import ADDRESS, EMAIL, ORG, PHONE, URL, Span

# Lines that carry a contact item even when no finder fired on them (a bare "Tel:" line).
_ITEM_LINE = re.compile(
    r"[ \t\u3000]*(?:〒|住所|所在地|Tel|TEL|tel|電話|☎|℡|Fax|FAX|ファクス|ファックス|E-?mail|e-?mail|Mail|メール|URL|HP|ホームページ)"
)
_BULLETS = "【［[■●◆◇□○★☆※<＜〔("
_CLOSERS = "】］]>＞〕)"
_MAX_ORG_LINES = 3
_MAX_ORG_LINE = 40


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


@lru_cache(maxsize=1)
def _label_re() -> re.Pattern[str]:
    labels = data_lines("contact_labels.txt")
    alternation = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    bullets, closers = re.escape(_BULLETS), re.escape(_CLOSERS)
    return re.compile(
        rf"[ \t\u3000]*[{bullets}]?[ \t\u3000]*(?:{alternation})[ \t\u3000]*[{closers}]?[ \t\u3000]*(?:[:：]|(?=[ \t\u3000])|$)[ \t\u3000]*"
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

    >>> from pipeline.phones import find_phones
    >>> t = "連絡先:産学官連携推進室\\nTel: 022-263-1167, Fax: 022-223-2658"
    >>> [(b.org_text, b.tel.value, b.fax.value) for b in find_contact_blocks(t, find_phones(t))]
    [('産学官連携推進室', '+81222631167', '+81222232658')]
    """
    label_re = _label_re()
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
        return bool(items_in(a, b)) or bool(_ITEM_LINE.match(text, a, b))

    def is_org_line(a: int, b: int) -> bool:
        line = text[a:b].strip(" \t\u3000")
        return 0 < len(line) <= _MAX_ORG_LINE and "。" not in line and not is_item_line(a, b)

    blocks: list[ContactBlock] = []
    i = 0
    while i < len(lines):
        a, b = lines[i]
        label = label_re.match(text, a, b)
        if not label and not is_item_line(a, b):
            i += 1
            continue
        org_parts: list[tuple[int, int]] = []
        j = i
        if label and label.end() < b and is_item_line(label.end(), b):
            pass  # the label line itself carries items: the item scan starts there
        elif label:
            if label.end() < b:
                org_parts.append((label.end(), b))
            j = i + 1
            while (
                j < len(lines)
                and len(org_parts) < _MAX_ORG_LINES
                and is_org_line(*lines[j])
                and not label_re.match(text, *lines[j])
            ):
                org_parts.append(lines[j])
                j += 1
            if j + 1 < len(lines) and not text[slice(*lines[j])].strip() and is_item_line(*lines[j + 1]):
                j += 1  # one blank line between the name and its items
        else:
            # No label: up to two short lines right above the items name the organisation.
            k = i - 1
            while k >= 0 and i - k <= 2 and is_org_line(*lines[k]):
                k -= 1
            org_parts = lines[k + 1 : i]
        first_item = j
        while j < len(lines) and is_item_line(*lines[j]):
            j += 1
        block_items = items_in(lines[first_item][0], lines[j - 1][1]) if j > first_item else []
        # A label needs one contact item after it; without a label it takes two (a lone phone
        # number in a sentence is not a contact block).
        if len(block_items) < (1 if label else 2):
            i = max(j, i + 1)
            continue
        start = lines[i][0] if label else (org_parts[0][0] if org_parts else lines[i][0])
        end = lines[j - 1][1]
        blocks.append(_block(text, start, end, org_parts, block_items, spans))
        i = max(j, i + 1)
    return blocks


def _block(text, start, end, org_parts, block_items, spans) -> ContactBlock:
    org_text = " ".join(text[a:b].strip(" \t\u3000") for a, b in org_parts).strip() or None
    orgs = [s for s in spans if s.label == ORG and any(a <= s.start and s.end <= b for a, b in org_parts)]
    # The last organisation named is the most specific unit (局 › 部 › 課 › 室).
    org_span = max(orgs, key=lambda s: (s.start, s.end - s.start)) if orgs else None
    phones = [s for s in block_items if s.label == PHONE]
    addresses = [s for s in block_items if s.label == ADDRESS]
    address = next((s for s in addresses if s.attrs.get("postal_code")), addresses[0] if addresses else None)
    tel = next((s for s in phones if s.attrs.get("kind") in ("tel", "tel_fax")), None)
    fax = next((s for s in phones if s.attrs.get("kind") in ("fax", "tel_fax")), None)
    email = next((s for s in block_items if s.label == EMAIL), None)
    url = next((s for s in block_items if s.label == URL), None)
    return ContactBlock(start, end, org_span, org_text, address, tel, fax, email, url, phones)
