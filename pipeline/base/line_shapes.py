"""Line shapes of a newsletter page (heading marks, numbering, rules, contact labels …),
read once from ``data/structure_patterns.tsv`` for every stage that looks at lines: the
spacing stage keeps the line break after a heading, the structure stage classifies lines.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.base.datafiles import data_lines


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


# An issue number or date on a line: a masthead (第30号, Vol.12, No.5, 2005年1月号, 平成17年4月発行).
MASTHEAD = re.compile(
    r"第\s*[0-9０-９一二三四五六七八九十百]+\s*号|(?i:vol|no)\s*[.．]?\s*[0-9０-９]"
    r"|[0-9０-９一二三四五六七八九十]\s*月\s*号|[年月日]\s*発行\s*[)）]?$|創刊"
)
# A person's name alone, family and given name set apart (山口 佳和): a byline's second line.
BARE_NAME = re.compile(
    r"[\u4e00-\u9fff々\u30a0-\u30ff]{1,4}[ \u3000]{1,2}[\u4e00-\u9fff々\u3040-\u30ff]{1,5}"
)
# A given name in kana closing its field after the family name (浦野 かをる(副会長)、…): two to
# four letters, then a bracket, a list comma or the end of the line (not a space: グル ー プ is
# a word torn apart).  The spacing stage keeps the space before it, the people finder reads it.
KANA_GIVEN = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc]{2,4}(?=[(（、，,\n]|$)")
# A roster's entry: family and given name apart by one space, then the post in brackets
# (吉原 孝(教育長)、尾野 晋一(教育部長)).  Groups: family, given, what the brackets hold.
# Kanji, as a character class body (names are written with the compatibility ones and 々ヶ〆 too).
CJK = "\u4e00-\u9fff\uf900-\ufaff々ヶ〆"
ROSTER_ENTRY = re.compile(
    rf"(?<![{CJK}\u3041-\u30ff])([{CJK}]{{1,3}})[ \u3000]([{CJK}\u3041-\u3096]{{1,3}})[(（]([^()（）\n、,]{{1,14}})[)）]"
)


@cache
def _chrome_rules() -> tuple[re.Pattern[str], dict[int, str]]:
    """The page-chrome rules of ``data/boilerplate.txt`` as one alternation, and the rule name
    of each rule's group.

    One fullmatch of the alternation finds the first rule, in file order, that matches the
    whole line, as trying the rules one by one would, but in one call.  The rules use no
    numbered back-references, whose numbers would shift in the alternation.
    """
    parts, names = [], []
    for k, line in enumerate(data_lines("boilerplate.txt")):
        name, regex = line.split("\t", 1)
        flags = _GLOBAL_FLAGS.match(regex)
        if flags:
            # A rule's (?i) may only open a whole pattern: scope it to the rule instead.
            regex = f"(?{flags[1]}:{regex[flags.end() :]})"
        parts.append(f"(?P<r{k}>{regex})")
        names.append(name)
    rx = re.compile("|".join(parts))
    # The rule's own group closes last, so it is the match's lastindex.
    return rx, {rx.groupindex[f"r{k}"]: name for k, name in enumerate(names)}


_GLOBAL_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")


def chrome_rule(line: str) -> str | None:
    """The page-chrome rule (separator, breadcrumb, nav_ja …) the stripped ``line`` matches whole."""
    if len(line) > CHROME_MAX:
        return None  # prose: no chrome rule matches a line this long
    rx, names = _chrome_rules()
    m = rx.fullmatch(line)
    return names[m.lastindex] if m else None


CHROME_MAX = 160
