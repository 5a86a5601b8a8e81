"""The registry of entity kinds: each kind's label, finder, table and colour, in one place.

The order of :data:`KINDS` is the overlap priority: when two mentions overlap, the kind
listed first keeps its mention (machine-readable forms are the most certain, names in
prose the least).  The label is also the spaCy entity label (:mod:`pipeline.surfaces.spacy_nlp`).

Adding a kind (see the README): write its finder module (``find_x(text) -> list[Span]``,
one rule name per pattern in ``Span.rule``, the table's columns in ``Span.attrs``), give its
table a schema in :mod:`pipeline.tables.schema`, and add one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from importlib import import_module

from pipeline.document import spans as L
from pipeline.document.spans import Span


@dataclass(frozen=True)
class Kind:
    label: str
    # The table with one row per mention, from the span's attrs (None: the kind has none,
    # or builds it otherwise: people has one row per person, pipeline.entities.finder.person_rows).
    table: str | None
    color: str  # background in the HTML report: light, so black text stays readable
    # "module:function" of a finder that reads the text alone, run as it is by the entities
    # stage; None for the kinds found together by rules and the named-entity model, with
    # the document's date or tokens (pipeline.entities.finder.find_entities).
    finder: str | None = None

    @cached_property
    def find(self) -> Callable[[str], list[Span]]:
        """The finder, imported on first use (finders import the tables and data they need;
        the registry stays cheap to import)."""
        module, _, name = self.finder.partition(":")
        return getattr(import_module(module), name)


KINDS: tuple[Kind, ...] = (
    Kind(L.URL, None, "#9cc9cc", "pipeline.entities.urls:find_urls"),
    Kind(L.EMAIL, "emails", "#c3e88d", "pipeline.entities.emails:find_emails"),
    Kind(L.PHONE, "phones", "#f0a8c8", "pipeline.entities.phones:find_phones"),
    Kind(L.DATE, "dates", "#bfe1d9"),
    Kind(L.MONEY, "money", "#f5c6a5", "pipeline.entities.money:find_money"),
    Kind(L.ADDRESS, "addresses", "#feca74"),
    Kind(L.PERSON, None, "#aa9cfc"),
    Kind(L.ORG, "org_mentions", "#7aecec"),
    Kind(L.LOCATION, "addresses", "#ffeb80"),
)

PRIORITY: dict[str, int] = {k.label: n for n, k in enumerate(KINDS)}
COLORS: dict[str, str] = {k.label: k.color for k in KINDS}
# Each label's own mention table.
LABEL_TABLES: dict[str, str] = {k.label: k.table for k in KINDS if k.table}
TEXT_FINDERS: tuple[Kind, ...] = tuple(k for k in KINDS if k.finder)

__all__ = ["COLORS", "KINDS", "LABEL_TABLES", "PRIORITY", "TEXT_FINDERS", "Kind"]
