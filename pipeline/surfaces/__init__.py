"""What users call: the CLI, the report, the query helpers, the spaCy integration, the benchmark and the figures in the README."""
