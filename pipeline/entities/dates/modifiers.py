"""What is written around a date expression: modifiers (上旬, 末, ごろ, 以降, まで), the clause's
tense (past or future) and the times of day on the date's row."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.entities.dates.expressions import _Expr
from pipeline.entities.dates.words import _clause, _num, _tables

# ---------------------------------------------------------------- what surrounds an expression

# Modifiers written after a date. 頃/ごろ belong to the expression (IREX includes them);
# 以降, まで, 前後 … are words of their own and stay outside the span.
_MOD_AFTER = re.compile(
    r"(?P<sp> {0,2})(?:(?P<inside>頃|ごろ|ころ)|(?P<after>以降|以来|以後|以前|までに|まで|前後|近く|から|より))"
)
_MOD_OF = {
    "頃": "APPROX",
    "ごろ": "APPROX",
    "ころ": "APPROX",
    "前後": "APPROX",
    "近く": "APPROX",
    "以降": "ON_OR_AFTER",
    "以来": "ON_OR_AFTER",
    "以後": "ON_OR_AFTER",
    "から": "ON_OR_AFTER",
    "より": "ON_OR_AFTER",
    "以前": "ON_OR_BEFORE",
    "まで": "ON_OR_BEFORE",
    "までに": "ON_OR_BEFORE",
}
# Parts of a period inside the expression (7月末, 2005年前半, 10月中旬).
_PART_MOD = {
    "末": "END",
    "末日": "END",
    "終わり": "END",
    "終り": "END",
    "下旬": "END",
    "後半": "END",
    "下期": "END",
    "下半期": "END",
    "年末": "END",
    "初め": "START",
    "始め": "START",
    "初頭": "START",
    "初": "START",
    "頭": "START",
    "上旬": "START",
    "初旬": "START",
    "前半": "START",
    "上期": "START",
    "上半期": "START",
    "中旬": "MID",
    "半ば": "MID",
    "なかば": "MID",
}
# The verb of the clause after a day-only or month-day date says past or future; a cue just
# before it (去る, 締切) says it too.
_WEEKDAY_END = re.compile(r"日 {0,2}[(（]?([月火水木金土日])(?:曜日?)?[)）]?$")
_TENSE_PAST = re.compile(r"(?:まし|され|し|でし|れ|っ|い|ぎ|ん)た(?![らい])|だった|去る|終了|済み")
_TENSE_FUTURE = re.compile(
    r"予定|開催します|いたします|ます(?!た)|までに|募集|申し?込|お待ち"
    r"|する(?!と)|される|行う|開く|始まる|来る|きたる|見込"
)
# A future cue that is a noun, then a past ending: the plan or the call lies in the past
# (7月1日に予定しておりました催し, 8月1日から募集しました).
_NOUN_CUES = frozenset({"予定", "募集", "見込", "申込", "申し込"})
_PAST_AFTER_NOUN = re.compile(
    r"(?:して(?:おり|い)(?:まし)?た|しました|した|でした|だった|され(?:てい|まし)?た)"
)
_TENSE_HEAD = re.compile(
    r"(?P<past>去る|さる|過日)|(?P<future>来る|きたる|締切|締め切り|〆切|期限)[:：]? {0,2}$"
)
_TIME = re.compile(
    r" {0,2}(?:(?P<ap>午前|午後|AM|PM|am|pm) {0,2})?(?P<h>[0-9]{1,2}|[一二三四五六七八九十]{1,3})"
    r"(?:時(?:(?P<mi>[0-9]{1,2}|[一二三四五六七八九十]{1,3})分|(?P<half>半))?|:(?P<mi2>[0-9]{2}))"
    r"(?: {0,2}(?:[～〜~\-―]|から) {0,2}(?:(?P<ap2>午前|午後|AM|PM|am|pm) {0,2})?"
    r"(?P<h2>[0-9]{1,2}|[一二三四五六七八九十]{1,3})(?:時(?:(?P<mi3>[0-9]{1,2}|[一二三四五六七八九十]{1,3})分|(?P<half2>半))?"
    r"|:(?P<mi4>[0-9]{2})))?"
)


def _decorate(text: str, e: _Expr) -> _Expr:
    """Add what the words around an expression say: its modifier, the tense of its clause
    (for a date whose year must be chosen) and a time of day written after it."""
    if e.to is not None:
        head = _decorate(text, replace(e, to=None, end=e.head_end))
        tail = _decorate(text, e.to)
        return replace(e, end=tail.end, to=tail, times=head.times, tense=head.tense, mod=None, mod_text=None)
    part = e.ymod or e.mmod
    mod, mod_text, end = e.mod, e.mod_text, e.end
    if part in _PART_MOD:
        mod, mod_text = _PART_MOD[part], part
    mt = _MOD_AFTER.match(text, e.end)
    if mt and not (e.offset and mt["after"] in ("から", "より")):
        word = mt["inside"] or mt["after"]
        mod, mod_text = _MOD_OF[word], word
        if mt["inside"]:
            end = mt.end()
    tense = weekday = None
    if e.unit == "none" and not e.rel and not e.offset:
        tense = _tense(text, e.start, end)
        wd = _WEEKDAY_END.search(text, e.start, end)
        weekday = "月火水木金土日".index(wd[1]) if wd else None
    times = None
    if e.d is not None or e.rule == "day_only" or (e.rel and _tables().relative[e.rel][0] == "day"):
        times = _times(text, end)
    return replace(e, end=end, mod=mod, mod_text=mod_text, tense=tense, times=times, weekday=weekday)


def _tense(text: str, start: int, end: int) -> str | None:
    line_start = text.rfind("\n", 0, start) + 1
    head = _TENSE_HEAD.search(text, max(line_start, start - 12), start)
    if head:
        return "past" if head["past"] else "future"
    tail = _clause(text, end, 80)
    past, future = _TENSE_PAST.search(tail), _TENSE_FUTURE.search(tail)
    if future and future.group() in _NOUN_CUES and _PAST_AFTER_NOUN.match(tail, future.end()):
        return "past"
    if past and (not future or past.start() < future.start()):
        return "past"
    return "future" if future else None


def _times(text: str, pos: int) -> tuple | None:
    """Start and end times (HH:MM) written right after a date: 午後1時30分～3時, 10:00-12:00."""
    mt = _TIME.match(text, pos)
    if not mt:
        return None

    def clock(ap, h, mi, half, after=None):
        h = _num(h)
        m = 30 if half else (_num(mi) if mi else 0)
        if h is None or m is None or m > 59:
            return None
        if ap in ("午後", "PM", "pm") and h < 12:
            h += 12
        elif ap is None and after is not None and h < 12 and h * 60 + m <= after[0] * 60 + after[1]:
            h += 12  # 午後1時～3時: the end shares the start's 午後
        return (h, m) if h <= 24 else None

    a = clock(mt["ap"], mt["h"], mt["mi"] or mt["mi2"], mt["half"])
    if a is None:
        return None
    b = None
    if mt["h2"]:
        b = clock(mt["ap2"], mt["h2"], mt["mi3"] or mt["mi4"], mt["half2"], after=a)
    fmt = "{:02d}:{:02d}".format
    return fmt(*a), fmt(*b) if b else None
