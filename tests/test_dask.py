"""The same run on a Dask cluster writes the same tables as a local run."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.runner.run import run
from pipeline.tables import store

pytestmark = pytest.mark.slow  # make test-fast leaves these out

distributed = pytest.importorskip("distributed")


def test_a_local_dask_cluster_gives_the_local_tables(raw_dir, tmp_path):
    for i in range(3):
        (raw_dir / f"issue{i}.txt").write_text(f"第{i}号。平成1{i}年度の東北経済産業局。\n", encoding="utf-8")
    local, cluster = tmp_path / "local", tmp_path / "cluster"
    run(raw_dir, local, workers=1)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as lc:
        summary = run(raw_dir, cluster, scheduler=lc.scheduler_address)
    assert summary.processed == 4 and summary.where.startswith("dask")
    for name in store.TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(local / name), pd.read_parquet(cluster / name))
