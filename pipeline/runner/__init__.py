"""Runs over raw/: planning, processes and Dask (run), the worker side (worker), progress, the pipeline version."""
