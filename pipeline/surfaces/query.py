"""SQL over the tables with DuckDB: one view per table, named like the table."""

from __future__ import annotations

from pathlib import Path

from pipeline.tables.schema import TABLES


def connect(output: str | Path = "output"):
    """A DuckDB connection with a view for every table under ``output`` (which must exist)."""
    import duckdb

    from pipeline.tables.store import require_output

    require_output(output)
    con = duckdb.connect()
    for name in TABLES:
        folder = Path(output) / name
        if any(folder.glob("*.parquet")):
            pattern = str(folder / "*.parquet").replace("'", "''")
            con.execute(f"create view {name} as select * from read_parquet('{pattern}', union_by_name=true)")
    return con


def run_query(sql: str, output: str | Path = "output", fmt: str = "table") -> str:
    """Run one statement and return the result as text: an aligned table with whole cells,
    CSV (with a header) or JSON (one object per row, in a list)."""
    return _as_text(connect(output).sql(sql), fmt)


def _as_text(rel, fmt: str = "table") -> str:
    """A statement's result (None for a statement without rows) as text in the format ``fmt``."""
    if rel is None:
        return "ok"
    df = rel.df()
    if fmt == "csv":
        return df.to_csv(index=False).rstrip("\n")
    if fmt == "json":
        return df.to_json(orient="records", force_ascii=False, date_format="iso", indent=1)
    return df.to_string(index=False, max_rows=200, max_colwidth=None, na_rep="")  # null: an empty cell


def shell(output: str | Path = "output") -> None:
    """A minimal interactive SQL prompt over the tables (statements end with ';')."""
    con = connect(output)
    print(
        f"DuckDB over {output}: tables {', '.join(sorted(TABLES))}. End statements with ';', "
        "quit with Ctrl-D."
    )
    buffer = ""
    while True:
        try:
            line = input("sql> " if not buffer else "...> ")
        except EOFError:
            print()
            return
        buffer += line + "\n"
        if not buffer.rstrip().endswith(";"):
            continue
        try:
            print(_as_text(con.sql(buffer)))
        except Exception as exc:  # noqa: BLE001 - a typo must not end the session
            print(f"error: {exc}")
        buffer = ""
