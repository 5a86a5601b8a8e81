"""The structure's vocabulary: block kinds, the Block, Article, Sentence and Structure records,
and the character classes and patterns the rules share."""

from __future__ import annotations

import re
from dataclasses import dataclass

TITLE = "title"
BYLINE = "byline"
HEADING = "heading"
PARAGRAPH = "paragraph"
CAPTION = "caption"
NOTICE = "notice"
CONTACT = "contact"
BOILERPLATE = "boilerplate"
TOC = "toc"  # a table of contents: the list of headlines before the first article
DATELINE = "dateline"  # a reposted article's source and date: 『中国新聞』2004年7月17日付
KINDS = (TITLE, BYLINE, HEADING, PARAGRAPH, CAPTION, NOTICE, CONTACT, BOILERPLATE, TOC, DATELINE)
# Kinds that are no article's content.
_OUTSIDE = frozenset({BOILERPLATE, TOC})

# Provisional kind for a short stand-alone line: becomes a title or a heading once the
# blocks around it are known.
_SHORT = "short"
_SHORT_MAX = 40
_BYLINE_MAX = 60
_RUN_IN_HEAD_MAX = 25
_TERMINATORS = "。．！？!?"
_OPENERS = "「『（(【［〔"
_CLOSERS = "」』）)】］〕"
_NO_SENTENCE = "、。，,！？!?「」『』"
# A line ending in a comma or in を/が runs on into the next line; titles may end in へ, に,
# と or は (地域の技術力を世界へ, MOTとは), so those do not count.
_RUN_ON_ENDINGS = "、，,をが"
_NAME_RE = re.compile(r"[\u4e00-\u9fff々〆ヵヶ\u3040-\u30ffー]{1,6}")
_HIRAGANA_RE = re.compile(r"[\u3040-\u309f]")
# Numerals, era names and date words: what is left of a caption once its date is gone.
_DATE_CHARS_RE = re.compile(r"[\s0-9０-９〇一二三四五六七八九十百千年月日元明治大正昭和平成令和〔〕()（）]+")
# A sentence ends at a terminator run (plus closing brackets); brackets change depth.
# Events are a run of 。！？, a run of !? before a space or the end, a ． not before a digit,
# a bracket or a line break.  Written as one character class followed by what that character
# needs, because a pattern that opens with a class lets re skip the prose between events
# fast (an alternation of repeats makes it try every branch at every character).
_SENT_EVENT_RE = re.compile(
    r"[。！？!?．「『（(【［〔」』）)】］〕\n]"
    r"(?:(?<=[。！？])[。！？]*|(?<=[!?])[!?]*(?=\s|$)|(?<=．)(?![0-9０-９])|(?<=[「『（(【［〔」』）)】］〕\n]))"
)
_ROLE_LABEL_RE = re.compile(r"[^\s:：]{1,6}[:：]\s*")
_LABEL_RE = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ0-9０-９]{1,3}[.．)）:：]?")
_CLOSERS_AND_SPACES = _CLOSERS + " \u3000"
# What a sentence may not consist of alone: it is joined to the sentence before.
_STRAY = _CLOSERS + _TERMINATORS + " \u3000"
_PAIRS = {"」": "「", "』": "『", "）": "（", ")": "(", "】": "【", "］": "［", "〕": "〔"}
# contact_value_any (structure_patterns.tsv) is a phone number or an e-mail address: it needs a
# digit or an at sign.  Most lines have neither, and this test is much cheaper than the search.
_CONTACT_VALUE_HINT_RE = re.compile(r"[0-9０-９@＠]")
_SPACE_RUN_RE = re.compile(r"[ \u3000]+")
_LEADING_NON_WORD_RE = re.compile(r"^[^\w]+")
# toc_leader_end (structure_patterns.tsv) ends in a page number: a line that does not end in a
# digit is no leader line, which is much cheaper to see than to search for.
_DIGITS = frozenset("0123456789０１２３４５６７８９")
# Likewise colon_end ends in a colon and caption_end in a closing parenthesis: a search for
# either runs through the whole line, a look at its last character does not.
_SHAPE_END_CHARS = frozenset(":：)）")
# Character sets tested on every short line: one regex search is cheaper than a generator
# that tests the characters one by one.
_SENTENCE_PUNCT_RE = re.compile("[。！？、，]")
_NO_SENTENCE_RE = re.compile(f"[{re.escape(_NO_SENTENCE)}]")
_NOT_IN_BYLINE_RE = re.compile("[、。「」，,]")


@dataclass(frozen=True, slots=True)
class Block:
    """A run of text of one kind; ``article`` is the 0-based article index or None."""

    start: int
    end: int
    kind: str
    article: int | None
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """An article: its span, title and byline blocks, and the byline's fields."""

    index: int
    start: int
    end: int
    title_block: int | None
    byline_block: int | None
    title: str | None
    author_org: str | None
    author_title: str | None
    author_name: str | None
    dateline_block: int | None = None
    dateline: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence span; ``block`` indexes ``Structure.blocks``."""

    start: int
    end: int
    block: int


@dataclass(frozen=True)
class Structure:
    """Blocks, articles and sentences of one document, plus its title."""

    blocks: list[Block]
    articles: list[Article]
    sentences: list[Sentence]
    title: str | None


_CLAUSE_END_RE = re.compile("[、。，]")
