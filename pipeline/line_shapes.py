"""Line shapes of a newsletter page (heading marks, numbering, rules, contact labels …),
read once from ``data/structure_patterns.tsv`` for every stage that looks at lines: the
spacing stage keeps the line break after a heading, the structure stage classifies lines.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.datafiles import data_lines


@cache
def shapes() -> dict[str, re.Pattern[str]]:
    """Each shape's alternation, compiled; lines sharing a name in the file are alternatives."""
    groups: dict[str, list[str]] = {}
    for line in data_lines("structure_patterns.tsv"):
        name, regex = line.split("\t", 1)
        groups.setdefault(name, []).append(regex)
    out = {n: re.compile("|".join(f"(?:{r})" for r in rs)) for n, rs in groups.items()}
    # One pass that rules out most prose lines before the shape rules run one by one (it holds
    # contact_line, which the structure stage relies on).
    starts = ("contact_start", "contact_line", "notice_marker", "bullet_marker", "caption_start")
    starts += ("bracket_heading", "heading_marker", "numbered")
    out["_any_start"] = re.compile("|".join(f"(?:{r})" for n in starts for r in groups[n]))
    return out


def shape(name: str) -> re.Pattern[str]:
    """The compiled shape ``name`` (see data/structure_patterns.tsv)."""
    return shapes()[name]


@cache
def boilerplate_rule(name: str) -> re.Pattern[str]:
    """The page-chrome rule ``name`` of ``data/boilerplate.txt`` (separator, …), alone."""
    for line in data_lines("boilerplate.txt"):
        rule, regex = line.split("\t", 1)
        if rule == name:
            return re.compile(regex)
    raise KeyError(name)
