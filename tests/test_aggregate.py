"""The organizations table: one row per organisation across documents, with its hierarchy."""

from __future__ import annotations

import shutil

import pandas as pd
from conftest import SEED

from pipeline.runner.run import run


def chain(orgs: pd.DataFrame, name: str) -> list[str]:
    by_id = orgs.set_index("org_id")
    row = orgs[orgs.name == name].iloc[0]
    out = [row["name"]]
    while isinstance(row["parent_org_id"], str):
        row = by_id.loc[row["parent_org_id"]]
        out.append(row["name"])
    return out


def test_seed_organisations_have_their_hierarchy_and_counts(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    shutil.copy(SEED, raw / "second_copy.txt")  # the same organisations in two issues
    run(raw, tmp_path / "out", workers=1)
    orgs = pd.read_parquet(tmp_path / "out" / "organizations")
    assert orgs.org_id.is_unique
    assert chain(orgs, "産学官連携推進室")[-1] == "東北経済産業局"
    assert chain(orgs, "中小企業基盤整備機構東北支部") == [
        "中小企業基盤整備機構東北支部",
        "中小企業基盤整備機構",
    ]
    kiko = orgs[orgs.name == "中小企業基盤整備機構"].iloc[0]
    assert kiko.n_docs == 2 and "中小機構" in list(kiko.aliases)
    assert set(orgs.parent_org_id.dropna()) <= set(orgs.org_id)  # every parent joins


def test_an_incremental_run_counts_the_documents_it_did_not_process(tmp_path):
    # The runner reads each finished document's parts as it goes; the ones it skipped as
    # unchanged are read at the end, so the table is the one a clean run writes.
    from pipeline.runner.aggregate import organizations_table

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    run(raw, tmp_path / "out", workers=1)
    shutil.copy(SEED, raw / "second_copy.txt")
    summary = run(raw, tmp_path / "out", workers=1)
    assert summary.processed == 1 and summary.unchanged == 1
    orgs = pd.read_parquet(tmp_path / "out" / "organizations")
    kiko = orgs[orgs.name == "中小企業基盤整備機構"].iloc[0]
    assert kiko.n_docs == 2
    from pipeline.tables.schema import to_pandas  # the types files carry for pandas (Int64 …)

    assert (
        orgs.sort_values("org_id")
        .reset_index(drop=True)
        .equals(to_pandas(organizations_table(tmp_path / "out")).sort_values("org_id").reset_index(drop=True))
    )
