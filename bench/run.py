"""Benchmarks: five ratios, each measured within one run, with the absolute figures beside.

    python bench/run.py [--corpus PATH] [--only a,b,c,d,e]

a. full analysis throughput ÷ a plain loop of NLTK's SentimentIntensityAnalyzer
   .polarity_scores over the same sentences (goal ≥ 2.0)
b. Dask with 2 worker processes ÷ 1 worker, same corpus (goal ≥ 1.7)
c. peak memory of the streaming path on the full corpus ÷ on a tenth (goal ≤ 1.3)
d. time of the full seed report ÷ papermill on as many notebooks that only import
   the package (goal ≤ 1.5)
e. time of the streaming path on the full corpus ÷ on a tenth (goal ≤ 11)

Ratios, not seconds, are the result: both sides of each ratio run on the same machine
in the same minute, so a busy shared machine slows both. The corpus is the AllSides
sample (4,000 real articles), not the seeds repeated, which would flatter any cache.
Results are also written to bench/out/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "allsides_sample.jsonl"
GOALS = {"a": (">=", 2.0), "b": (">=", 1.7), "c": ("<=", 1.3), "d": ("<=", 1.5), "e": ("<=", 11.0)}


def verdict(key: str, ratio: float) -> str:
    op, goal = GOALS[key]
    met = ratio >= goal if op == ">=" else ratio <= goal
    return f"goal {op} {goal}: {'met' if met else 'NOT met'}"


def tenth_of(corpus: Path, folder: Path) -> Path:
    """The first tenth of the corpus's lines, as a JSONL file."""
    with open(corpus, encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip()]
    path = folder / "tenth.jsonl"
    path.write_text("".join(lines[: max(1, len(lines) // 10)]), encoding="utf-8")
    return path


def bench_a(corpus: Path) -> dict:
    from analysis import load_corpus, score_batch
    from analysis.corpus.nltk_offline import nltk_vader

    articles = load_corpus(corpus)
    score_batch(articles.head(20))  # warm caches that any user pays once (lexicon, patterns)
    t0 = time.perf_counter()
    tables = score_batch(articles)
    full = time.perf_counter() - t0
    sentences = tables["sentences"]
    texts = sentences.loc[~sentences["boilerplate"], "text"].tolist()
    sia = nltk_vader()
    t0 = time.perf_counter()
    for text in texts:
        sia.polarity_scores(text)
    loop = time.perf_counter() - t0
    return {
        "articles": len(articles),
        "sentences": len(texts),
        "full_s": full,
        "nltk_loop_s": loop,
        "full_per_s": len(texts) / full,
        "nltk_per_s": len(texts) / loop,
        "ratio": loop / full,
        "tables": {k: len(v) for k, v in tables.items()},
    }


def bench_b(corpus: Path, partitions: int) -> dict:
    from distributed import LocalCluster

    from analysis.engine import score_dask

    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 2):
            with LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
            ) as cluster:
                t0 = time.perf_counter()
                score_dask(
                    corpus,
                    Path(tmp) / f"w{workers}",
                    scheduler=cluster.scheduler_address,
                    partitions=partitions,
                    progress=False,
                )
                times[workers] = time.perf_counter() - t0
    return {"one_worker_s": times[1], "two_workers_s": times[2], "partitions": partitions, "ratio": times[1] / times[2]}


# Peak memory of the child alone: Linux keeps ru_maxrss across exec (so a child would
# report its parent's peak); VmHWM in /proc/self/status belongs to the new process.
_STREAM = """
import resource, sys, time
from analysis.engine import score_pandas
t0 = time.perf_counter()
rows = score_pandas(sys.argv[1], sys.argv[2], batch_size=int(sys.argv[3]), progress=False)
elapsed = time.perf_counter() - t0
try:
    with open("/proc/self/status") as fh:
        peak_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
except OSError:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, peak_kb, rows["articles"], rows["sentences"])
"""


def stream_run(corpus: Path, out: Path, batch_size: int) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", _STREAM, str(corpus), str(out), str(batch_size)],
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed, rss_kb, articles, sentences = proc.stdout.split()
    return {
        "seconds": float(elapsed),
        "peak_rss_mb": int(rss_kb) / 1024,
        "articles": int(articles),
        "sentences": int(sentences),
    }


def bench_ce(corpus: Path, batch_size: int) -> tuple[dict, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        tenth = tenth_of(corpus, Path(tmp))
        small = stream_run(tenth, Path(tmp) / "small", batch_size)
        full = stream_run(corpus, Path(tmp) / "full", batch_size)
    c = {"full": full, "tenth": small, "batch_size": batch_size, "ratio": full["peak_rss_mb"] / small["peak_rss_mb"]}
    e = {"full": full, "tenth": small, "ratio": full["seconds"] / small["seconds"]}
    return c, e


def bench_d() -> dict:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from analysis.report.run import notebooks_dir, run_report

    real = sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        run_report(ROOT / "seeds", tmp / "real", log=lambda m: None)
        real_s = time.perf_counter() - t0
        stubs = []
        for i, _ in enumerate(real, start=1):
            nb = new_notebook()
            nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
            params = new_code_cell('corpus_path: str = ""  # corpus')
            params.metadata["tags"] = ["parameters"]
            nb.cells = [params, new_code_cell("import analysis")]
            path = tmp / f"{i:02d}_import_only.ipynb"
            nbformat.write(nb, path)
            stubs.append(path)
        t0 = time.perf_counter()
        run_report(ROOT / "seeds", tmp / "stub", notebooks=stubs, log=lambda m: None)
        stub_s = time.perf_counter() - t0
    return {"notebooks": len(real), "report_s": real_s, "import_only_s": stub_s, "ratio": real_s / stub_s}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("FRAMING_BENCH_CORPUS", DEFAULT_CORPUS)))
    parser.add_argument("--only", default="a,b,c,d,e", help="comma-separated subset of a,b,c,d,e")
    parser.add_argument("--batch-size", type=int, default=200, help="streaming batch size for c and e")
    parser.add_argument("--partitions", type=int, default=16, help="Dask partitions for b")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"error: {args.corpus}: benchmark corpus not found (set FRAMING_BENCH_CORPUS)", file=sys.stderr)
        return 2
    only = set(args.only.split(","))
    with open(args.corpus, encoding="utf-8") as fh:
        n_articles = sum(1 for line in fh if line.strip())
    print(f"corpus: {args.corpus.name}, {n_articles} articles; python {sys.version.split()[0]}, {os.cpu_count()} cores")
    results = {"corpus": args.corpus.name, "articles": n_articles}
    if "a" in only:
        a = results["a"] = bench_a(args.corpus)
        print(
            f"a. full analysis / NLTK VADER loop: {a['ratio']:.2f}x  ({a['sentences']} sentences: full analysis "
            f"{a['full_per_s']:.0f} sent/s in {a['full_s']:.1f} s; NLTK loop {a['nltk_per_s']:.0f} sent/s in "
            f"{a['nltk_loop_s']:.1f} s)  {verdict('a', a['ratio'])}"
        )
    if "b" in only:
        b = results["b"] = bench_b(args.corpus, args.partitions)
        print(
            f"b. Dask 2 workers / 1 worker: {b['ratio']:.2f}x  (1 worker {b['one_worker_s']:.1f} s, 2 workers "
            f"{b['two_workers_s']:.1f} s, {b['partitions']} partitions)  {verdict('b', b['ratio'])}"
        )
    if only & {"c", "e"}:
        c, e = bench_ce(args.corpus, args.batch_size)
        if "c" in only:
            results["c"] = c
            print(
                f"c. peak memory, full / tenth: {c['ratio']:.2f}x  (full {c['full']['peak_rss_mb']:.0f} MB for "
                f"{c['full']['articles']} articles, tenth {c['tenth']['peak_rss_mb']:.0f} MB for "
                f"{c['tenth']['articles']}; batches of {c['batch_size']})  {verdict('c', c['ratio'])}"
            )
        if "e" in only:
            results["e"] = e
            print(
                f"e. time, full / tenth: {e['ratio']:.2f}x  (full {e['full']['seconds']:.1f} s, tenth "
                f"{e['tenth']['seconds']:.1f} s)  {verdict('e', e['ratio'])}"
            )
    if "d" in only:
        d = results["d"] = bench_d()
        print(
            f"d. seed report / import-only notebooks: {d['ratio']:.2f}x  ({d['notebooks']} notebooks: report "
            f"{d['report_s']:.1f} s, import-only {d['import_only_s']:.1f} s)  {verdict('d', d['ratio'])}"
        )
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, default=float) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
