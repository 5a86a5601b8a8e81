"""A researcher's first hour, as a spec: the project is installed in the venv, a plain script
runs the pipeline, tables read back with the right types, a typo in a folder is an error,
queries print whole cells in three formats, Ctrl-C stops cleanly and loses nothing, logs get
progress lines, errors describe raw/ as it is now, and the command line explains itself."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.runner import progress
from pipeline.surfaces.cli import main as cli

PY = sys.executable
CONSOLE = Path(PY).parent / "newsletter-pipeline"


def write(raw: Path, name: str, text: str) -> None:
    path = raw / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_package_is_installed_in_the_venv_and_imports_from_any_folder(tmp_path):
    done = subprocess.run(
        [PY, "-c", "import pipeline; print(pipeline.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    assert done.returncode == 0, done.stderr
    assert CONSOLE.exists()
    helped = subprocess.run([str(CONSOLE), "--help"], cwd=tmp_path, capture_output=True, text=True)
    assert helped.returncode == 0 and "run" in helped.stdout and "report" in helped.stdout


@pytest.mark.slow
def test_a_plain_script_with_no_main_guard_runs_the_pipeline(tmp_path):
    write(tmp_path / "raw", "a.txt", "平成17年1月25日、東北経済産業局で説明会を開催しました。\n")
    write(tmp_path / "raw", "b.txt", "室長 千葉 康典\n")
    script = tmp_path / "analyse.py"
    script.write_text(
        "import pipeline\nsummary = pipeline.run('raw', 'out', workers=2)\n"
        "print('processed', summary.processed)\n",
        encoding="utf-8",
    )
    done = subprocess.run([PY, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "processed 2" in done.stdout and "bootstrapping" not in done.stderr


def test_integer_columns_read_back_as_integers_with_plain_pandas_and_duckdb(tmp_path, raw_dir):
    import duckdb

    pipeline.run(str(raw_dir), str(tmp_path / "out"), workers=1, in_process=True)
    dates = pd.read_parquet(tmp_path / "out" / "dates")
    assert {str(dates[c].dtype) for c in ("era_year", "month", "day")} == {"Int32"}
    assert str(dates["valid"].dtype) == "boolean"
    assert str(pd.read_parquet(tmp_path / "out" / "blocks")["article_id"].dtype) == "Int32"
    assert str(pd.read_parquet(tmp_path / "out" / "entities")["sentence_id"].dtype) == "Int32"
    kind = duckdb.sql(f"select typeof(month) from read_parquet('{tmp_path}/out/dates/*.parquet') limit 1")
    assert kind.fetchall()[0][0] == "INTEGER"


def test_a_missing_output_folder_is_an_error_naming_it(tmp_path, capsys):
    missing = str(tmp_path / "outptu")
    for command in (
        ["query", "select 1", "--output", missing],
        ["report", "--output", missing],
        ["status", "--output", missing],
    ):
        assert cli(command) == 2
        assert "outptu" in capsys.readouterr().err
    assert not Path(missing).exists()


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("first_hour")
    write(base / "raw", "a.txt", "平成17年1月25日、東北経済産業局で説明会を開催しました。\n")
    write(base / "raw", "bad.txt", "")  # an empty file is rejected
    pipeline.run(str(base / "raw"), str(base / "out"), workers=1, in_process=True)
    return base / "out"


def test_query_prints_whole_cells_and_csv_and_json(output, capsys):
    sql = "select doc_id, text from sentences order by sentence_id limit 1"
    assert cli(["query", sql, "--output", str(output)]) == 0
    assert "平成17年1月25日、東北経済産業局で説明会を開催しました。" in capsys.readouterr().out  # not cut
    assert cli(["query", sql, "--output", str(output), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "doc_id,text" and lines[1].startswith("a,平成17年")
    assert cli(["query", sql, "--output", str(output), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["doc_id"] == "a"


def test_errors_describe_raw_as_it_is_now(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw, "good.txt", "本日は晴天です。\n")
    write(raw, "bad.txt", "")
    first = pipeline.run(str(raw), str(out), workers=1, in_process=True)
    assert first.failed == len(first.errors) == 1  # the count and the lines agree
    again = pipeline.run(str(raw), str(out), workers=1, in_process=True)
    assert again.still_failing == 1 and "1 still failing" in str(again)
    (raw / "bad.txt").unlink()
    pipeline.run(str(raw), str(out), workers=1, in_process=True)
    assert pipeline.read_table("errors", str(out)).empty


def test_a_log_gets_a_progress_line_every_few_seconds(tmp_path, capsys, monkeypatch):
    for k in range(3):
        write(tmp_path / "raw", f"{k}.txt", "本日は晴天です。\n")
    monkeypatch.setattr(progress.Progress, "LOG_EVERY", 0.0)  # a line per file instead of every 10 s
    pipeline.run(str(tmp_path / "raw"), str(tmp_path / "out"), workers=1, in_process=True, progress=True)
    lines = [x for x in capsys.readouterr().err.splitlines() if "files" in x]
    assert len(lines) == 3 and "chars/s" in lines[-1] and "ETA" in lines[-1] and "\r" not in lines[-1]


@pytest.mark.slow
def test_ctrl_c_stops_with_one_line_and_no_finished_document_is_redone(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    n = 300
    for k in range(n):
        write(
            raw,
            f"{k:03d}.txt",
            f"第{k}回の会議を平成17年1月25日に開催しました。東北経済産業局が主催しました。\n" * 20,
        )
    proc = subprocess.Popen(
        [PY, "-m", "pipeline", "run", "--raw", str(raw), "--output", str(out), "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    journal = out / ".journal.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not journal.exists() or journal.read_text().count("\n") < 20):
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    stop = [x for x in err.splitlines() if x.strip()]
    assert len(stop) == 1 and stop[0].startswith("interrupted:") and "run the same command again" in stop[0]
    finished = int(stop[0].split()[1])
    assert 0 < finished < n
    second = pipeline.run(str(raw), str(out), workers=1, in_process=True, progress=False)
    assert second.processed == n - finished  # nothing finished before Ctrl-C is done again
    assert len(pipeline.read_table("documents", str(out))) == n


def test_cli_help_lists_every_command_and_every_default(capsys):
    with pytest.raises(SystemExit):
        cli(["--help"])
    top = capsys.readouterr().out
    for command in ("run", "status", "query", "report", "bench", "dictionary"):
        assert command in top
    assert "`" not in top
    with pytest.raises(SystemExit):
        cli(["run", "--help"])
    help_run = " ".join(capsys.readouterr().out.split())
    for option, default in (("--raw", "raw"), ("--output", "output"), ("--max-mb", "32")):
        assert f"(default: {default})" in help_run.split(option, 2)[-1], option
