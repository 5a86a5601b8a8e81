"""Static HTML report of the tables: an index page and one page per document.

Everything is read back from the parquet tables (never from a live Document), so the report
shows exactly what a run wrote.  Pages are self-contained: CSS inlined, charts as inline SVG,
no scripts, no network.  Rows are sorted and nothing depends on the clock, so two renders of
the same tables give the same bytes.
"""

from __future__ import annotations

import bisect
import html
import math
import os
import re
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from pipeline.base.datafiles import data_text
from pipeline.entities.kinds import COLORS
from pipeline.tables.store import part_name, read_table, require_output

LABELS = ("ORG", "PERSON", "DATE", "ADDRESS", "LOCATION", "PHONE", "EMAIL", "URL", "MONEY")  # legend order
TABLES = (
    "documents",
    "entities",
    "blocks",
    "articles",
    "spacing_edits",
    "dates",
    "contacts",
    "organizations",
    "org_mentions",
    "errors",
)
# displaCy's default template pads with newlines, which read as spaces in Japanese text.
_ENT_TEMPLATE = (
    '<mark class="entity" style="background: {bg}" title="{label}: {value}">'
    '{text}<span class="ent-label">{label}</span></mark>'
)
# A private-use character stands for a spacing edit while displaCy renders the text: it
# survives displaCy's escaping and is swapped for the visible mark afterwards.
_GAP = "\ue000"
TOP_ORGS = 20


def write_report(output: str | Path = "output", *, raw: str | Path | None = None) -> Path:
    """Write <output>/report/ (index.html and doc/*.html) from the tables; return index.html."""
    output = require_output(output)  # a mistyped folder is an error, not an empty report
    report = output / "report"
    (report / "doc").mkdir(parents=True, exist_ok=True)
    t = {name: read_table(name, output) for name in TABLES}
    css = data_text("report.css")
    pages = {d: f"doc/{part_name(d)}.html" for d in sorted(t["documents"]["doc_id"])}
    # Split each table by document once, rather than filtering it again for every page.
    by_doc = {
        name: {d: df for d, df in t[name].groupby("doc_id", sort=False)}
        for name in ("documents", "blocks", "articles", "entities", "spacing_edits")
    }
    written = set()
    for doc_id, href in pages.items():
        path = report / href
        _write(path, _doc_page(doc_id, t, by_doc, css, _source_href(t, doc_id, raw, path.parent)))
        written.add(path.name)
    # Pages of documents no longer in the tables would otherwise linger and mislead.
    for stale in sorted((report / "doc").glob("*.html")):
        if stale.name not in written:
            stale.unlink()
    index = report / "index.html"
    _write(index, _index_page(t, pages, css, raw, report))
    return index


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def _e(value) -> str:
    """Escaped text of a cell; empty for nulls."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _page(title: str, body: str, css: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _table(headers: list[str], rows: list[list[str]], num: frozenset = frozenset()) -> str:
    """An HTML table of already-escaped cells; ``num`` are the right-aligned column indexes."""

    def cell(tag, i, v):
        return f'<{tag} class="num">{v}</{tag}>' if i in num else f"<{tag}>{v}</{tag}>"

    head = "".join(cell("th", i, _e(h)) for i, h in enumerate(headers))
    body = "\n".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(r)) + "</tr>" for r in rows)
    return f"<table>\n<tr>{head}</tr>\n{body}\n</table>"


def _none(what: str) -> str:
    return f'<p class="none">{_e(what)}</p>'


def _swatch(label: str) -> str:
    return f'<span class="swatch" style="background: {COLORS.get(label, "#ddd")}"></span>{_e(label)}'


def _legend() -> str:
    items = "".join(f'<span class="item">{_swatch(lab)}</span>' for lab in LABELS)
    return f'<p class="legend">{items}</p>'


def _source_href(t, doc_id: str, raw, here: Path) -> str | None:
    """Relative link from ``here`` to the input file, when the raw folder was given."""
    if raw is None:
        return None
    docs = t["documents"]
    src = docs.loc[docs["doc_id"] == doc_id, "source_path"]
    if src.empty or pd.isna(src.iloc[0]) or not (Path(raw) / src.iloc[0]).is_file():
        return None
    rel = Path(os.path.relpath(Path(raw).resolve() / src.iloc[0], here.resolve())).as_posix()
    return quote(rel)  # file names may hold spaces, # or ?, which a bare href would misread


def _date(row) -> str:
    if pd.isna(row["doc_date"]):
        return "unknown"
    basis = row["doc_date_basis"]
    how = {"given": "given by the caller", "file_name": "from the file name"}.get(basis)
    if how is None and basis and basis.startswith("file_name_month+"):
        how = f"month from the file name, day inferred from the text, rule {basis.split('+', 1)[1]}"
    elif how is None:
        how = f"inferred from the text, rule {basis}"
    return f"{_e(row['doc_date'])} <small>({_e(how)})</small>"


# ---------------------------------------------------------------------------- index page


def _index_page(t, pages: dict[str, str], css: str, raw, report: Path) -> str:
    docs, ents, errors = t["documents"], t["entities"], t["errors"]
    summary = (
        f"{len(docs)} document(s), {len(ents)} entity mention(s), {len(errors)} error(s) in the last run."
    )
    nav = " ".join(
        f'<a href="#{a}">{_e(n)}</a>'
        for a, n in [
            ("counts", "Entity counts"),
            ("orgs", "Organisations"),
            ("timeline", "Timeline"),
            ("contacts", "Contacts"),
            ("errors", "Errors"),
            ("documents", "Documents"),
        ]
    )
    body = [
        f'<h1>Newsletter report</h1>\n<p class="lead">{_e(summary)}</p>\n<nav class="toc">{nav}</nav>',
        '<h2 id="counts">Entity mentions by label</h2>',
        _label_counts(ents),
        f'<h2 id="orgs">Organisations with the most mentions (top {TOP_ORGS})</h2>',
        _top_orgs(t, pages),
        '<h2 id="timeline">Timeline of dates mentioned</h2>',
        _timeline(t["dates"]),
        '<h2 id="contacts">Contact directory</h2>',
        _contacts(t, pages),
        '<h2 id="errors">Errors of the last run</h2>',
        _errors(errors),
        '<h2 id="documents">Documents</h2>',
        _documents(docs, pages, t, raw, report),
    ]
    return _page("Newsletter report", "\n".join(body), css)


def _doc_link(doc_id: str, pages: dict[str, str], prefix: str = "") -> str:
    href = pages.get(doc_id)
    return f'<a href="{_e(prefix + href)}">{_e(doc_id)}</a>' if href else _e(doc_id)


def _label_counts(ents: pd.DataFrame) -> str:
    if ents.empty:
        return _none("No entity mentions found.")
    mentions = Counter(ents["label"])
    docs = ents.groupby("label")["doc_id"].nunique().to_dict()
    chrome = Counter(ents.loc[ents["in_boilerplate"].fillna(False).astype(bool), "label"])
    # Every known label is listed, so a zero says "none found" rather than hiding the row.
    labels = list(LABELS) + sorted(set(mentions) - set(LABELS))
    rows = [[_swatch(lab), str(mentions[lab]), str(chrome[lab]), str(docs.get(lab, 0))] for lab in labels]
    return _table(["label", "mentions", "of which in page chrome", "documents"], rows, frozenset({1, 2, 3}))


def _top_orgs(t, pages: dict[str, str]) -> str:
    orgs, mentions = t["organizations"], t["org_mentions"]
    if orgs.empty:
        return _none("No organisations found (the organizations table is empty).")
    top = orgs.sort_values(["n_mentions", "n_docs", "org_id"], ascending=[False, False, True]).head(TOP_ORGS)
    issues = mentions.groupby("org_id")["doc_id"].agg(lambda s: sorted(set(s))).to_dict()
    rows = [
        [
            _e(r.name),
            str(r.n_mentions),
            str(r.n_docs),
            ", ".join(_doc_link(d, pages) for d in issues.get(r.org_id, [])),
        ]
        for r in top.itertuples()
    ]
    return _table(["organisation", "mentions", "documents", "issues (doc_id)"], rows, frozenset({1, 2}))


def _timeline(dates: pd.DataFrame) -> str:
    """Inline SVG bar chart of DATE mentions per year of their start date."""
    ok = dates[dates["valid"].fillna(False).astype(bool) & dates["start_date"].notna()]
    if ok.empty:
        return _none("No dated mentions found.")
    # start_date of a fiscal year (年度) is 1 April of its first year, so it counts there.
    per_year = Counter(d.year for d in ok["start_date"])
    first, last = min(per_year), max(per_year)
    years = list(range(first, last + 1))  # empty years stay on the axis so gaps show
    w, h, left, bottom, top = 1000, 240, 30, 30, 20
    bar = (w - 2 * left) / len(years)  # a margin each side keeps the end year labels whole
    peak = max(per_year.values())
    every = max(1, math.ceil(len(years) / 25))  # at most ~25 year labels
    parts = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" role="img" aria-label="DATE mentions per year, {first} to {last}">',
        f'<line x1="{left}" y1="{h - bottom}" x2="{w - left}" y2="{h - bottom}" stroke="#888"/>',
    ]
    for i, year in enumerate(years):
        n = per_year.get(year, 0)
        x = left + i * bar
        bh = (h - bottom - top) * n / peak
        cx = x + bar / 2
        if n:
            parts.append(
                f'<rect class="bar" x="{x + bar * 0.1:.1f}" y="{h - bottom - bh:.1f}" '
                f'width="{bar * 0.8:.1f}" height="{bh:.1f}"><title>{year}: {n}</title></rect>'
            )
            parts.append(f'<text x="{cx:.1f}" y="{h - bottom - bh - 4:.1f}" text-anchor="middle">{n}</text>')
        # Label every few years, and the last year unless it would crowd the label before it.
        if i % every == 0 or (year == last and i % every > every // 2):
            parts.append(f'<text x="{cx:.1f}" y="{h - bottom + 16}" text-anchor="middle">{year}</text>')
    parts.append("</svg>")
    skipped = len(dates) - len(ok)
    note = (
        f"{len(ok)} DATE mention(s) by the year they start in (a fiscal year 年度 counts in "
        f"its first year)" + (f"; {skipped} without a valid date are left out." if skipped else ".")
    )
    return f'<p class="lead">{_e(note)}</p>\n' + "\n".join(parts)


def _contacts(t, pages: dict[str, str]) -> str:
    contacts, ents = t["contacts"], t["entities"]
    if contacts.empty:
        return _none("No contact blocks found.")
    text = dict(zip(ents["entity_id"], ents["text"]))
    value = dict(zip(ents["entity_id"], ents["value"]))

    def ent(eid, normalised=False):
        if pd.isna(eid) or eid not in text:
            return ""
        shown = _e(text[eid])
        if normalised and _e(value[eid]) and value[eid] != text[eid]:
            shown += f"<br><small>{_e(value[eid])}</small>"
        return shown

    def whole(eid):  # a number or address split over two lines is easy to misread
        return f'<span class="nowrap">{ent(eid)}</span>'

    rows = [
        [
            _e(r.org_name),
            ent(r.address_entity_id, True),
            whole(r.phone_entity_id),
            whole(r.fax_entity_id),
            whole(r.email_entity_id),
            whole(r.url_entity_id),
            _doc_link(r.doc_id, pages),
        ]
        for r in contacts.itertuples()
    ]
    return _table(["organisation", "address", "tel", "fax", "e-mail", "web", "document"], rows)


def _errors(errors: pd.DataFrame) -> str:
    if errors.empty:
        return _none("No errors in the last run.")
    rows = [[_e(r.source_path), _e(r.stage), _e(r.error), _e(r.message)] for r in errors.itertuples()]
    return _table(["source_path", "stage", "error", "message"], rows)


def _documents(docs: pd.DataFrame, pages, t, raw, report: Path) -> str:
    if docs.empty:
        return _none("No documents processed yet: run `python -m pipeline run` first.")
    rows = []
    for _, r in docs.iterrows():
        src = _source_href(t, r["doc_id"], raw, report)
        source = f'<a href="{_e(src)}">{_e(r["source_path"])}</a>' if src else _e(r["source_path"])
        rows.append(
            [
                _doc_link(r["doc_id"], pages),
                _e(r["title"]),
                _date(r),
                source,
                _e(r["n_entities"]),
                _e(r["n_chars_clean"]),
            ]
        )
    return _table(
        ["document", "title", "date (basis)", "source", "entities", "characters"], rows, frozenset({4, 5})
    )


# ------------------------------------------------------------------------- document page


def _doc_page(doc_id: str, t, by_doc, css: str, source_href: str | None) -> str:
    def of(name):
        return by_doc[name].get(doc_id, t[name].iloc[0:0])

    doc = of("documents").iloc[0]
    blocks, articles, ents, edits = of("blocks"), of("articles"), of("entities"), of("spacing_edits")
    title = doc["title"] if not pd.isna(doc["title"]) else doc_id
    source = (
        f'<a href="{_e(source_href)}">{_e(doc["source_path"])}</a>' if source_href else _e(doc["source_path"])
    )
    meta = [
        ("document", _e(doc_id)),
        ("source", source),
        ("date", _date(doc)),
        ("encoding", _e(doc["encoding"])),
        ("characters", f"{_e(doc['n_chars_raw'])} raw, {_e(doc['n_chars_clean'])} after repair"),
        (
            "counts",
            f"{_e(doc['n_sentences'])} sentences, {_e(doc['n_tokens'])} tokens, "
            f"{_e(doc['n_entities'])} entities",
        ),
        ("pipeline", _e(doc["pipeline_version"])),
    ]
    shown = edits[edits["action"] != "kept"]
    body = [
        '<p><a href="../index.html">← report index</a></p>',
        f"<h1>{_e(title)}</h1>",
        '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta) + "</dl>",
        '<h2 id="articles">Articles</h2>',
        _articles(articles),
        '<h2 id="text">Text</h2>',
        '<p class="lead">Each block of the working text with its kind on the left; entities '
        'highlighted by label (hover for the normalised value); <span class="gap">␣</span> marks '
        'whitespace the spacing stage removed, <span class="gap collapsed">␣</span> whitespace it '
        "collapsed (hover for the reason).</p>",
        _legend(),
        _text(blocks, ents, shown),
        '<h2 id="entities">Entities</h2>',
        _entity_table(ents),
        f'<h2 id="edits">Spacing edits ({len(shown)} removed or collapsed of {len(edits)} runs)</h2>',
        _edit_table(shown),
    ]
    return _page(f"{title} — {doc_id}", "\n".join(body), css)


def _articles(articles: pd.DataFrame) -> str:
    if articles.empty:
        return _none("No articles found.")
    rows = [
        [str(r.article_id + 1), _e(r.title), _e(r.author_org), _e(r.author_title), _e(r.author_name)]
        for r in articles.itertuples()
    ]
    return _table(["#", "title", "byline: organisation", "job title", "name"], rows, frozenset({0}))


def _text(blocks: pd.DataFrame, ents: pd.DataFrame, edits: pd.DataFrame) -> str:
    """The blocks in order, grouped by article, each rendered by displaCy."""
    if blocks.empty:
        return _none("No text blocks.")
    blocks = blocks.sort_values("block_id")
    starts = blocks["start"].tolist()
    gaps = defaultdict(list)
    for e in edits.sort_values(["start", "edit_id"]).itertuples():
        i = bisect.bisect_right(starts, e.start) - 1  # the block the position falls in (or ends at)
        if i >= 0 and e.start <= blocks["end"].iloc[i]:
            gaps[i].append(e)
    spans = sorted(
        zip(ents["start"], ents["end"], ents["label"], ents["value"], ents["text"]),
        key=lambda s: (s[0], -s[1], s[2]),
    )
    out, current, seen = [], object(), set()
    for i, b in enumerate(blocks.itertuples()):
        article = None if pd.isna(b.article_id) else int(b.article_id)
        if article != current:
            if out:
                out.append("</section>")
            head = f"Article {article + 1}" if article is not None else "Outside any article"
            if article is not None and article in seen:
                head += " (continued)"  # page chrome interrupted it
            seen.add(article)
            out.append(f'<section class="article"><div class="article-head">{head}</div>')
            current = article
        inside = [s for s in spans if s[0] < b.end and s[1] > b.start]
        out.append(
            f'<div class="block kind-{_e(b.kind)}"><span class="tag">{_e(b.kind)}</span>'
            f"<div>{_render_block(b, inside, gaps[i])}</div></div>"
        )
    out.append("</section>")
    return "\n".join(out)


def _render_block(b, spans: list, gaps: list) -> str:
    """displaCy markup of one block, with its spacing edits marked at their positions."""
    from spacy import displacy  # spaCy is slow to import: only when a report is written

    text = b.text or ""
    if len(text) != b.end - b.start:
        spans, gaps = [], []  # offsets would point at the wrong characters: show plain text
    where = [g.start - b.start for g in gaps]
    pieces, prev = [], 0
    for p in where:
        pieces += [text[prev:p], _GAP]
        prev = p
    pieces.append(text[prev:])
    ents, last = [], 0
    for s, e, label, value, mention in spans:
        s, e = max(s, b.start) - b.start, min(e, b.end) - b.start
        if s < last or s >= e:
            continue  # displaCy cannot nest marks: the earlier, longer mention wins
        last = e
        # A mark at the entity's start goes before it, one at its end after it.
        ents.append(
            {
                "start": s + sum(p <= s for p in where),
                "end": e + sum(p < e for p in where),
                "label": label,
                "params": {"value": _e(value if not pd.isna(value) else mention)},
            }
        )
    markup = displacy.render(
        {"text": "".join(pieces), "ents": ents, "title": None},
        style="ent",
        manual=True,
        jupyter=False,
        options={"colors": COLORS, "template": _ENT_TEMPLATE},
    )
    marks = iter(_gap_mark(g) for g in gaps)
    return re.sub(_GAP, lambda _m: next(marks), markup)


def _visible(whitespace) -> str:
    """The escaped run with spaces made visible (the table already escapes \\n, \\t, \\u3000)."""
    return "" if pd.isna(whitespace) else str(whitespace).replace(" ", "␠")


def _gap_mark(g) -> str:
    tip = f"{g.action} whitespace ⟦{_visible(g.whitespace)}⟧: {g.reason}"
    return f'<span class="gap {_e(g.action)}" title="{_e(tip)}">␣</span>'


def _entity_table(ents: pd.DataFrame) -> str:
    if ents.empty:
        return _none("No entity mentions found.")
    rows = [
        [
            _swatch(r.label),
            _e(r.text),
            _e(r.value),
            _e(r.rule),
            f"{r.start}–{r.end}",
            "yes" if r.in_boilerplate is True else "",
        ]
        for r in ents.itertuples()
    ]
    return _table(["label", "text", "value", "rule", "offsets", "page chrome"], rows)


def _edit_table(edits: pd.DataFrame) -> str:
    if edits.empty:
        return _none("No whitespace removed or collapsed.")
    rows = [
        [
            str(r.start),
            _e(r.action),
            _e(r.reason),
            f"<code>{_e(_visible(r.whitespace))}</code>",
            _e(r.context),
        ]
        for r in edits.itertuples()
    ]
    return _table(["position", "action", "reason", "whitespace", "context"], rows, frozenset({0}))
