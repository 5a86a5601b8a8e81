"""The ``people`` table: one row per person per document, from the PERSON spans."""

from __future__ import annotations


def _squeeze(name: str) -> str:
    """A name as a key: without the spaces Japanese names are written with (千葉 康典), with
    one space between the words of a name in Latin letters (Emily Carter)."""
    if name.isascii():
        return " ".join(name.split())
    return "".join(name.split())


def people_rows(spans) -> list[dict]:
    """One row per person of a document's PERSON spans, in order of first mention.

    The key is the full name without spaces (attrs person_key when given); a family name alone
    joins the one earlier full name with that family name.  Rows hold person_key, name,
    family_name, given_name, title and org_text (first non-null), n_mentions and
    span_indexes (positions in ``spans``).

    >>> from pipeline.document.spans import PERSON, Span
    >>> a = {"family_name": "山田", "given_name": "太郎", "title": "教授", "org_text": None}
    >>> b = {"family_name": "山田", "given_name": None, "title": None, "org_text": None}
    >>> [(r["person_key"], r["n_mentions"]) for r in people_rows([
    ...     Span(0, 4, PERSON, "山田太郎", "山田太郎", attrs=a), Span(9, 11, PERSON, "山田", "山田", attrs=b)])]
    [('山田太郎', 2)]
    """
    rows: dict[str, dict] = {}
    by_family: dict[str, list[str]] = {}  # the keys of the rows of each family name
    order = sorted(range(len(spans)), key=lambda i: (spans[i].start, spans[i].end))
    # Full names by family name, wherever they stand: a family name alone written before the
    # full name (西村教授らの… 西村克彦教授は) joins it when it is the only one.
    later: dict[str, set[str]] = {}
    for sp in spans:
        fam, giv = sp.attrs.get("family_name"), sp.attrs.get("given_name")
        if fam and giv:
            later.setdefault(fam, set()).add(_squeeze(sp.attrs.get("name") or fam + giv))
    for i in order:
        sp = spans[i]
        a = sp.attrs
        family, given = a.get("family_name"), a.get("given_name")
        name = _squeeze(a.get("name") or sp.value or sp.text or "")
        key = a.get("person_key")
        if not key or (not given and key == name):
            if family and given:
                key = name
            else:
                # A family name alone joins the one full name met earlier with that family name.
                fam = family or name
                keys = [
                    k for k in by_family.get(fam, ()) if rows[k]["family_name"] == fam and len(k) > len(fam)
                ]
                if not keys and len(later.get(fam, ())) == 1:
                    keys = list(later[fam])
                key = keys[0] if len(keys) == 1 else (key or name)
        key = _squeeze(key)
        row = rows.get(key)
        if row is None:
            row = rows[key] = {
                "person_key": key,
                "name": key,
                "family_name": family,
                "given_name": given,
                "title": None,
                "org_text": None,
                "n_mentions": 0,
                "span_indexes": [],
            }
        if given and not row["given_name"]:
            row["family_name"], row["given_name"] = family, given
        if row["family_name"] is None:
            row["family_name"] = family
        if row["family_name"] and key not in by_family.setdefault(row["family_name"], []):
            by_family[row["family_name"]].append(key)
        for field in ("title", "org_text"):
            if row[field] is None and a.get(field) is not None:
                row[field] = a[field]
        row["n_mentions"] += 1
        row["span_indexes"].append(i)
    return list(rows.values())
