"""HTML for the report: the index page, and the check that a page loads nothing from the
web (:func:`self_contained`). Every value is escaped: titles can come from a corpus."""

from __future__ import annotations

import html
import re
from pathlib import Path

# a <script src=...></script> or a <link href=...> (stylesheet, preload, ...) that loads
# from another host: http(s)://... or protocol-relative //...
_REMOTE = r"""\s*=\s*["']?(?:https?:)?//"""
_REMOTE_SCRIPT = re.compile(rf"<script\b[^>]*\bsrc{_REMOTE}[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_REMOTE_LINK = re.compile(rf"<link\b[^>]*\bhref{_REMOTE}[^>]*>", re.IGNORECASE)


def self_contained(page: str) -> str:
    """``page`` without the scripts and stylesheets it would load from the web.

    nbconvert's HTML loads require.js and MathJax from a CDN (and the widget manager
    when a notebook has widgets); the report's pages need neither (figures and tables
    are in the page), so opening a shared report makes no request to the internet.
    Links in the text (``<a href="https://...">``) are kept.
    """
    return _REMOTE_LINK.sub("", _REMOTE_SCRIPT.sub("", page))


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.meta{color:#555;font-size:.9rem} .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(26rem,1fr));gap:1rem}
figure{margin:0;border:1px solid #ddd;border-radius:4px;padding:.5rem;background:#fff}
figure img{width:100%;height:20rem;object-fit:contain} figcaption{font-size:.85rem;color:#333;word-break:break-word}
table{border-collapse:collapse;font-size:.85rem} td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
code{background:#f4f4f4;padding:0 .2rem}
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


_SAVE = re.compile(r"""save_figure\(\s*[^,]+,\s*["']([^"']+)["']""")
_MD = re.compile(r"\*\*|__|`|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|\[([^\]]*)\]\([^)]*\)")
_READ = re.compile(r"\*\*How to read (?:it|them|this)[.:]?\*\*[.:]?\s*", re.IGNORECASE)


def _plain(markdown: str) -> str:
    """Markdown as one line of plain text (emphasis, code marks and link targets dropped)."""
    text = _MD.sub(lambda m: m.group(1) or "", markdown)
    return " ".join(text.split())


def _first_sentence(text: str, limit: int = 240) -> str:
    m = re.search(r"(?<=[.!?])\s+(?=[A-Z(*`\"“])", text)
    sentence = text[: m.start()] if m else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


def reading(markdown: str) -> str:
    """A figure's one-line reading from the Markdown cell that introduces it: the first
    sentence after "**How to read it.**" when there is one, else the first sentence of the
    text under the heading."""
    body = "\n".join(line for line in markdown.splitlines() if not line.lstrip().startswith("#"))
    m = _READ.search(body)
    if m:
        body = body[m.end() :]
    paragraph = next((p for p in re.split(r"\n\s*\n", body) if p.strip()), "")
    sentence = _first_sentence(_plain(paragraph))
    return sentence[:1].upper() + sentence[1:]


def notebook_figures(notebook: Path) -> tuple[str, list[dict]]:
    """The title of an executed notebook (its first heading) and, in notebook order, every
    figure it saves: ``name``, ``title`` (the heading above the figure), ``caption`` (the
    reading, :func:`reading`) and ``note`` (the note shown instead when there was nothing
    to draw)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    title, heading, text, out = "", "", "", []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            heads = [line.lstrip("#").strip() for line in cell.source.splitlines() if line.startswith("#")]
            if heads and cell.source.lstrip().startswith("# ") and not title:
                title = _plain(heads[0])
            if heads:
                heading, text = _plain(heads[-1]), cell.source
            else:
                text = text + "\n\n" + cell.source if text else cell.source
            continue
        if cell.cell_type != "code":
            continue
        for name in _SAVE.findall(cell.source):
            note = ""
            for o in cell.get("outputs", []):
                md = o.get("data", {}).get("text/markdown", "")
                md = "".join(md) if isinstance(md, list) else md
                if md.startswith("*No figure:"):
                    note = _plain(md)
            out.append({"name": name, "title": heading or name, "caption": reading(text), "note": note})
    return title, out


def index_html(build: Path, notebooks: list[str], run: dict) -> str:
    """The index page for a report folder (figures under ``figures/``): one section per
    notebook in run order, its figures in notebook order, each with the title of its
    section and a one-line reading as caption; a result with nothing to draw gets its note;
    then links to the notebook's other tables (evidence, agreement, summaries)."""
    figures = sorted(p.stem for p in (build / "figures").glob("*.png"))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Framing analysis report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Framing analysis report</h1>",
        f'<p class="meta">Corpus <code>{_e(run.get("corpus"))}</code> · SHA-256 <code>{_e(str(run.get("corpus_sha256"))[:16])}…</code>'
        f' · configuration <code>{_e(run.get("config") or "default")}</code> · details in <a href="run.json">run.json</a></p>',
    ]
    shown = set()
    for nb in notebooks:
        stem = Path(nb).stem
        prefix = stem.split("_", 1)[0]
        path = build / nb
        title, entries = notebook_figures(path) if path.is_file() else ("", [])
        title = title or f"{prefix} · {stem.split('_', 1)[-1].replace('_', ' ').capitalize()}"
        parts.append(f"<h2>{_e(title)}</h2>")
        parts.append(
            f'<p><a href="{_e(stem)}.html">full notebook (code and output)</a> · '
            f'<a href="{_e(stem)}.shared.html">for sharing (output only)</a> · '
            f'<a href="{_e(nb)}">executed .ipynb</a></p>'
        )
        seen = {e["name"] for e in entries}
        # a figure the notebook saved some other way still gets a place, after the others
        entries += [
            {"name": f, "title": f, "caption": "", "note": ""}
            for f in figures
            if f.startswith(prefix + "_") and f not in seen and f not in shown
        ]
        cards, notes = [], []
        for e in entries:
            name = e["name"]
            if name in figures and name not in shown:
                shown.add(name)
                caption = f"<b>{_e(e['title'])}</b>" + (f" — {_e(e['caption'])}" if e["caption"] else "")
                cards.append(
                    f'<figure><a href="figures/{_e(name)}.png"><img src="figures/{_e(name)}.png" '
                    f'alt="{_e(e["title"])}" loading="lazy"></a>'
                    f'<figcaption>{caption}<br><span class="meta">'
                    f'<a href="figures/{_e(name)}.svg">SVG</a> · <a href="figures/{_e(name)}.png">PNG</a>'
                    + (
                        f' · <a href="tables/{_e(name)}.csv">table</a>'
                        if (build / "tables" / f"{name}.csv").is_file()
                        else ""
                    )
                    + "</span></figcaption></figure>"
                )
            elif name not in figures and e["note"]:
                notes.append(f"<li><b>{_e(e['title'])}</b>: {_e(e['note'])}</li>")
        if cards:
            parts.append('<div class="grid">' + "".join(cards) + "</div>")
        if notes:
            parts.append('<ul class="meta">' + "".join(notes) + "</ul>")
        # the tables that are not behind one figure: the sentences behind the numbers
        # (evidence), agreement with coded data, summaries
        others = sorted(p.stem for p in (build / "tables").glob(f"{prefix}_*.csv") if p.stem not in figures)
        if others:
            links = " · ".join(f'<a href="tables/{_e(t)}.csv">{_e(t)}</a>' for t in others)
            parts.append(f'<p class="meta">More tables (CSV), the sentences behind the numbers among them: {links}</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# -- evidence tables in notebooks --------------------------------------------------
_CUE_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
_CELL = 'style="text-align:left;vertical-align:top;white-space:normal"'
_SENTENCE = 'style="text-align:left;vertical-align:top;white-space:normal;min-width:32em;max-width:60em"'
CUE_MARK = "background:#fde2b8"
MARKER_MARK = "background:#e0e0e0"


def cue_phrases(cues) -> list[str]:
    """The phrases of a ``cues`` (or ``markers``) cell: ``"buy (+, hypothetical); target of
    warnings to Turkey about (+)"`` -> ``["buy", "warnings to Turkey about"]``."""
    if cues is None or (isinstance(cues, float) and cues != cues):
        return []
    out = []
    for part in str(cues).split(";"):
        phrase = _CUE_NOTE.sub("", part.strip())
        phrase = phrase[len("target of ") :] if phrase.startswith("target of ") else phrase
        if phrase.strip() and phrase.strip() not in out:
            out.append(phrase.strip())
    return out


def mark_phrases(text: str, marks: list[tuple[str, str]]) -> str:
    """``text`` escaped for HTML, every occurrence of each phrase (ignoring case, whole
    words) wrapped in ``<mark style=...>``; ``marks`` is (phrase, css) pairs, longest
    phrase first where they overlap."""
    text = "" if text is None else str(text)
    spans = []
    for phrase, css in sorted(marks, key=lambda m: -len(m[0])):
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\w)", re.IGNORECASE)
        for m in pattern.finditer(text):
            if not any(m.start() < b and a < m.end() for a, b, _ in spans):
                spans.append((m.start(), m.end(), css))
    out, pos = [], 0
    for a, b, css in sorted(spans):
        out.append(html.escape(text[pos:a]))
        out.append(f'<mark style="{css}">{html.escape(text[a:b])}</mark>')
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


# Columns that say what a row is; the sentence is shown right after them and the
# details (cues, modality, rule, offsets, ...) after it, so that on a laptop screen a
# wide table (the dyad evidence has 15 columns) keeps its sentences in view.
_LEAD = (
    "target",
    "group",
    "doc_id",
    "sent_id",
    "source",
    "actor",
    "surface",
    "issue",
    "frame",
    "label",
    "relation",
    "stance",
    "intensity",
    "score",
    "weight",
    "count",
    "articles",
    "boilerplate_reason",
)


class EvidenceTable:
    """A table of rows with their sentences, shown in a notebook with the sentences whole:
    wrapped, left-aligned, the deciding cues marked (orange) and markers such as negations
    marked (grey). Every value is escaped. ``frame`` holds the rows; at most ``max_rows``
    are shown, and a note says how many there are (and, with ``saved``, that all of them
    are in the table written beside the figures). The sentence column is shown after the
    columns that say what a row is (:data:`_LEAD`) and before the rest; the frame itself
    keeps its order."""

    def __init__(
        self,
        frame,
        text: str = "text",
        cues: str = "cues",
        markers: str = "markers",
        max_rows: int = 60,
        saved: bool = True,
    ):
        self.frame, self.text, self.cues, self.markers = frame, text, cues, markers
        self.max_rows, self.saved = max_rows, saved

    def __repr__(self) -> str:
        return repr(self.frame)

    def _repr_html_(self) -> str:
        frame = self.frame
        if frame.empty:
            return "<p><em>No rows.</em></p>"
        lead = [c for c in frame.columns if c in _LEAD] + [c for c in frame.columns if c == self.text]
        cols = lead + [c for c in frame.columns if c not in lead]
        head = "".join(f"<th {_CELL}>{_e(c)}</th>" for c in cols)
        rows = []
        for _, row in frame.head(self.max_rows).iterrows():
            cells = []
            for c in cols:
                if c == self.text:
                    marks = [(p, CUE_MARK) for p in cue_phrases(row.get(self.cues))]
                    marks += [(p, MARKER_MARK) for p in cue_phrases(row.get(self.markers))]
                    cells.append(f"<td {_SENTENCE}>{mark_phrases(row[c], marks)}</td>")
                else:
                    value = row[c]
                    shown = "" if value is None or (isinstance(value, float) and value != value) else value
                    cells.append(f"<td {_CELL}>{_e(shown)}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        note = ""
        if len(frame) > self.max_rows:
            where = " (all of them are in the table written beside the figures)" if self.saved else ""
            note = f"<p><em>{len(frame):,} rows; the first {self.max_rows} are shown{where}.</em></p>"
        return (
            f'<table style="table-layout:auto;border-collapse:collapse;font-size:0.85em">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"
        )


def evidence_table(frame, **options) -> EvidenceTable:
    """Show rows with their sentences (:func:`analysis.dyad_evidence`,
    :func:`analysis.stance_evidence`, frame rows, mentions, ...) whole and wrapped, the
    phrases of the ``cues`` column marked in each sentence. ``options`` are those of
    :class:`EvidenceTable` (``text``, ``cues``, ``markers``, ``max_rows``; ``saved=False``
    where the rows are not also written to a table file)."""
    return EvidenceTable(frame, **options)
