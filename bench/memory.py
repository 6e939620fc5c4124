"""Peak memory of scoring one pathological article, each in its own process.

    python bench/memory.py [--only NAME,...] [--max-chars N] [--limit-mb 1024]

Each case builds one article in memory (no file is kept), scores it with
:func:`analysis.score_batch` in a fresh Python process and prints that process's peak
resident set size (``ru_maxrss``), beside the peak of the same process after importing
the package and scoring a two-sentence article (the baseline every run pays). Cases:

* ``nopunct_1mb`` / ``nopunct_10mb``: words with no punctuation and no line break;
* ``us_1mb`` / ``us_10mb``: ``"U.S. "`` repeated (a candidate break every five characters);
* ``actors_20k``: one sentence naming actors 20,000 times (``Turkey and Russia and ...``);
* ``negators_1mb`` / ``negators_10mb``: negators, hedges and relation cues with actors,
  no sentence break;
* ``lines_10mb``: 10 MB of short lines (many paragraphs).

By default the article goes through the same per-article limit as ``score``
(``--max-chars``, 200,000 characters); ``--max-chars 0`` scores the whole article, which
shows that the work per article is bounded by the sentence and token limits too. Not a
timed test: the seconds are printed for information only. The goal is a peak under
1 GB (``--limit-mb``) for every case; the exit status is 1 if one is over.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

MB = 1_000_000


def build(name: str) -> str:
    """The text of one pathological article."""
    size = 10 * MB if name.endswith("10mb") else MB
    if name.startswith("nopunct"):
        words = "the minister met officials from many provinces and cities to talk about trade "
        return (words * (size // len(words) + 1))[:size]
    if name.startswith("us_"):
        return "U.S. " * (size // 5)
    if name == "actors_20k":
        return "Leaders of " + " and ".join(["Turkey", "Russia", "the United States", "NATO"] * 5000) + " met."
    if name.startswith("negators"):
        words = "not never no Turkey threatened Russia but did not sanction NATO neither praised nor condemned "
        return (words * (size // len(words) + 1))[:size]
    if name.startswith("lines"):
        line = "Turkey bought the S-400 system from Russia.\n"
        return (line * (size // len(line) + 1))[:size]
    raise SystemExit(f"unknown case {name!r}")


CASES = [
    "nopunct_1mb",
    "us_1mb",
    "actors_20k",
    "negators_1mb",
    "nopunct_10mb",
    "us_10mb",
    "negators_10mb",
    "lines_10mb",
]


def child(name: str, max_chars: int) -> None:
    """Score one article in this process and print a JSON line with the peak RSS."""
    import resource

    # a guard for the shared machine: a case that runs away fails instead of swapping
    resource.setrlimit(resource.RLIMIT_AS, (6 * 1024**3, 6 * 1024**3))
    import pandas as pd

    import analysis as fa
    from analysis.corpus.readers import limit_text

    fa.score_batch(pd.DataFrame({"doc_id": ["warm"], "text": ["Turkey met Russia. The U.S. did not."], "title": [""]}))
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = build(name) if name != "baseline" else "Turkey met Russia."
    chars = len(text)
    if max_chars:
        text = limit_text(text, max_chars, name)
    t0 = time.perf_counter()
    tables = fa.score_batch(pd.DataFrame({"doc_id": [name], "text": [text], "title": [""]}))
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    rows = {k: len(v) for k, v in tables.items() if k != "articles"}
    print(
        json.dumps(
            {
                "case": name,
                "chars": chars,
                "scored_chars": len(text),
                "baseline_mb": base,
                "peak_mb": peak,
                "seconds": seconds,
                "rows": rows,
            }
        )
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated cases (default: all)")
    parser.add_argument("--max-chars", type=int, default=200_000, help="per-article limit as in score (0: none)")
    parser.add_argument("--limit-mb", type=float, default=1024.0)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.max_chars)
        return 0
    cases = args.only.split(",") if args.only else CASES
    over = 0
    print(f"{'case':<15} {'chars':>11} {'scored':>11} {'peak MB':>8} {'base MB':>8} {'seconds':>8}  rows")
    for name in cases:
        proc = subprocess.run(
            [sys.executable, __file__, "--child", name, "--max-chars", str(args.max_chars)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            over += 1
            tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
            print(f"{name:<15} FAILED (exit {proc.returncode}): {tail}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        flag = "" if r["peak_mb"] < args.limit_mb else "  OVER"
        over += bool(flag)
        rows = " ".join(f"{k}={v}" for k, v in r["rows"].items() if v)
        print(
            f"{name:<15} {r['chars']:>11,} {r['scored_chars']:>11,} {r['peak_mb']:>8.0f} {r['baseline_mb']:>8.0f} "
            f"{r['seconds']:>8.1f}  {rows}{flag}"
        )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
