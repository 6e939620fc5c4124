"""Command line: ``python -m analysis score|report ...``.

Exit codes: 0 done; 2 bad input, usage or an output that cannot be written (one line on
stderr naming the file and the problem, no traceback); 1 a notebook failed or a bug; 130
Ctrl-C and 143 SIGTERM (one line; earlier outputs intact, no temporary folder left).
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from pathlib import Path

from analysis.corpus.readers import MAX_CHARS
from analysis.errors import InputError, Terminated, ask_to_stop, clear_stop

MAX_CHARS_HELP = (
    f"score at most this many characters of each article (default {MAX_CHARS:,}; 0: no limit); "
    "a longer article is cut with a warning naming it"
)


def _warning_line(message, category, filename, lineno, file=None, line=None):
    print(f"warning: {message}", file=sys.stderr)


def _version() -> str:
    """``framing-analysis VERSION`` (and the git commit when run from a clone)."""
    from analysis.report.provenance import code

    info = code()
    commit = f" (commit {info['commit'][:12]}{', modified' if info['dirty'] else ''})" if info["commit"] else ""
    return f"framing-analysis {info['version']}{commit}"


class _Version(argparse.Action):
    """``--version``, worked out only when asked (it may call git)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(_version())
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Framing analysis of news corpora.")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version (and git commit) and exit")
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser("score", help="score a corpus and write every table (CSV and Parquet)")
    score.add_argument("corpus", help="folder of .txt files, or a .jsonl / .csv / .parquet file")
    score.add_argument("--out", required=True, help="output folder for the tables")
    score.add_argument("--metadata", help="metadata CSV merged by doc_id (default: metadata.csv in a corpus folder)")
    score.add_argument("--config", help="study configuration YAML (actors, issues, cues, frames)")
    score.add_argument(
        "--engine",
        choices=["pandas", "dask"],
        default="pandas",
        help="pandas: stream batches in this process; dask: partitions on a Dask cluster",
    )
    score.add_argument("--batch-size", type=int, default=500, help="pandas engine: articles per batch")
    score.add_argument("--partitions", type=int, help="dask engine: number of partitions")
    score.add_argument("--partition-size", type=int, help="dask engine: articles per partition")
    score.add_argument("--scheduler", help="dask engine: address of an existing scheduler (default: a LocalCluster)")
    score.add_argument("--workers", type=int, default=2, help="dask engine: worker processes of the LocalCluster")
    score.add_argument("--no-progress", action="store_true", help="no progress bar")
    score.add_argument("--max-chars", type=int, default=MAX_CHARS, help=MAX_CHARS_HELP)

    report = sub.add_parser("report", help="run the notebooks with papermill and write a shareable report")
    report.add_argument("corpus", help="folder of .txt files, or a .jsonl / .csv / .parquet file")
    report.add_argument("--out", required=True, help="report folder (notebooks, HTML, figures, tables, run.json)")
    report.add_argument("--figures", help="also copy the figures into this folder")
    report.add_argument("--config", help="study configuration YAML passed to every notebook")
    report.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="notebook parameter (value read as YAML: 3, true, [USA, TUR])",
    )
    report.add_argument("--parameters", help="YAML file of notebook parameters")
    report.add_argument("--notebook", action="append", default=[], help="run only this notebook (repeatable)")
    report.add_argument("--jobs", type=int, default=1, help="notebooks run in parallel processes")
    report.add_argument(
        "--engine",
        choices=["pandas", "dask"],
        default="pandas",
        help="how the corpus is scored, once, for every notebook",
    )
    report.add_argument("--max-chars", type=int, default=MAX_CHARS, help=MAX_CHARS_HELP)
    validate = sub.add_parser("validate", help="check a measure against hand coding on your own corpus")
    vsub = validate.add_subparsers(dest="step", required=True)
    vs = vsub.add_parser("sample", help="draw a blind coding sheet (no method's labels in it)")
    vs.add_argument("corpus", help="the corpus to sample from (as for score)")
    vs.add_argument("--measure", default="actor_sentiment", choices=["actor_sentiment", "dyads"])
    vs.add_argument("--n", type=int, default=200, help="items to draw")
    vs.add_argument("--per-article", type=int, default=3, help="at most this many items per article")
    vs.add_argument("--seed", type=int, default=0)
    vs.add_argument("--config", help="study configuration YAML (actors, ...)")
    vs.add_argument("--metadata", help="metadata CSV merged by doc_id")
    vs.add_argument("--out", required=True, help="the coding sheet to write (CSV)")
    vc = vsub.add_parser("score", help="agreement of every method with a coded sheet")
    vc.add_argument("sheet", help="the coded sheet (CSV from validate sample, coder columns filled)")
    vc.add_argument("tables", help="folder of tables written by `python -m analysis score` on the same corpus")
    vc.add_argument("--measure", default="actor_sentiment", choices=["actor_sentiment", "dyads"])
    vc.add_argument("--draws", type=int, default=1000, help="bootstrap draws for the intervals")
    vc.add_argument("--seed", type=int, default=0)
    vc.add_argument("--json", help="also write the full result as JSON to this file")
    return parser


def _no_nan(value):
    """``value`` with NaN as None (null), so the JSON written is strict."""
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nan(v) for v in value]
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _no_nan(value.item())
    return value


def _validate(args) -> int:
    import json

    from analysis import validation
    from analysis.io import atomic_write, check_output_path, to_csv

    if args.step == "sample":
        import analysis as fa

        if args.n < 1 or args.per_article < 1:
            raise InputError(None, "--n and --per-article must be at least 1")
        if args.config is not None and not Path(args.config).is_file():
            raise InputError(args.config, "configuration file not found")
        out = check_output_path(args.out, [args.corpus, args.metadata, args.config], kind="file")
        articles = fa.load_corpus(args.corpus, metadata=args.metadata)
        results = fa.analyze(articles, config=args.config, progress=False)
        labels = fa.load_config(args.config).part("actors", "actors.yaml", fa.dictionaries.actors.parse_actors).labels
        sheet = validation.sample_sheet(
            results, args.measure, n=args.n, seed=args.seed, per_article=args.per_article, labels=labels
        )
        atomic_write(out, to_csv(sheet))
        print(
            f"wrote {len(sheet)} items to {out}: fill coder_1 (and coder_2, blind to each other); "
            f"labels: {', '.join(validation.MEASURES[args.measure]['labels'])} or not_actor",
            file=sys.stderr,
        )
        return 0
    if args.draws < 1:
        raise InputError(None, "--draws must be at least 1")
    from analysis.pipeline import load_results

    if args.json:
        check_output_path(args.json, [args.sheet, args.tables], kind="file", option="--json")
    sheet = validation.read_sheet(args.sheet, args.measure)
    tables = load_results(args.tables)
    result = validation.score_sheet(sheet, tables, args.measure, draws=args.draws, seed=args.seed, path=args.sheet)
    print(validation.format_report(result))
    if args.json:
        atomic_write(args.json, json.dumps(_no_nan(result), indent=1, sort_keys=True) + "\n")
    return 0


def _score(args) -> int:
    from analysis import engine
    from analysis.io import check_output_path

    for name in ("batch_size", "partitions", "partition_size", "workers"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise InputError(None, f"--{name.replace('_', '-')} must be at least 1")
    if args.max_chars < 0:
        raise InputError(None, "--max-chars must be 0 (no limit) or more")
    if args.config is not None and not Path(args.config).is_file():
        raise InputError(args.config, "configuration file not found")
    check_output_path(args.out, [args.corpus, args.metadata, args.config])
    if args.engine == "dask":
        rows = engine.score_dask(
            args.corpus,
            args.out,
            config=args.config,
            metadata=args.metadata,
            partitions=args.partitions,
            partition_size=args.partition_size,
            scheduler=args.scheduler,
            workers=args.workers,
            progress=not args.no_progress,
            max_chars=args.max_chars or None,
        )
    else:
        rows = engine.score_pandas(
            args.corpus,
            args.out,
            config=args.config,
            metadata=args.metadata,
            batch_size=args.batch_size,
            progress=not args.no_progress,
            max_chars=args.max_chars or None,
        )
    sizes = ", ".join(f"{name} {n}" for name, n in rows.items())
    print(f"wrote {len(rows)} tables to {args.out} ({sizes} rows)", file=sys.stderr)
    return 0


def _report(args) -> int:
    from analysis.io import check_output_path
    from analysis.report.params import parse_value, read_parameters
    from analysis.report.run import NotebookFailed, run_report

    inputs = [args.corpus, args.config, args.parameters]  # run_report adds the notebooks
    check_output_path(args.out, inputs)
    if args.figures is not None:
        check_output_path(args.figures, inputs, option="--figures")
    params = {}
    if args.parameters:
        params.update(read_parameters(args.parameters))
    for name, value in args.parameter:
        params[name] = parse_value(value, name)
    if args.jobs < 1:
        raise InputError(None, "--jobs must be at least 1")
    if args.max_chars < 0:
        raise InputError(None, "--max-chars must be 0 (no limit) or more")
    try:
        run_report(
            args.corpus,
            args.out,
            figures_out=args.figures,
            notebooks=args.notebook or None,
            parameters=params,
            config=args.config,
            jobs=args.jobs,
            engine=args.engine,
            max_chars=args.max_chars or None,
        )
    except NotebookFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"the previous report in {args.out} was left as it was", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        # the interrupted cell's pending task fails when its kernel is shut down, and asyncio
        # would log that (with a traceback) when the task is collected: expected, not news
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        print(
            f"{_stopped(exc)}: the previous report in {args.out} was left as it was; "
            f"notebooks executed so far are in {args.out}.failed",
            file=sys.stderr,
        )
        return 143 if isinstance(exc, Terminated) else 130
    print(f"report written to {Path(args.out) / 'index.html'}", file=sys.stderr)
    return 0


def _stopped(exc) -> str:
    return "terminated (SIGTERM)" if isinstance(exc, Terminated) else "interrupted (Ctrl-C)"


def _terminate(signum, frame):
    ask_to_stop(Terminated)  # raised again where the run checks, should this one be lost
    raise Terminated()


def _interrupt(signum, frame):
    ask_to_stop(KeyboardInterrupt)
    raise KeyboardInterrupt()


def main(argv=None) -> int:
    """Run a command; exit status 0 done, 1 a notebook failed (or a bug), 2 bad input or
    an output that cannot be written, 130 Ctrl-C, 143 SIGTERM (earlier outputs intact,
    temporary folders removed)."""
    import signal

    args = _parser().parse_args(argv)
    warnings.showwarning = _warning_line
    try:  # pyarrow's own handlers for long operations can lose a SIGTERM; ours see every signal
        import pyarrow

        pyarrow.enable_signal_handlers(False)
    except ImportError:
        pass
    clear_stop()
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
        # Ctrl-C too, except for a report: asyncio (running its kernels) replaces Python's
        # own SIGINT handler only when it finds that one in place
        previous_int = signal.signal(signal.SIGINT, _interrupt) if args.command != "report" else None
    except ValueError:  # not the main thread: leave signals alone
        previous = previous_int = None
    try:
        return {"score": _score, "report": _report, "validate": _validate}[args.command](args)
    except InputError as exc:
        print(f"error: {_printable(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:  # a folder that cannot be written: read-only, full, a name too long
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {_printable(where + (exc.strerror or str(exc)))}", file=sys.stderr)
        return 2
    except RecursionError:
        print("error: input nested too deeply to read", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        out = getattr(args, "out", None)
        kept = f"; the earlier outputs in {out} were left as they were" if out else ""
        print(f"{_stopped(exc)}: nothing was written{kept}", file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if previous_int is not None:
            signal.signal(signal.SIGINT, previous_int)
        clear_stop()


def _printable(text: str) -> str:
    """``text`` with anything that cannot be printed (a lone surrogate) escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
