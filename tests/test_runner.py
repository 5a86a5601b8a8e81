"""The runner: incremental, never stopped by one bad file, tables always readable."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.runner import run as runner
from pipeline.runner import worker
from pipeline.runner.run import run
from pipeline.tables import store


def table(output: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(output / name)


def add(raw: Path, name: str, text: str) -> Path:
    path = raw / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_run_writes_every_table_readable_by_pandas(raw_dir, tmp_path):
    out = tmp_path / "out"
    summary = run(raw_dir, out, workers=1)
    assert summary.processed == 1 and summary.failed == 0
    docs = table(out, "documents")
    assert docs.doc_id.tolist() == ["aist_tohoku_newsletter_2005_01"]
    assert docs.encoding.tolist() == ["utf-8"] and len(docs.sha256[0]) == 64
    tokens = table(out, "tokens")
    assert len(tokens) == docs.n_tokens[0] > 1000
    assert str(tokens.start.dtype) == "Int32"
    for name in store.TABLES:
        pd.read_parquet(out / name)  # every table, even an empty one, is readable
    assert (out / "manifest.parquet").exists()


def test_doc_id_is_the_path_under_raw_without_suffix(tmp_path):
    raw = tmp_path / "raw"
    add(raw, "2005/01/tohoku.txt", "平成17年1月の記事です。")
    out = tmp_path / "out"
    run(raw, out, workers=1)
    docs = table(out, "documents")
    assert docs.doc_id.tolist() == ["2005/01/tohoku"]
    assert docs.source_path.tolist() == ["2005/01/tohoku.txt"]


def test_rerun_with_nothing_changed_processes_nothing(raw_dir, tmp_path):
    out = tmp_path / "out"
    run(raw_dir, out, workers=1)
    before = {p: p.stat().st_mtime_ns for p in (out / "tokens").glob("*.parquet")}
    t0 = time.perf_counter()
    again = run(raw_dir, out, workers=1)
    assert again.processed == 0 and again.unchanged == 1
    assert time.perf_counter() - t0 < 5
    assert before == {p: p.stat().st_mtime_ns for p in (out / "tokens").glob("*.parquet")}


def test_touching_one_file_reprocesses_it_alone(raw_dir, tmp_path):
    add(raw_dir, "second.txt", "二つ目の号です。")
    out = tmp_path / "out"
    assert run(raw_dir, out, workers=1).processed == 2
    path = raw_dir / "second.txt"
    os.utime(path, ns=(time.time_ns(), time.time_ns()))
    again = run(raw_dir, out, workers=1)
    assert (again.processed, again.unchanged) == (1, 1)


def test_a_file_removed_from_raw_loses_its_rows(raw_dir, tmp_path):
    add(raw_dir, "second.txt", "二つ目の号です。")
    out = tmp_path / "out"
    run(raw_dir, out, workers=1)
    (raw_dir / "second.txt").unlink()
    summary = run(raw_dir, out, workers=1)
    assert summary.removed == 1
    assert set(table(out, "documents").doc_id) == {"aist_tohoku_newsletter_2005_01"}
    assert set(table(out, "tokens").doc_id) == {"aist_tohoku_newsletter_2005_01"}


def test_a_new_pipeline_version_reprocesses_everything(raw_dir, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run(raw_dir, out, workers=1)
    monkeypatch.setattr(runner, "pipeline_version", lambda: "9.9.9+test")
    assert run(raw_dir, out, workers=1).processed == 1


def test_force_reprocesses_everything(raw_dir, tmp_path):
    out = tmp_path / "out"
    run(raw_dir, out, workers=1)
    assert run(raw_dir, out, workers=1, force=True).processed == 1


BAD_INPUTS = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"  \n\n\t \r\n", "only whitespace"),
    "binary.txt": (bytes(range(256)) * 64, "NUL byte"),
    "undecodable.txt": (b"\x81\xff\xfd\xfe caf\xe9 \xfe\xfd" * 20, "undecodable"),
    "nul.txt": ("本文\x00です".encode(), "NUL byte"),
}


def test_bad_inputs_become_error_rows_and_the_rest_is_processed(raw_dir, tmp_path):
    for name, (data, _) in BAD_INPUTS.items():
        (raw_dir / name).write_bytes(data)
    big = raw_dir / "huge.txt"
    with open(big, "wb") as fh:  # 50 MB of text: over the default size limit
        fh.write(("大きなファイルです。\n" * 1000).encode() * 1700)
    out = tmp_path / "out"
    summary = run(raw_dir, out, workers=1)
    assert summary.processed == 1
    errors = table(out, "errors").set_index("source_path")
    for name, (_, message) in BAD_INPUTS.items():
        assert message in errors.loc[name, "message"], name
    assert "MB limit" in errors.loc["huge.txt", "message"]
    assert set(table(out, "documents").doc_id) == {"aist_tohoku_newsletter_2005_01"}
    # An unchanged bad file is not retried, and its errors row stays.
    again = run(raw_dir, out, workers=1)
    assert again.processed == 0 and len(table(out, "errors")) == len(BAD_INPUTS) + 1
    # Fixing a file clears its error.
    (raw_dir / "empty.txt").write_text("直しました。", encoding="utf-8")
    run(raw_dir, out, workers=1)
    assert "empty.txt" not in set(table(out, "errors").source_path)
    assert "empty" in set(table(out, "documents").doc_id)


def test_a_file_that_vanishes_during_the_run(raw_dir, tmp_path, monkeypatch):
    doomed = add(raw_dir, "doomed.txt", "消えるファイル。")
    real = worker._prepare

    def delete_then_read(src, *args):
        if src.source_path == "doomed.txt":
            doomed.unlink()
        return real(src, *args)

    monkeypatch.setattr(worker, "_prepare", delete_then_read)
    out = tmp_path / "out"
    summary = run(raw_dir, out, workers=1, in_process=True)  # the patch lives in this process
    assert summary.processed == 1 and summary.failed == 1
    errors = table(out, "errors")
    assert errors.source_path.tolist() == ["doomed.txt"]
    assert "vanished" in errors.message[0]
    monkeypatch.undo()
    assert run(raw_dir, out, workers=1).removed == 1
    assert table(out, "errors").empty


def test_a_crash_inside_a_stage_is_an_error_row_naming_the_stage(raw_dir, tmp_path, monkeypatch):
    from pipeline.stages import run as stages

    def broken(doc, opts):
        raise RuntimeError("boom")

    monkeypatch.setattr(stages, "STAGES", [("tokens", broken)])
    out = tmp_path / "out"
    summary = run(raw_dir, out, workers=1, in_process=True)  # the patch lives in this process
    assert summary.failed == 1
    row = table(out, "errors").iloc[0]
    assert (row.stage, row.error) == ("tokens", "RuntimeError")


def _source(raw: Path, name: str) -> worker.Source:
    path = raw / name
    st = path.stat()
    return worker.Source(str(path), name, path.stem, st.st_size, st.st_mtime_ns)


def test_a_bundle_converts_its_issues_together_and_a_bad_one_alone_fails(tmp_path, monkeypatch):
    # The documents of a bundle of small issues are converted to tables together; when one
    # document's rows cannot be converted, that document alone is an error at the tables
    # stage, and the others are written.
    from pipeline.stages import run as stages

    raw = tmp_path / "raw"
    for k in range(4):
        add(raw, f"issue{k}.txt", f"第{k}号\n東北経済産業局は平成17年1月{k + 1}日に説明会を開催します。\n")
    sources = [_source(raw, f"issue{k}.txt") for k in range(4)]
    real = stages.table_columns

    def one_bad(doc, opts):
        cols = real(doc, opts)
        if doc.doc_id == "issue2":
            cols["blocks"]["block_id"] = ["not a number"] * len(cols["blocks"]["doc_id"])
        return cols

    monkeypatch.setattr(stages, "table_columns", one_bad)
    results = worker.process_batch(sources, str(tmp_path / "out"), 10**6)
    assert [(r.doc_id, r.status, r.stage) for r in results] == [
        ("issue0", "ok", None),
        ("issue1", "ok", None),
        ("issue2", "error", "tables"),
        ("issue3", "ok", None),
    ]
    pending = next((tmp_path / "out" / "documents").glob("*"))
    assert pd.read_parquet(pending).doc_id.tolist() == ["issue0", "issue1", "issue3"]


def test_a_document_whose_entities_fail_inside_a_bundle_fails_alone(tmp_path, monkeypatch):
    # the group's entities stage runs at once; when it fails, each document runs its own
    from pipeline.entities import finder

    real = finder.find_dates

    def breaks_on_one(text, *args, **kwargs):
        if "壊れた号" in text:
            raise ValueError("a date finder bug")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(finder, "find_dates", breaks_on_one)
    raw = tmp_path / "raw"
    for k, text in enumerate(
        ["第1号 平成17年1月25日発行", "壊れた号 平成17年2月1日", "第3号 平成17年3月1日発行"]
    ):
        add(raw, f"issue{k}.txt", text)
    results = worker.process_batch(
        [_source(raw, f"issue{k}.txt") for k in range(3)], str(tmp_path / "out"), 10**6
    )
    assert [(r.doc_id, r.status, r.stage) for r in results] == [
        ("issue0", "ok", None),
        ("issue1", "error", "entities"),
        ("issue2", "ok", None),
    ]


@pytest.mark.parametrize("group_bytes", [10**6, 1])  # the bundle in one group, or a group per file
def test_a_bundle_writes_the_rows_its_documents_give_one_by_one(raw_dir, tmp_path, monkeypatch, group_bytes):
    monkeypatch.setattr(worker, "GROUP_BYTES", group_bytes)
    # stage by stage (tokenised together, converted together) or one document at a time: the
    # same rows, in the documents' order
    raw = tmp_path / "raw"
    texts = [
        "第1号\n東北経済産業局は平成17年1月25日に説明会を開催しました。",
        "室長 千葉 康典\n連絡先 Tel: 022-221-4897",
        (raw_dir / "aist_tohoku_newsletter_2005_01.txt").read_text(encoding="utf-8"),
        "",
    ]
    for k, text in enumerate(texts):
        add(raw, f"issue{k}.txt", text)
    sources = [_source(raw, f"issue{k}.txt") for k in range(len(texts))]
    worker.process_batch(sources, str(tmp_path / "together"), 10**7)
    for src in sources:
        worker.process_file(src, str(tmp_path / "alone"), 10**7)
    for name in ("documents", "tokens", "entities", "people", "dates", "blocks"):
        together = pd.read_parquet(next((tmp_path / "together" / name).glob("*")))
        alone = pd.concat(
            [pd.read_parquet(p) for p in sorted((tmp_path / "alone" / name).glob("*"))], ignore_index=True
        )
        key = [c for c in ("doc_id", "start", "entity_id", "i") if c in together.columns]
        together = together.drop(columns="pipeline_version", errors="ignore").sort_values(key, kind="stable")
        alone = alone.drop(columns="pipeline_version", errors="ignore").sort_values(key, kind="stable")
        assert together.reset_index(drop=True).equals(alone.reset_index(drop=True)), name


def test_a_second_run_on_the_same_output_is_refused(raw_dir, tmp_path):
    out = tmp_path / "out"
    with store.locked(out):
        with pytest.raises(store.LockedError, match="another run"):
            run(raw_dir, out, workers=1)


def test_parallel_and_serial_runs_write_identical_tables(raw_dir, tmp_path):
    for i in range(3):
        add(raw_dir, f"issue{i}.txt", f"第{i}号。東北経済産業局の記事です。平成1{i}年度の計画。\n")
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    run(raw_dir, serial, workers=1)
    run(raw_dir, parallel, workers=2)
    for name in store.TABLES:
        a, b = table(serial, name), table(parallel, name)
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    for part in (serial / "tokens").glob("*.parquet"):
        assert part.read_bytes() == (parallel / "tokens" / part.name).read_bytes()


def test_a_missing_raw_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        run(tmp_path / "nowhere", tmp_path / "out")


def test_lines_repeated_across_the_batch_are_boilerplate(tmp_path):
    raw = tmp_path / "raw"
    for i in range(4):
        add(
            raw,
            f"issue{i}.txt",
            f"東北ニュース第{i}号\n本文{i}です。今回は{i}件の記事がある。\n購読のご案内はこちら\n",
        )
    out = tmp_path / "out"
    run(raw, out, workers=1)
    blocks = table(out, "blocks")
    chrome = blocks[blocks.text == "購読のご案内はこちら"]
    assert len(chrome) == 4 and set(chrome.kind) == {"boilerplate"}
    assert "boilerplate" not in set(blocks[blocks.text.str.startswith("本文")].kind)


def test_a_document_that_takes_too_long_is_given_up_with_an_error_row(raw_dir, tmp_path, monkeypatch):
    from pipeline.stages import run as stages

    def endless(doc, opts):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(stages, "STAGES", [("structure", endless)])
    out = tmp_path / "out"
    summary = run(raw_dir, out, workers=1, time_limit=0.5, in_process=True)  # patched here
    assert summary.failed == 1
    row = table(out, "errors").iloc[0]
    assert (row.stage, row.error) == ("structure", "DocumentTimeout")
    assert "time limit" in row.message


def test_a_new_issue_that_makes_a_line_page_chrome_redoes_the_older_issues(tmp_path):
    raw = tmp_path / "raw"
    for i in range(2):
        add(raw, f"issue{i}.txt", f"購読のご案内はこちら\n本文{i}です。\n")
    out = tmp_path / "out"
    run(raw, out, workers=1)  # two issues: too few to call anything page chrome
    assert "boilerplate" not in set(table(out, "blocks").kind)
    for i in range(2, 4):
        add(raw, f"issue{i}.txt", f"購読のご案内はこちら\n本文{i}です。\n")
    summary = run(raw, out, workers=1)
    assert summary.processed == 4  # the two new ones and the two whose line became chrome
    chrome = table(out, "blocks").query("text == '購読のご案内はこちら'")
    assert set(chrome.kind) == {"boilerplate"} and len(chrome) == 4


def test_one_worker_is_a_process_of_its_own_without_pandas(raw_dir, tmp_path):
    # pandas stays out of workers (pyarrow would import it: ~50 MB); the driver may use it.
    summary = run(raw_dir, tmp_path / "out", workers=1)
    assert summary.where == "local pool" and summary.processed == 1 and summary.failed == 0


def test_in_process_runs_the_stages_here(raw_dir, tmp_path):
    summary = run(raw_dir, tmp_path / "out", workers=1, in_process=True)
    assert summary.where == "in-process" and summary.processed == 1


def test_pool_workers_refuse_pandas():
    import subprocess
    import sys

    code = (
        "import sys; from pipeline.runner.worker import _init_worker; _init_worker(); "
        "import pyarrow as pa; pa.array([1, None]); "
        "ok = 'pandas' not in sys.modules\n"
        "try:\n import pandas\nexcept ImportError:\n print(ok)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_a_command_line_run_loads_no_pandas(tmp_path):
    # The driver of `python -m pipeline run` makes no DataFrame; without the refusal pyarrow
    # would import pandas for its manifest and organizations table.  Called from Python,
    # the command line leaves the caller's process alone.
    import subprocess
    import sys

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("東北経済産業局は仙台市にある。\n", encoding="utf-8")
    run = ["run", "--raw", str(raw), "--output", str(tmp_path / "out"), "--workers", "1"]
    code = (
        "import runpy, sys; sys.argv = ['pipeline', *sys.argv[1:]]\n"
        "try:\n runpy.run_module('pipeline', run_name='__main__')\n"
        "except SystemExit as exc:\n print(exc.code, 'pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, *run], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0 False"
    assert (tmp_path / "out" / "organizations" / "organizations.parquet").exists()
    code = "import sys; from pipeline.surfaces.cli import main; main(sys.argv[1:]); import pandas; print(pandas.__name__)"
    out = subprocess.run(
        [sys.executable, "-c", code, *run, "--force"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "pandas"


def test_a_bundle_that_cannot_be_finished_leaves_the_previous_files_and_no_temporary_ones(
    tmp_path, monkeypatch
):
    import pyarrow.parquet as pq

    from pipeline.document.model import Document
    from pipeline.stages.run import Options, process_in_pieces

    def pieces(text):
        return list(process_in_pieces(Document("issue", text), Options()))

    writer = store.BundleWriter(tmp_path)
    for tables in pieces("東北経済産業局は平成17年1月25日に説明会を開催します。"):
        writer.add(tables)
    writer.done("issue")
    writer.close("b-issue")
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*.parquet")}
    assert before

    calls, close = [0], pq.ParquetWriter.close

    def failing_close(self):  # a full disk while the second file's footer is written
        calls[0] += 1
        close(self)
        if calls[0] == 2:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(pq.ParquetWriter, "close", failing_close)
    writer = store.BundleWriter(tmp_path)
    for tables in pieces("仙台市の株式会社テストが新製品を発表した。"):
        writer.add(tables)
    writer.done("issue")
    with pytest.raises(OSError, match="No space"):
        writer.close("b-issue")
    assert {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*.parquet")} == before
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_ctrl_c_waits_until_the_document_in_hand_is_recorded():
    import signal

    from pipeline.runner.run import _CtrlC

    guard = _CtrlC()
    with guard:
        with guard.held():
            os.kill(os.getpid(), signal.SIGINT)  # arrives while a result is being recorded
            recorded = True  # the block goes on to its end
        assert recorded and guard.pending
        with pytest.raises(KeyboardInterrupt):
            guard.raise_pending()  # then the run stops
    assert signal.getsignal(signal.SIGINT) is not guard._handler  # the old handler is back
