"""The pipeline version: package version plus a hash of the code and data that make rows.

Editing a pattern file or a stage changes the version, so the next run reprocesses every
document instead of mixing rows made by two different pipelines.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

__version__ = "0.1.0"


# Modules that drive or present the pipeline but make no rows: editing them must not force
# every document to be reprocessed.
_NOT_ROWS = frozenset(
    {
        "__main__.py",
        "cli.py",
        "runner.py",
        "worker.py",
        "progress.py",
        "bench.py",
        "figures.py",
        "query.py",
        "report.py",
        "spacy_nlp.py",
        "store.py",
        "warmup_page.txt",
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


def _files(folder):
    for entry in folder.iterdir():
        if entry.name.startswith((".", "__pycache__", "report")) or entry.name in _NOT_ROWS:
            continue
        if entry.is_dir():
            yield from _files(entry)
        elif entry.name.endswith(
            (".py", ".txt", ".json", ".tsv", ".csv", ".jsonl", ".pkl", ".bin", ".model", ".npz")
        ):
            yield entry
