"""The README's tables of current figures are written from bench.json and eval.json, in place
between their markers, and show each target as met or not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.surfaces.figures import bench_rows, eval_rows, replace_block, table, update_readme

ROOT = Path(__file__).resolve().parents[1]

BENCH = {
    "corpus": "../shared/bench/corpus.txt.gz",
    "chars": 1000,
    "cores": 2,
    "repeat": 3,
    "documents": 4,
    "bare_fugashi": {"chars_per_s": 1_000_000.0},
    "full_1w": {
        "ratio_to_bare": 0.24,
        "chars_per_s": 240_000.0,
        "peak_worker_rss_mb": 390.0,
        "ratio_runs": [0.23, 0.24, 0.26],
    },
    "full_2w": {"scaling": 1.8, "chars_per_s": 432_000.0},
}


def test_bench_rows_say_which_targets_are_met():
    rows = bench_rows(BENCH)
    ratio = next(r for r in rows if r["measure"].startswith("whole pipeline, 1 worker: × bare"))
    assert ratio["figure"].startswith("0.240") and ratio["met"] is False
    assert "0.230, 0.240, 0.260" in ratio["measure"]
    assert next(r for r in rows if r["measure"].startswith("whole pipeline, 2 workers"))["met"] is True
    assert next(r for r in rows if "peak worker memory" in r["measure"])["met"] is True


def test_eval_rows_are_the_topics_headlines():
    e = {
        "topics": {
            "dates": {
                "headline": [{"measure": "era edge", "figure": "97/97", "target": "97/97", "met": True}]
            }
        }
    }
    assert eval_rows(e) == [{"measure": "dates: era edge", "figure": "97/97", "target": "97/97", "met": True}]


def test_table_marks_a_missed_target_and_escapes_pipes():
    md = table([{"measure": "a|b", "figure": "1", "target": ">= 2", "met": False}])
    assert md.splitlines()[2] == "| a\\|b | 1 | >= 2 | **no** |"


def test_only_the_text_between_the_markers_changes():
    readme = "intro\n<!-- figures:bench -->\nold\n<!-- /figures:bench -->\noutro\n"
    assert (
        replace_block(readme, "bench", "new")
        == "intro\n<!-- figures:bench -->\nnew\n<!-- /figures:bench -->\noutro\n"
    )
    with pytest.raises(ValueError):
        replace_block("no markers", "bench", "new")


def test_update_readme_is_idempotent_and_skips_missing_files(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "<!-- figures:bench -->\n<!-- /figures:bench -->\n<!-- figures:eval -->\nkept\n<!-- /figures:eval -->\n"
    )
    bench = tmp_path / "bench.json"
    bench.write_text(json.dumps(BENCH))
    assert update_readme(readme, bench=bench, evaluation=tmp_path / "missing.json") == ["bench"]
    once = readme.read_text()
    update_readme(readme, bench=bench)
    assert readme.read_text() == once
    assert "0.240" in once and "kept" in once


def test_the_repository_readme_has_both_tables():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("bench", "eval"):
        assert f"<!-- figures:{name} -->" in text and f"<!-- /figures:{name} -->" in text
