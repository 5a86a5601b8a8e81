"""Crash safety, the run lock and determinism of whole runs (issue 9).

A run killed with SIGKILL leaves the tables of earlier runs complete and readable, and the
next run finishes the job with the same tables an uninterrupted run writes.  Two runs on one
output at once: the second is refused.  Whatever the number of workers, the same input gives
the same tables.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.runner.run import run
from pipeline.tables import store
from pipeline.tables.schema import TABLES

pytestmark = pytest.mark.slow  # make test-fast leaves these out

REPO = Path(__file__).resolve().parents[1]
N_FILES = 40
N_FIRST = 10  # the subset of the first, complete run
KILLED_REPEAT = 40  # paragraphs per issue of the run that is killed

PARAGRAPHS = [
    "東北経済産業局は、平成{y}年{m}月{d}日に仙台市で地域産業の振興に関する会議を開催しました。",
    "本事業は、地域の中小企業が大学や公設試験研究機関と連携して行う技術開発を支援するものです。",
    "【問い合わせ先】\n東北経済産業局 地域経済部 産業技術課\n〒980-8403 宮城県仙台市青葉区本町3-3-1\n"
    "TEL:022-222-34{k:02d} FAX:022-213-07{k:02d}\nE-mail: info{k}@example.go.jp",
    "産業技術総合研究所東北センターでは、化学プロセスの研究開発を進めて い ます。",
    "研究推進部 主任研究員 佐藤 花子\n今年度は新たに{k}件の共同研究を開始し、成果の普及に努めます。",
]


def newsletter(i: int, repeat: int = 12) -> str:
    """A generated issue: a few kilobytes of newsletter prose, different for every ``i``."""
    parts = [f"東北地域ニュース 第{i}号"]
    for r in range(repeat):
        for j, p in enumerate(PARAGRAPHS):
            parts.append(
                p.format(y=10 + (i + r) % 20, m=1 + (i + j) % 12, d=1 + (i * 7 + r) % 28, k=(i + r) % 90)
            )
    return "\n\n".join(parts) + "\n"


def make_raw(raw: Path, n: int, start: int = 0, repeat: int = 12) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (raw / f"issue{i:03d}.txt").write_text(newsletter(i, repeat), encoding="utf-8")


def tables(out: Path) -> dict[str, pd.DataFrame]:
    """Every table as pandas reads it (the way researchers load them)."""
    return {name: pd.read_parquet(out / name) for name in TABLES}


def cli(raw: Path, out: Path, *extra: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--output", str(out), *extra],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        **kw,
    )


def wait_for(predicate, proc: subprocess.Popen, timeout: float = 90) -> None:
    t0 = time.monotonic()
    while not predicate():
        if proc.poll() is not None:
            pytest.fail(f"the run ended before the test could act: {proc.communicate()}")
        if time.monotonic() - t0 > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("timed out waiting for the run to make progress")
        time.sleep(0.05)


def n_done(out: Path) -> int:
    """Documents the runs on ``out`` have recorded as finished (the manifest and the journal
    of the run going on)."""
    from pipeline.runner.run import load_manifest

    return len(load_manifest(out)) if out.is_dir() else 0


def assert_same_tables(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame], doc_ids=None) -> None:
    for name in TABLES:
        x, y = a[name], b[name]
        if doc_ids is not None:
            if "doc_id" not in x.columns:
                continue
            x, y = x[x.doc_id.isin(doc_ids)], y[y.doc_id.isin(doc_ids)]
        pd.testing.assert_frame_equal(x.reset_index(drop=True), y.reset_index(drop=True), obj=name)


def assert_consistent(out: Path, raw: Path) -> None:
    """Manifest, documents and parts agree: every file once, every part owned, all ok."""
    manifest = pd.read_parquet(out / "manifest.parquet")
    files = sorted(p.name for p in raw.iterdir())
    assert sorted(manifest.source_path) == files
    assert set(manifest.status) == {"ok"}
    t = tables(out)
    assert sorted(t["documents"].source_path) == files  # each document exactly once
    assert t["errors"].empty
    parts = set(manifest.part)
    for name, spec in TABLES.items():
        if spec.per_document:
            stems = {p.stem for p in (out / name).glob("*.parquet")} - {"empty"}
            assert stems <= parts, f"{name}: parts of unknown documents {stems - parts}"
    for name in ("documents", "tokens", "sentences", "blocks", "entities"):
        assert set(t[name].doc_id) == {Path(f).stem for f in files}, name


# ----------------------------------------------------------------------------- SIGKILL
@pytest.mark.timeout(240)
def test_sigkill_mid_run_keeps_old_tables_and_the_next_run_finishes(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    make_raw(raw, N_FIRST)
    run(raw, out, workers=1, progress=False)
    before = tables(out)
    first_ids = set(before["documents"].doc_id)
    assert len(first_ids) == N_FIRST

    # Longer issues: the run must still be going when the test, competing with it for
    # the cores, gets to kill it.
    make_raw(raw, N_FILES - N_FIRST, start=N_FIRST, repeat=KILLED_REPEAT)
    proc = cli(raw, out, "--workers", "2")
    # Kill once the run has written a few new documents, well before the end.
    wait_for(lambda: n_done(out) >= N_FIRST + 3, proc)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and its workers, like a power cut
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert n_done(out) < N_FILES, "the run finished before it was killed: make the batch bigger"

    # The tables of the earlier run are intact and readable; nothing half-written is visible.
    after_kill = tables(out)
    assert_same_tables(before, after_kill, doc_ids=first_ids)
    assert pd.read_parquet(out / "manifest.parquet").source_path.str.len().gt(0).all()
    for path in out.rglob("*.parquet"):
        pd.read_parquet(path)  # every visible file is whole

    # The next run takes the lock (the dead run's flock went with it) and finishes the job.
    summary = run(raw, out, workers=1, progress=False)
    assert summary.failed == 0 and summary.processed > 0  # some may be in the manifest already
    assert summary.processed + summary.unchanged == N_FILES
    assert_consistent(out, raw)
    # (The earlier documents may be redone: the new issues can make their header page chrome.)

    # And the result is what the same two runs write when nothing kills the second.
    calm_raw, calm = tmp_path / "calm_raw", tmp_path / "calm"
    make_raw(calm_raw, N_FIRST)
    run(calm_raw, calm, workers=1, progress=False)
    make_raw(calm_raw, N_FILES - N_FIRST, start=N_FIRST, repeat=KILLED_REPEAT)
    run(calm_raw, calm, workers=2, progress=False)
    assert_same_tables(tables(calm), tables(out))


@pytest.mark.timeout(120)
def test_an_incremental_run_writes_the_tables_of_a_clean_run(tmp_path):
    raw, out, clean = tmp_path / "raw", tmp_path / "out", tmp_path / "clean"
    make_raw(raw, 2, repeat=2)
    run(raw, out, workers=1, progress=False)  # 2 files: too few for page chrome
    make_raw(raw, 3, start=2, repeat=2)
    run(raw, out, workers=1, progress=False)  # 5 files: the issue header now repeats
    run(raw, clean, workers=1, progress=False)
    assert_same_tables(tables(clean), tables(out))


# --------------------------------------------------------------------------------- lock
@pytest.mark.timeout(240)
def test_a_second_run_at_the_same_time_is_refused_and_nothing_interleaves(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    make_raw(raw, 24)
    first = cli(raw, out, "--workers", "1")
    lock = out / store.LOCK
    wait_for(lambda: lock.exists() and lock.read_text().strip() == str(first.pid), first)

    second = cli(raw, out, "--workers", "1")
    _, err = second.communicate(timeout=60)
    assert second.returncode == 2
    assert "another run is writing to" in err and "wait for it to finish" in err
    with pytest.raises(store.LockedError, match="another run"):  # the API refuses too
        run(raw, out, workers=1, progress=False)

    assert first.poll() is None, "the first run ended before the second was tried: make the batch bigger"
    out_text, err_text = first.communicate(timeout=180)
    assert first.returncode == 0, err_text
    assert "24 processed" in out_text
    assert_consistent(out, raw)
    # Nothing of the refused runs leaked in: the tables are those of one clean run.
    clean = tmp_path / "clean"
    run(raw, clean, workers=1, progress=False)
    assert_same_tables(tables(clean), tables(out))


# -------------------------------------------------------------------------- determinism
@pytest.mark.timeout(240)
def test_runs_are_deterministic_whatever_the_number_of_workers(tmp_path):
    raw = tmp_path / "raw"
    make_raw(raw, 6, repeat=3)
    (raw / "odd.txt").write_text(
        "〒" * 300 + "\n" + "(" * 200 + "東北" + ")" * 200 + "\nhttp://x.jp/ a@b.jp\n", encoding="utf-8"
    )
    (raw / "sjis.txt").write_bytes(newsletter(99, 2).encode("cp932"))
    outs = {}
    for label, workers in (("w1", 1), ("w1-again", 1), ("w2", 2)):
        outs[label] = tmp_path / label
        run(raw, outs[label], workers=workers, progress=False)
    reference = tables(outs["w1"])
    assert len(reference["documents"]) == 8 and len(reference["tokens"]) > 1000
    for label in ("w1-again", "w2"):
        assert_same_tables(reference, tables(outs[label]))
        for name in TABLES:  # byte for byte, part for part
            mine = sorted(p.name for p in (outs[label] / name).glob("*.parquet"))
            assert mine == sorted(p.name for p in (outs["w1"] / name).glob("*.parquet")), name
            for part in mine:
                assert (outs[label] / name / part).read_bytes() == (outs["w1"] / name / part).read_bytes(), (
                    f"{label}: {name}/{part}"
                )
