"""The entities stage: run every finder on the working text, settle overlaps, number the
mentions, and give each label's table its rows.

Finders stay pure (text in, spans out); this module only orders and combines them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipeline.document import spans as L
from pipeline.document.spans import Span
from pipeline.entities.addresses import find_addresses, place_attrs
from pipeline.entities.dates import date_from_filename, find_dates, infer_doc_date
from pipeline.entities.kinds import LABEL_TABLES, PRIORITY, TEXT_FINDERS
from pipeline.entities.linking import Linking, link
from pipeline.entities.ner import analyse
from pipeline.entities.ner.model import analyse_many, rule_hints
from pipeline.entities.orgs import find_orgs, find_orgs_model
from pipeline.entities.people import find_people, foreign_names, merge_people, people_rows
from pipeline.tables.schema import TABLES


@dataclass
class EntityLayer:
    spans: list[Span] = field(default_factory=list)  # final, non-overlapping, in text order
    ids: list[str] = field(default_factory=list)
    doc_date: dt.date | None = None
    doc_date_basis: str | None = None
    # ORG mention (start, end) -> (org_id, canonical name), from linking.
    org_links: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    linking: Linking | None = None

    def org_id_of(self, sp: Span) -> str | None:
        link = self.org_links.get((sp.start, sp.end))
        return link[0] if link else None

    def org_name_of(self, sp: Span) -> str | None:
        link = self.org_links.get((sp.start, sp.end))
        return link[1] if link else sp.value or sp.text


def resolve_overlaps(found: list[Span]) -> list[Span]:
    """Keep a non-overlapping subset: by label priority (the registry's order,
    pipeline.entities.kinds), then length, then position."""
    order = sorted(found, key=lambda s: (PRIORITY.get(s.label, 99), -(s.end - s.start), s.start))
    taken: list[tuple[int, int]] = []  # sorted accepted intervals
    kept: list[Span] = []
    for sp in order:
        if sp.end <= sp.start:
            continue
        i = bisect.bisect_left(taken, (sp.start, sp.end))
        if i > 0 and taken[i - 1][1] > sp.start:
            continue
        if i < len(taken) and taken[i][0] < sp.end:
            continue
        taken.insert(i, (sp.start, sp.end))
        kept.append(sp)
    kept.sort(key=lambda s: (s.start, s.end, s.label))
    return kept


def document_date(
    text: str,
    *,
    given: dt.date | None,
    source_path: str | None,
    dates: list[Span],
    datelines: list[tuple[int, int]] = (),
) -> tuple[dt.date | None, str | None]:
    """The document's own date: given, else from the file name, else from its content: an
    issue header (2005年1月号), else a reposted article's dateline (『中国新聞』2004年7月17日付),
    else the content rules of :func:`infer_doc_date`."""
    if given is not None:
        return given, "given"
    inferred, basis = infer_doc_date(text, dates)
    if basis != "issue_header":
        on_datelines = [
            d.attrs["start_date"]
            for d in dates
            if d.attrs["start_date"]
            and d.attrs["valid"]
            and not d.attrs["relative"]
            and any(a <= d.start < b for a, b in datelines)
        ]
        if on_datelines:
            inferred, basis = max(on_datelines), "dateline"
    if source_path:
        from_name = date_from_filename(source_path.rsplit("/", 1)[-1])
        if from_name is not None:
            # A name usually gives the month only ("…_2005_01"): the content may
            # narrow it to a day within that month, never move it out of the month.
            if (
                inferred is not None
                and (inferred.year, inferred.month) == (from_name.year, from_name.month)
                and inferred > from_name
            ):
                return inferred, f"file_name_month+{basis}"
            return from_name, "file_name"
    return inferred, (basis if inferred is not None else None)


def org_id(key: str | None) -> str | None:
    """A stable organisation id: the same normalised name gives the same id in every document."""
    if not key:
        return None
    return "org_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def find_entities(
    text: str,
    *,
    doc_date: dt.date | None = None,
    source_path: str | None = None,
    tokens=None,
    byline_orgs: list[tuple[int, str]] = (),
    datelines: list[tuple[int, int]] = (),
) -> EntityLayer:
    """Every entity mention of ``text``, overlaps settled, organisations linked, plus the
    document's date (``datelines``: spans of the structure's dateline blocks)."""
    rules = entity_rules(text, doc_date=doc_date, source_path=source_path, tokens=tokens, datelines=datelines)
    return entity_layer(rules, analyse(text, rules.tokens, hints=rules.hints), byline_orgs)


@dataclass
class RuleFindings:
    """What the rule finders found in a text, before the named-entity model reads it: the
    model's hints, and what the merges weigh against the model's reading."""

    text: str
    tokens: Any
    dates: list[Span]
    date_value: dt.date | None
    basis: str | None
    addresses: list[Span]
    rule_orgs: list[Span]
    rule_people: list[Span]
    hints: list[tuple[int, int, str]]


def find_entities_many(items: list[dict]) -> list[EntityLayer]:
    """:func:`find_entities` of several texts (each a dict of its arguments): the rules per
    text, the model over all of them at once (:func:`pipeline.entities.ner.model.analyse_many`),
    the merges per text; each text's layer is the one ``find_entities`` gives it."""
    found = [
        entity_rules(
            it["text"],
            doc_date=it.get("doc_date"),
            source_path=it.get("source_path"),
            tokens=it.get("tokens"),
            datelines=it.get("datelines", ()),
        )
        for it in items
    ]
    ners = analyse_many([r.text for r in found], [r.tokens for r in found], [r.hints for r in found])
    return [entity_layer(r, ner, it.get("byline_orgs", ())) for r, ner, it in zip(found, ners, items)]


def entity_rules(
    text: str,
    *,
    doc_date: dt.date | None = None,
    source_path: str | None = None,
    tokens=None,
    datelines: list[tuple[int, int]] = (),
) -> RuleFindings:
    """The rule finders' part of :func:`find_entities`."""
    dates = find_dates(text)
    date_value, basis = document_date(
        text, given=doc_date, source_path=source_path, dates=dates, datelines=datelines
    )
    if date_value is not None and any(d.attrs.get("relative") or d.attrs.get("era_inferred") for d in dates):
        dates = find_dates(text, anchor=date_value)  # resolve 昨年度, 本年度 ... against it
    if tokens is None:
        from pipeline.text.tokens import tokenize

        tokens = tokenize(text)
    # The rule finders first: the model reads their mentions as features, then each kind's
    # merge weighs the two.
    addresses = find_addresses(text)
    rule_orgs = find_orgs(text, tokens)
    rule_people = find_people(text, tokens)
    hints = rule_hints(text, tokens, orgs=rule_orgs, people=rule_people, places=addresses)
    return RuleFindings(text, tokens, dates, date_value, basis, addresses, rule_orgs, rule_people, hints)


def entity_layer(rules: RuleFindings, ner, byline_orgs: list[tuple[int, str]] = ()) -> EntityLayer:
    """The merges' part of :func:`find_entities`: the rules' findings and the model's reading
    ``ner`` of the same text weighed, overlaps settled, organisations linked."""
    text, tokens, dates, addresses = rules.text, rules.tokens, rules.dates, rules.addresses
    rule_orgs, rule_people = rules.rule_orgs, rules.rule_people
    date_value, basis = rules.date_value, rules.basis
    ner.spans = foreign_names(text, tokens, ner.spans)
    people = merge_people(text, tokens, rule_people, ner)
    orgs = find_orgs_model(text, tokens, ner=ner, rule_spans=rule_orgs)
    people, orgs = _named_after_people(people, orgs, rule_orgs)
    found = [
        *dates,
        *(sp for kind in TEXT_FINDERS for sp in kind.find(text)),
        *addresses,
        *orgs,
        *people,
        *_orgs_of_people(text, people),
        *_places(ner, addresses),
    ]
    layer = EntityLayer(spans=resolve_overlaps(found), doc_date=date_value, doc_date_basis=basis)
    _link_orgs(text, layer, byline_orgs)
    return layer


# Rules that read a name by its institutional ending or legal form.
_SUFFIX_RULES = frozenset({"suffix", "legal_form", "parent_unit"})


def _named_after_people(people: list[Span], orgs: list[Span], rule_orgs: list[Span]):
    """A name the model read as a person that opens an organisation's name the rules read
    by its ending (ケネディ宇宙センター, 野口英世記念館): the organisation, not the person."""
    named = [o for o in rule_orgs if o.rule in _SUFFIX_RULES and o.attrs.get("kind") == "name"]
    if not named or not people:
        return people, orgs
    keep, add = [], []
    for p in people:
        inside = next(
            (
                o
                for o in named
                if p.rule.startswith("ner_crf")
                and o.start == p.start
                and p.end < o.end
                # a particle after the name ends it (伊野本孝一ら高校: the rule read too far)
                and not ("\u3041" <= o.text[p.end - o.start] <= "\u309f")
            ),
            None,
        )
        if inside is None:
            keep.append(p)
        elif not any(o.start < inside.end and inside.start < o.end for o in orgs + add):
            add.append(inside)
    return keep, orgs + add


def _orgs_of_people(text: str, people: list[Span]) -> list[Span]:
    """The organisation a rule read in a run of name, organisation and title
    (貞廣昌利福島県電子機械工業会会長): an ORG mention of its own, so that the name before it
    does not swallow it."""
    out = []
    for p in people:
        s, e = p.attrs.get("org_start"), p.attrs.get("org_end")
        if s is not None and e is not None and e > s:
            out.append(Span(s, e, L.ORG, text[s:e], text[s:e], "person_org", {"kind": "name"}))
    return out


def _places(ner, addresses: list[Span]) -> list[Span]:
    """Places the model names that the address rules did not parse (countries, regions,
    municipalities without their suffix), with what the gazetteer says of them."""
    taken = [(sp.start, sp.end) for sp in addresses]
    out = []
    for sp in ner.spans:
        if sp.label != L.LOCATION or len(sp.text) < 2 or sp.text.isdigit():
            continue
        if any(a < sp.end and sp.start < b for a, b in taken):
            continue
        attrs = place_attrs(sp.text) | {"confidence": sp.attrs.get("confidence")}
        out.append(sp.revalued(attrs["normalized"], attrs))
    return out


def _link_orgs(text: str, layer: EntityLayer, byline_orgs) -> None:
    """Resolve the kept ORG mentions (abbreviations, 当室-style references, hierarchy) and give
    each ORG its canonical name as value and each PERSON their organisation."""
    orgs = [sp for sp in layer.spans if sp.label == L.ORG]
    people = [sp for sp in layer.spans if sp.label == L.PERSON]
    if not orgs and not people:
        return
    result = link(text, orgs, people, byline_orgs=list(byline_orgs))
    layer.linking = result
    if result.unlinked:  # a bare legal form or suffix (株式会社, センター) names no organisation
        gone = set(result.unlinked)
        layer.spans = [sp for sp in layer.spans if sp.label != L.ORG or (sp.start, sp.end) not in gone]
    by_pos = {(m.start, m.end): m for m in result.mentions}
    person_org = {(p.start, p.end): p for p in result.people}
    spans = []
    for sp in layer.spans:
        if sp.label == L.ORG and (sp.start, sp.end) in by_pos:
            m = by_pos[(sp.start, sp.end)]
            parent = result.orgs.get(m.parent_key) if m.parent_key else None
            attrs = dict(sp.attrs) | {
                "org_id": org_id(m.key),
                "org_name": m.name,
                "resolution": m.resolution,
                "parent_org_id": org_id(m.parent_key),
                "parent_name": parent.name if parent else None,
            }
            sp = sp.revalued(m.name, attrs)
            layer.org_links[(sp.start, sp.end)] = (org_id(m.key), m.name)
        elif sp.label == L.PERSON and (sp.start, sp.end) in person_org:
            p = person_org[(sp.start, sp.end)]
            sp = sp.revalued(sp.value, dict(sp.attrs) | {"org_id": org_id(p.org_key), "org_name": p.org_name})
        spans.append(sp)
    layer.spans = spans


@cache
def _columns(table: str) -> tuple[str, ...]:
    return tuple(c for c in TABLES[table].names if c not in ("doc_id", "entity_id"))


def _attr(sp: Span, column: str) -> Any:
    if column == "email":  # the table holds the normalised (lower-case) address
        return sp.value
    value = sp.attrs.get(column)
    if column == "chome" and value is not None:
        return str(value)
    return value


def label_rows(layer: EntityLayer, doc_id: str) -> dict[str, dict[str, list[Any]]]:
    """Rows of the per-label tables (dates, ...), keyed by table name; ``people``, one row
    per person rather than per mention, comes from :func:`person_rows`."""
    out: dict[str, dict[str, list[Any]]] = {}
    by_label: dict[str, list[tuple[Span, str]]] = {}
    for sp, eid in zip(layer.spans, layer.ids):
        by_label.setdefault(sp.label, []).append((sp, eid))
    for label, table in LABEL_TABLES.items():
        cols = _columns(table)
        rows = out.setdefault(table, {"doc_id": [], "entity_id": [], **{c: [] for c in cols}})
        for sp, eid in by_label.get(label, ()):
            rows["doc_id"].append(doc_id)
            rows["entity_id"].append(eid)
            for c in cols:
                rows[c].append(_attr(sp, c))
    return out


def person_rows(layer: EntityLayer, doc_id: str) -> tuple[dict[str, list[Any]], list[str | None]]:
    index = [k for k, sp in enumerate(layer.spans) if sp.label == L.PERSON]
    persons = [layer.spans[k] for k in index]
    cols = TABLES["people"].names
    rows: dict[str, list[Any]] = {c: [] for c in cols}
    ids: list[str | None] = [None] * len(layer.spans)
    for n, row in enumerate(people_rows(persons), start=1):
        pid = f"{doc_id}#p{n}"
        order = sorted(row["span_indexes"], key=lambda i: persons[i].start)
        mine = [persons[i] for i in order]
        for i in row["span_indexes"]:
            ids[index[i]] = pid
        first = index[order[0]]

        def first_of(key, mine=mine):
            return next((sp.attrs.get(key) for sp in mine if sp.attrs.get(key)), None)

        values = {
            "doc_id": doc_id,
            "person_id": pid,
            "name": row["name"],
            "family_name": row["family_name"],
            "given_name": row["given_name"],
            "title": row["title"],
            "honorific": first_of("honorific"),
            "role": first_of("role"),
            "org_id": first_of("org_id"),
            "org_name": first_of("org_name"),
            "n_mentions": row["n_mentions"],
            "first_entity_id": layer.ids[first] if layer.ids else None,
            "rule": layer.spans[first].rule,
        }
        if values["org_id"] is None:
            values["org_name"] = None
        for c in cols:
            rows[c].append(values[c])
    return rows, ids
