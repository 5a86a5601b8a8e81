"""Shared fixtures: the repository paths and a seed copy in a temporary raw/ folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "raw" / "aist_tohoku_newsletter_2005_01.txt"
SAMPLES = REPO.parent / "shared" / "samples"


@pytest.fixture()
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture()
def raw_dir(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    return raw


def seed_repaired() -> str:
    """The seed page with its in-word spaces removed by hand (bylines and the parent/unit
    space keep theirs); evaluation/orgs.py reads the same file."""
    return (REPO / "tests" / "fixtures" / "seed_repaired.txt").read_text(encoding="utf-8")
