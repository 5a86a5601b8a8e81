"""The one value type every finder returns: a labelled span of the working text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ORG = "ORG"
PERSON = "PERSON"
DATE = "DATE"
ADDRESS = "ADDRESS"
LOCATION = "LOCATION"
PHONE = "PHONE"
EMAIL = "EMAIL"
URL = "URL"
MONEY = "MONEY"
LABELS = (ORG, PERSON, DATE, ADDRESS, LOCATION, PHONE, EMAIL, URL, MONEY)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open ``[start, end)`` slice of the text a finder was given.

    ``value`` is the normalised value (ISO date, E.164, lower-case e-mail, ...);
    ``rule`` names the rule or model that produced the span (provenance);
    ``attrs`` holds label-specific fields named exactly like the columns of the
    label's table in DESIGN.md (``dates``, ``phones``, ``addresses`` ...).
    """

    start: int
    end: int
    label: str
    text: str
    value: str | None = None
    rule: str = ""
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def revalued(self, value: str | None, attrs: Mapping[str, Any]) -> Span:
        """The same slice and rule with a new value and attributes (a linked or normalised
        mention).  Built directly: dataclasses.replace costs several times more, and a long
        text has tens of thousands of mentions."""
        return Span(self.start, self.end, self.label, self.text, value, self.rule, attrs)
