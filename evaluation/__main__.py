"""`make eval`: every evaluation, one after another; with ``--json``, the figures the README
shows (each topic's ``headline``) and every topic's full result, in one JSON file.

Each topic module has ``main(argv)``, which prints its own table and returns its result,
and ``headline(result)``, the rows the README's table of figures shows (``python -m
pipeline figures`` writes them there).  A topic whose module is missing or whose evaluation
set is absent is reported, not fatal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import pathlib
import sys
import time

TOPICS = ["spacing", "dates", "contacts", "orgs", "ner", "structure"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=pathlib.Path, default=pathlib.Path("../shared/eval"))
    parser.add_argument("--only", nargs="*", default=None, help="topics to run (default: all)")
    parser.add_argument("--json", type=pathlib.Path, default=None, help="write the figures here")
    args = parser.parse_args(argv)
    failed = []
    out: dict = {"eval_dir": str(args.eval_dir), "date": dt.datetime.now().isoformat(timespec="minutes")}
    topics: dict = out.setdefault("topics", {})
    for topic in args.only or TOPICS:
        print(f"\n=== {topic} " + "=" * (70 - len(topic)))
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"evaluation.{topic}")
        except ModuleNotFoundError as exc:
            print(f"(no evaluation for {topic}: {exc})")
            continue
        try:
            result = module.main(["--eval-dir", str(args.eval_dir)])
            topics[topic] = {"headline": module.headline(result), "result": result}
        except Exception as exc:  # noqa: BLE001 - one broken evaluation must not hide the others
            failed.append(topic)
            print(f"evaluation {topic} failed: {type(exc).__name__}: {exc}")
        print(f"({topic}: {time.perf_counter() - t0:.1f}s)")
    if args.json is not None:
        args.json.write_text(
            json.dumps(out, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8"
        )
        print(f"\nwrote {args.json}")
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
