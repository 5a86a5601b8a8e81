"""Word lists that several finders read, each defined once (a data file) and read once.

The people finder, the organisation finder and the spacing stage all need to know what a job
title is; the organisation and people finders both need what a gathering is.  They import
the lists from here instead of each reading the files.
"""

from __future__ import annotations

from functools import cache

from pipeline.base.datafiles import data_lines


def _words(name: str) -> list[str]:
    return [w.strip() for w in data_lines(name) if w.strip()]


@cache
def job_titles() -> tuple[str, ...]:
    """Job-title words shared with the structure stage (data/job_titles.txt), longest first."""
    return tuple(sorted(set(_words("job_titles.txt")), key=len, reverse=True))


@cache
def person_titles() -> tuple[str, ...]:
    """Every title a person may carry: job_titles.txt and people_titles.txt, longest first."""
    return tuple(sorted(set(job_titles()) | set(_words("people_titles.txt")), key=len, reverse=True))


@cache
def title_prefixes() -> frozenset[str]:
    """Words written between a name and its title that belong to the title (前, 元, 副, 名誉 …)."""
    return frozenset(_words("people_title_prefixes.txt"))


@cache
def gatherings() -> tuple[str, ...]:
    """Gatherings a body holds (総会, 講演会, セミナー …), longest first."""
    return tuple(sorted(set(_words("org_gatherings.txt")), key=len, reverse=True))


__all__ = ["gatherings", "job_titles", "person_titles", "title_prefixes"]
