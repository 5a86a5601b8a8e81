"""`make eval`: every evaluation, one after another, and all figures as JSON at the end.

Each topic module has ``main(argv)`` printing its own table; a topic whose module is
missing or whose evaluation set is absent is reported, not fatal.
"""

from __future__ import annotations

import argparse
import importlib
import pathlib
import sys
import time

TOPICS = ["spacing", "dates", "contacts", "orgs", "ner", "structure"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=pathlib.Path, default=pathlib.Path("../shared/eval"))
    parser.add_argument("--only", nargs="*", default=None, help="topics to run (default: all)")
    args = parser.parse_args(argv)
    failed = []
    for topic in args.only or TOPICS:
        print(f"\n=== {topic} " + "=" * (70 - len(topic)))
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"evaluation.{topic}")
        except ModuleNotFoundError as exc:
            print(f"(no evaluation for {topic}: {exc})")
            continue
        try:
            module.main(["--eval-dir", str(args.eval_dir)])
        except Exception as exc:  # noqa: BLE001 - one broken evaluation must not hide the others
            failed.append(topic)
            print(f"evaluation {topic} failed: {type(exc).__name__}: {exc}")
        print(f"({topic}: {time.perf_counter() - t0:.1f}s)")
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
