"""The table contract (schema), the rows built from a document (rows), the parquet store (store) and the tables across documents (aggregate)."""
