"""An archive of 100,000 issues: planning and compaction stay within seconds, and the number
of files per table stays bounded (issue #22).  No document is processed: the planner and the
compaction run on a manifest in memory (the merge of files is recorded, not done)."""

from __future__ import annotations

import time

from pipeline.runner import run as runner
from pipeline.tables import store

N = 100_000


def _source(i: int, size: int = 3000, mtime: int = 1) -> runner.Source:
    name = f"issue{i:06d}.txt"
    return runner.Source(f"/archive/{name}", name, name[:-4], size, mtime)


def _row(src: runner.Source, bundle: str) -> dict:
    return {
        "source_path": src.source_path,
        "doc_id": src.doc_id,
        "part": bundle,
        "size": src.size,
        "mtime_ns": src.mtime_ns,
        "sha256": f"h{src.mtime_ns}",
        "pipeline_version": "v",
        "status": "ok",
        "message": None,
        "n_chars": src.size // 3,
        "seconds": 0.0,
    }


def _record(manifest: dict, todo: list[runner.Source]) -> int:
    """Bundle the to-do list as a run would and record it; the number of bundles."""
    cut = runner.batches(todo)
    for sources in cut:
        name = store.bundle_name([(s.doc_id, f"h{s.mtime_ns}") for s in sources], "v")
        for s in sources:
            manifest[s.source_path] = _row(s, name)
    return len(cut)


def test_a_100000_issue_archive_plans_and_compacts_in_seconds_with_few_files(tmp_path, monkeypatch):
    sources = {i: _source(i) for i in range(N)}
    manifest: dict[str, dict] = {}
    monkeypatch.setattr(runner, "scan", lambda raw: (list(sources.values()), []))
    monkeypatch.setattr(runner, "load_manifest", lambda output: dict(manifest))
    monkeypatch.setattr(runner, "pipeline_version", lambda: "v")
    merged = []
    monkeypatch.setattr(
        store, "merge_bundles", lambda output, bundles, new, docs, tables: merged.append(len(bundles))
    )
    raw = tmp_path / "raw"
    raw.mkdir()

    t0 = time.perf_counter()
    first = runner.plan(raw, tmp_path / "out")
    assert len(first.todo) == N
    n_first = _record(manifest, [s for s, _ in first.todo])
    assert n_first <= 24  # 300 MB of issues in bundles of at most 16 MB

    for k in range(3):  # 5 changed, 5 new and 2 removed issues, three times
        for i in range(k * 100, k * 100 + 5):
            sources[i] = _source(i, mtime=2 + k)
        for j in range(5):
            sources[N + 10 * k + j] = _source(N + 10 * k + j)
        for i in (N - 1 - 2 * k, N - 2 - 2 * k):
            del sources[i]
        p = runner.plan(raw, tmp_path / "out")
        assert (len(p.todo), len(p.removed)) == (10, 2)
        for rel in p.removed:
            manifest.pop(rel)
        _record(manifest, [s for s, _ in p.todo])
        runner._compact(tmp_path / "out", manifest)
    seconds = time.perf_counter() - t0

    files = len({row["part"] for row in manifest.values()})
    assert files <= n_first + 1  # the small bundles of the incremental runs were merged
    assert merged and all(n >= 2 for n in merged)
    assert seconds < 10, f"planning and compaction took {seconds:.1f} s"
