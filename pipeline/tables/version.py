"""The pipeline version: package version plus a hash of the code and data that make rows.

Editing a pattern file or a stage changes the version, so the next run reprocesses every
document instead of mixing rows made by two different pipelines.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

__version__ = "0.1.0"


# What drives or presents the pipeline but makes no rows (paths under pipeline/): editing it
# must not force every document to be reprocessed.
_NOT_ROWS = frozenset(
    {
        "__main__.py",
        "surfaces",
        "runner/run.py",
        "runner/worker.py",
        "runner/progress.py",
        "tables/store.py",
        "data/warmup_page.txt",
        "data/report.css",
    }
)


@cache
def pipeline_version() -> str:
    """The package version plus a hash of the code and data that make rows, and of the
    dictionary's identity (pipeline.text.tagger.dictionary_identity)."""
    from pipeline.text.tagger import dictionary_identity

    digest = hashlib.sha256()
    digest.update(dictionary_identity().encode())
    root = resources.files("pipeline")
    for path in sorted(_files(root), key=lambda p: str(p)):
        digest.update(str(path.relative_to(root) if hasattr(path, "relative_to") else path).encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def _files(folder, prefix: str = ""):
    for entry in folder.iterdir():
        rel = prefix + entry.name
        if entry.name.startswith((".", "__pycache__")) or rel in _NOT_ROWS:
            continue
        if entry.is_dir():
            yield from _files(entry, rel + "/")
        elif entry.name.endswith(
            (".py", ".txt", ".json", ".tsv", ".csv", ".jsonl", ".pkl", ".bin", ".model", ".npz")
        ):
            yield entry
