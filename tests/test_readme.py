"""The README's example queries run against the seed's tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.runner.run import run
from pipeline.surfaces.query import run_query

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_queries() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- queries -->", 1)[1].split("<!-- /queries -->", 1)[0]
    return re.findall(r"```sql\n(.*?)```", block, flags=re.S)


def test_the_readme_has_three_example_queries():
    assert len(readme_queries()) == 3


@pytest.fixture(scope="module")
def seed_output(tmp_path_factory):
    import shutil

    from conftest import SEED

    root = tmp_path_factory.mktemp("readme")
    (root / "raw").mkdir()
    shutil.copy(SEED, root / "raw" / SEED.name)
    run(root / "raw", root / "out", workers=1)
    return root / "out"


@pytest.mark.parametrize("k", range(3))
def test_each_example_query_runs_on_the_seed(seed_output, k):
    result = run_query(readme_queries()[k], seed_output)
    assert result.strip() and "Empty" not in result  # every example finds rows on the seed


def test_the_contact_directory_query_finds_the_seed_contact(seed_output):
    result = run_query(readme_queries()[1], seed_output)
    assert "+81222631167" in result and "thk-sangaku@meti.go.jp" in result
