"""Organisation mentions: institutional suffixes over MeCab noun chains, legal forms, quotes,
merged with the named-entity model.

The package: :mod:`.words` (lists), :mod:`.chains` (runs of name tokens and the name they
hold), :mod:`.names` (what a name's text says), :mod:`.rules` (:func:`find_orgs`) and
:mod:`.merge` (:func:`find_orgs_model`).
"""

from __future__ import annotations

from pipeline.entities.orgs.chains import bare_name
from pipeline.entities.orgs.merge import LABEL_ONLY, find_orgs_model
from pipeline.entities.orgs.names import org_key, short_form_declared
from pipeline.entities.orgs.rules import find_orgs
from pipeline.entities.orgs.words import (
    deictic_prefixes,
    gazetteer,
    generic_names,
    generic_stems,
    legal_forms,
    legal_re,
    suffixes,
)

__all__ = [
    "LABEL_ONLY",
    "bare_name",
    "deictic_prefixes",
    "find_orgs",
    "find_orgs_model",
    "gazetteer",
    "generic_names",
    "generic_stems",
    "legal_forms",
    "legal_re",
    "org_key",
    "short_form_declared",
    "suffixes",
]
