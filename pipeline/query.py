"""SQL over the tables with DuckDB: one view per table, named like the table."""

from __future__ import annotations

from pathlib import Path

from pipeline.tables import TABLES


def connect(output: str | Path = "output"):
    """A DuckDB connection with a view for every table under ``output``."""
    import duckdb

    con = duckdb.connect()
    for name in TABLES:
        folder = Path(output) / name
        if any(folder.glob("*.parquet")):
            pattern = str(folder / "*.parquet").replace("'", "''")
            con.execute(f"create view {name} as select * from read_parquet('{pattern}', union_by_name=true)")
    return con


def run_query(sql: str, output: str | Path = "output") -> str:
    """Run one statement and return the result as text."""
    con = connect(output)
    rel = con.sql(sql)
    if rel is None:
        return "ok"
    return str(rel.df().to_string(max_rows=200, max_colwidth=60))
