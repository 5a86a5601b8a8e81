"""Tables that span documents, rebuilt from every document's parts after a run."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.entities.finder import org_id
from pipeline.entities.linking import split_compound
from pipeline.entities.orgs import org_key
from pipeline.tables import store
from pipeline.tables.schema import to_arrow

# The columns of the per-document tables that the organizations table is built from.
COLUMNS = {
    "org_mentions": [
        "doc_id",
        "entity_id",
        "org_id",
        "org_name",
        "parent_org_id",
        "parent_name",
        "resolution",
    ],
    "entities": ["entity_id", "text", "label"],
    "people": ["doc_id", "org_id", "org_name"],
}


class Parts:
    """The files the organizations table is built from, read as each bundle finishes (the
    runner's driver waits for its workers meanwhile), so that the end of a run reads only
    the files it did not write.  A file changed since it was read (the end of the run drops
    replaced documents' rows and merges bundles) is read again."""

    def __init__(self, output: Path):
        self.output = Path(output)
        self.read: dict[str, dict[Path, tuple[int, pa.Table]]] = {name: {} for name in COLUMNS}

    def add(self, part: str) -> None:
        for name, columns in COLUMNS.items():
            # A bundle of this run is still pending; publishing renames it, which keeps its
            # modification time: what is read now stays valid under the final name.
            path = self.output / name / f"{part}.parquet"
            for found in (store.pending_path(path.parent, part), path):
                if found.exists():
                    stamp = found.stat().st_mtime_ns
                    self.read[name][path] = (stamp, _only_orgs(name, store.read_part(found, name, columns)))
                    break

    def table(self, name: str) -> pa.Table:
        fresh = {}
        for path, (stamp, table) in self.read[name].items():
            try:
                if path.stat().st_mtime_ns == stamp:
                    fresh[path] = table
            except FileNotFoundError:
                continue
        return _only_orgs(name, store.read_arrow(name, self.output, columns=COLUMNS[name], cache=fresh))


def _only_orgs(name: str, table: pa.Table) -> pa.Table:
    """The rows the organizations table uses: of the entities, the organisations."""
    if name != "entities":
        return table
    return table.filter(pc.equal(table.column("label"), "ORG"))


def organizations_table(output: Path, parts: Parts | None = None) -> pa.Table:
    """One row per organisation: canonical name, aliases seen, parent, document and mention counts."""
    parts = parts or Parts(output)
    mentions = parts.table("org_mentions").to_pylist()
    # An organisation a person belongs to but that no mention names (the line above a byline)
    # gets a row too: people.org_id always joins.
    affiliations = [r for r in parts.table("people").to_pylist() if r["org_id"]]
    if not mentions and not affiliations:
        return to_arrow("organizations", {})
    texts = {row["entity_id"]: row["text"] for row in parts.table("entities").to_pylist()}
    names: dict[str, Counter] = defaultdict(Counter)
    aliases: dict[str, set] = defaultdict(set)
    parents: dict[str, Counter] = defaultdict(Counter)
    docs: dict[str, set] = defaultdict(set)
    counts: Counter = Counter()
    for m in mentions:
        oid = m["org_id"]
        names[oid][m["org_name"]] += 1
        if m["parent_org_id"]:
            parents[oid][m["parent_org_id"]] += 1
        docs[oid].add(m["doc_id"])
        counts[oid] += 1
        if m["resolution"] in ("name", "alias", "abbreviation"):
            aliases[oid].add(texts.get(m["entity_id"], ""))
    # Parents named only inside compound names get a row too, and their own parents from
    # the compound (東北経済産業局地域経済部 › 東北経済産業局), so every parent_org_id joins.
    todo = [(m["parent_org_id"], m["parent_name"]) for m in mentions if m["parent_org_id"]]
    while todo:
        pid, pname = todo.pop()
        if pid in counts:
            continue
        names[pid][pname] += 1
        counts[pid] += 0
        parts = split_compound(pname)
        if len(parts) > 1:
            grand = "".join(parts[:-1])
            parents[pid][org_id(org_key(grand))] += 1
            todo.append((org_id(org_key(grand)), grand))
    for r in affiliations:
        if r["org_id"] not in counts or not names[r["org_id"]]:
            names[r["org_id"]][r["org_name"]] += 1
            counts[r["org_id"]] += 0
        docs[r["org_id"]].add(r["doc_id"])
    ids = sorted(counts)
    # The most frequent spelling wins; ties go to the alphabetically first, for determinism.
    canon = {oid: min(names[oid].items(), key=lambda kv: (-kv[1], kv[0]))[0] for oid in ids}
    return to_arrow(
        "organizations",
        {
            "org_id": ids,
            "name": [canon[o] for o in ids],
            "aliases": [sorted(a for a in aliases[o] if a and a != canon[o]) for o in ids],
            "parent_org_id": [
                min(parents[o].items(), key=lambda kv: (-kv[1], kv[0]))[0] if parents[o] else None
                for o in ids
            ],
            "n_docs": [len(docs[o]) for o in ids],
            "n_mentions": [counts[o] for o in ids],
        },
    )
