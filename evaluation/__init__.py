"""Evaluation scripts: figures on the shared evaluation sets, printed by `make eval`."""
