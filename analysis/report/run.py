"""Run the notebooks with papermill and write a shareable report.

The report is built in a temporary folder beside the output folder and put in its place
as a whole (one atomic exchange on Linux) only when every notebook has run, so a failure
(or Ctrl-C) leaves the previous report intact; the output folder is locked meanwhile.
Each notebook runs in the ``framing-analysis`` kernel (:mod:`analysis.report.execute`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from analysis.corpus.readers import MAX_CHARS
from analysis.errors import InputError, stop_if_asked
from analysis.io import atomic_write, check_output_path, check_replaceable, copy_file, output_lock, replace_folder
from analysis.report.execute import (  # noqa: F401 (public here too)
    KERNEL_NAME,
    NotebookFailed,
    _execute_job,
    execute_notebook,
    kernel_environment,
    notebook_parameters,
    render_html,
    render_html_pair,
)
from analysis.report.params import (  # noqa: F401 (parse_value: public here too)
    check_group_by,
    check_parameters,
    check_values,
    parse_value,
)

SCORED = "scored"  # folder of the build holding the Parquet tables every notebook reads
#: What a report folder holds; anything else in an existing ``--out`` is refused, since
#: the folder is replaced as a whole.
REPORT_FILES = ("*.ipynb", "*.html", "figures", "tables", "run.json", "index.html")
#: What a --figures folder holds (it is replaced as a whole by each report).
FIGURE_FILES = ("*.png", "*.svg")


def score_corpus(corpus, folder, config=None, engine: str = "pandas", max_chars=MAX_CHARS) -> None:
    """Score ``corpus`` once into Parquet tables in ``folder`` (read by :func:`analysis.open_study`)."""
    from analysis import engine as engines

    if engine == "dask":
        engines.score_dask(corpus, folder, config=config, progress=False, max_chars=max_chars)
    elif engine == "pandas":
        engines.score_pandas(corpus, folder, config=config, progress=False, max_chars=max_chars)
    else:
        raise InputError(None, f"unknown engine {engine!r} (pandas or dask)")


def notebooks_dir() -> Path:
    """The notebooks the report runs: the repository's ``notebooks/`` in a clone, else
    the copy installed with the package (``--notebook PATH`` runs any other)."""
    from analysis.report.paths import notebooks_folder

    return notebooks_folder()


def corpus_checksum(path: Path) -> str:
    """SHA-256 over the corpus file, or over the sorted files of a corpus folder."""
    h = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for f in files:
        h.update(f.relative_to(path if path.is_dir() else path.parent).as_posix().encode())
        h.update(b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()


def _relative(path: Path, start: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), start.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return str(path.resolve())


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": sys.version.split()[0]}
    for pkg in (
        "framing-analysis",
        "pandas",
        "numpy",
        "matplotlib",
        "nltk",
        "vaderSentiment",
        "papermill",
        "nbconvert",
        "pyarrow",
        "PyYAML",
    ):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = None
    return out


def write_index(build: Path, notebooks: list[str], run: dict) -> None:
    """``index.html``: links to every rendered notebook and thumbnails of every figure."""
    from analysis.report.html import index_html

    atomic_write(build / "index.html", index_html(build, notebooks, run))


def run_report(
    corpus,
    out,
    *,
    figures_out=None,
    notebooks=None,
    parameters=None,
    config=None,
    jobs: int = 1,
    engine: str = "pandas",
    log=None,
    max_chars: int | None = MAX_CHARS,
) -> dict:
    """Execute notebooks on ``corpus`` and write the report into ``out``.

    Parameters
    ----------
    corpus
        Corpus path (any form :func:`analysis.load_corpus` accepts).
    out
        Report folder: executed notebooks, HTML (full and input-hidden ``.shared.html``),
        ``index.html``, ``figures/``, ``tables/`` and ``run.json``.
    figures_out
        Optional second folder that receives a copy of the figures.
    notebooks
        Notebook paths or names (default: every ``NN_*.ipynb`` in the notebooks folder).
    parameters
        Extra notebook parameters (name to value), checked against what the notebooks declare.
    config
        A configuration YAML passed to every notebook as ``config_path``.
    jobs
        Notebooks run in this many parallel processes.
    engine
        ``pandas`` or ``dask``: how the corpus is scored, once, into Parquet tables that
        every notebook reads (``tables_path``).
    max_chars
        Articles are scored up to this many characters (a warning names each one cut).

    Returns
    -------
    dict
        What ``run.json`` holds: parameters, versions, corpus checksum, timings.
    """
    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    corpus, out = Path(corpus), Path(out)
    if not corpus.exists():
        raise InputError(corpus, "no such file or folder")
    if config is not None and not Path(config).is_file():
        raise InputError(config, "configuration file not found")
    nb_dir = notebooks_dir()
    if notebooks:
        paths = []
        for name in notebooks:
            p = Path(name)
            if not p.suffix:
                p = p.with_suffix(".ipynb")
            if not p.is_file():
                p = nb_dir / p.name
            if not p.is_file():
                raise InputError(name, "no such notebook")
            paths.append(p)
    else:
        paths = sorted(nb_dir.glob("[0-9][0-9]_*.ipynb"))
        if not paths:
            raise InputError(nb_dir, "no notebooks (NN_name.ipynb) in this folder")
    check_output_path(out, [corpus, config, *paths])
    check_replaceable(out, REPORT_FILES, "report")
    if figures_out is not None:
        check_output_path(figures_out, [corpus, config, *paths], option="--figures")
        check_replaceable(figures_out, FIGURE_FILES, "report", option="--figures")
    declared = {p.name: notebook_parameters(p) for p in paths}
    from analysis.report import provenance
    from analysis.report.params import normalise_parameters

    started_at = provenance.now()
    user = normalise_parameters(dict(parameters or {}), declared, config)
    check_parameters(user, declared)
    check_values(user)
    if "group_by" in user:
        from analysis.corpus.readers import column_names

        check_group_by(user, column_names(corpus))
    check_config(config)  # every part of the configuration, before any notebook runs
    with output_lock(out):
        return _build_report(
            corpus, out, figures_out, paths, declared, user, config, jobs, engine, log, max_chars, started_at
        )


def check_config(config) -> None:
    """Read every part of a study configuration, so a bad file is refused up front."""
    if config is None:
        return
    from analysis.dictionaries.cues import cues_for
    from analysis.dictionaries.events import events_for
    from analysis.dictionaries.frames import frames_for
    from analysis.dictionaries.issues import issues_for
    from analysis.dictionaries.labels import labels_for
    from analysis.dictionaries.registry import load_config
    from analysis.pipeline import actors_for

    cfg = load_config(config)
    for part in (actors_for, issues_for, cues_for, frames_for, labels_for, events_for):
        part(cfg)


def _build_report(
    corpus, out, figures_out, paths, declared, user, config, jobs, engine, log, max_chars, started_at
) -> dict:
    from analysis.report import provenance

    out.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    failed_dir = out.parent / f"{out.name}.failed"
    common = {
        "corpus_path": _relative(corpus, out),
        "figures_dir": "figures",
        "tables_dir": "tables",
        "tables_path": SCORED,
    }
    if config is not None:
        common["config_path"] = _relative(Path(config), out)
    run = {
        "corpus": _relative(corpus, out.parent),
        "corpus_sha256": corpus_checksum(corpus),
        "config": None if config is None else _relative(Path(config), out.parent),
        # SHA-256 of the study file and of every part it reads (packaged defaults included)
        "config_files": provenance.config_checksums(config, out.parent),
        "code": provenance.code(),  # version, and the git commit when run from a clone
        "started": started_at,
        "parameters_given": user,
        # every parameter of every notebook with the value it ran with, defaults included
        "parameters": {},
        "versions": _versions(),
        "notebooks": {},
    }
    jobs_list = []
    for p in paths:
        params = {k: v for k, v in {**common, **user}.items() if k in declared[p.name]}
        run["parameters"][p.name] = provenance.effective_parameters(declared[p.name], params)
        jobs_list.append((p, build / p.name, params, build))
    started = time.perf_counter()
    try:
        with kernel_environment():
            (build / "figures").mkdir()
            (build / "tables").mkdir()
            scoring = time.perf_counter()
            score_corpus(corpus, build / SCORED, config=config, engine=engine, max_chars=max_chars)
            run["scoring_seconds"] = round(time.perf_counter() - scoring, 2)
            log(f"scored the corpus once ({engine} engine, {run['scoring_seconds']:.1f} s)")
            results = []
            if jobs > 1 and len(jobs_list) > 1:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                ctx = multiprocessing.get_context("spawn")
                with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                    for i, (name, res) in enumerate(pool.map(_execute_job, jobs_list), start=1):
                        results.append((name, res))
                        log(
                            f"[{i}/{len(jobs_list)}] {name}: "
                            + (f"ok ({res:.1f} s)" if isinstance(res, float) else "FAILED")
                        )
            else:
                for i, job in enumerate(jobs_list, start=1):
                    stop_if_asked()
                    log(f"[{i}/{len(jobs_list)}] {job[0].name} ...")
                    name, res = _execute_job(job)
                    results.append((name, res))
                    if not isinstance(res, float):
                        break
                    log(f"[{i}/{len(jobs_list)}] {name}: ok ({res:.1f} s)")
            failure = next((res for _, res in results if not isinstance(res, float)), None)
            if failure is not None:
                raise failure
        for name, secs in results:
            run["notebooks"][name] = {"seconds": round(secs, 2)}
            render_html_pair(build / name)
        run["seconds"] = round(time.perf_counter() - started, 2)
        run["finished"] = provenance.now()
        atomic_write(build / "run.json", json.dumps(run, indent=2, sort_keys=True) + "\n")
        write_index(build, [name for name, _ in results], run)
        if figures_out is not None:  # the figures folder too is replaced whole, in one rename
            figures_out = Path(figures_out)
            figures_out.parent.mkdir(parents=True, exist_ok=True)
            staged = Path(tempfile.mkdtemp(prefix=f".{figures_out.name}.build-", dir=figures_out.parent))
            try:
                copy_tree(build / "figures", staged)
                replace_folder(staged, figures_out)
            finally:
                shutil.rmtree(staged, ignore_errors=True)
        shutil.rmtree(build / SCORED, ignore_errors=True)  # the notebooks' input, not part of the report
        replace_folder(build, out)  # the whole report in one rename: never half old, half new
        return run
    except KeyboardInterrupt:
        # Ctrl-C: like a failure, keep what was executed so far and leave `out` alone
        for partial in sorted(build.glob("*.ipynb")):
            failed_dir.mkdir(parents=True, exist_ok=True)
            shutil.move(str(partial), failed_dir / partial.name)
        raise
    except NotebookFailed as exc:
        if exc.partial is not None and exc.partial.is_file():
            failed_dir.mkdir(parents=True, exist_ok=True)
            kept = failed_dir / exc.partial.name
            shutil.move(str(exc.partial), kept)
            exc.partial = kept
        raise
    finally:
        shutil.rmtree(build, ignore_errors=True)


def copy_tree(src: Path, dst: Path) -> None:
    """Copy every file of ``src`` into ``dst`` (each file replaced atomically)."""
    dst.mkdir(parents=True, exist_ok=True)
    for f in sorted(src.rglob("*")):
        if f.is_file():
            target = dst / f.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            copy_file(f, target)
