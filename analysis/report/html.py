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


def index_html(build: Path, notebooks: list[str], run: dict) -> str:
    """The index page for a report folder (figures under ``figures/``)."""
    figures = sorted(p.name for p in (build / "figures").glob("*.png"))
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
    for nb in notebooks:
        stem = Path(nb).stem
        prefix = stem.split("_", 1)[0]
        title = stem.split("_", 1)[-1].replace("_", " ").capitalize()
        parts.append(f"<h2>{_e(prefix)} · {_e(title)}</h2>")
        parts.append(
            f'<p><a href="{_e(stem)}.html">full notebook (code and output)</a> · '
            f'<a href="{_e(stem)}.shared.html">for sharing (output only)</a> · '
            f'<a href="{_e(nb)}">executed .ipynb</a></p>'
        )
        mine = [f for f in figures if f.startswith(prefix + "_")]
        if mine:
            parts.append('<div class="grid">')
            for f in mine:
                name = Path(f).stem
                parts.append(
                    f'<figure><a href="figures/{_e(f)}"><img src="figures/{_e(f)}" alt="{_e(name)}" loading="lazy"></a>'
                    f'<figcaption>{_e(name)} · <a href="figures/{_e(name)}.svg">SVG</a>'
                    f' · <a href="figures/{_e(name)}.png">PNG</a></figcaption></figure>'
                )
            parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# -- evidence tables in notebooks --------------------------------------------------
_CUE_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
_CELL = 'style="text-align:left;vertical-align:top;white-space:normal"'
_SENTENCE = 'style="text-align:left;vertical-align:top;white-space:normal;min-width:24em;max-width:56em"'
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


class EvidenceTable:
    """A table of evidence rows shown in a notebook with its sentences whole: wrapped,
    left-aligned, the deciding cues marked (orange) and markers such as negations marked
    (grey). Every value is escaped. ``frame`` holds the rows; at most ``max_rows`` are shown."""

    def __init__(self, frame, text: str = "text", cues: str = "cues", markers: str = "markers", max_rows: int = 60):
        self.frame, self.text, self.cues, self.markers, self.max_rows = frame, text, cues, markers, max_rows

    def __repr__(self) -> str:
        return repr(self.frame)

    def _repr_html_(self) -> str:
        frame = self.frame
        if frame.empty:
            return "<p><em>No rows.</em></p>"
        cols = list(frame.columns)
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
        more = len(frame) - self.max_rows
        note = (
            f"<p><em>{len(frame):,} rows; the first {self.max_rows} are shown (all of them are in the table "
            f"written beside the figures).</em></p>"
            if more > 0
            else ""
        )
        return (
            f'<table style="table-layout:auto;border-collapse:collapse;font-size:0.85em">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"
        )


def evidence_table(frame, text: str = "text", cues: str = "cues", markers: str = "markers", max_rows: int = 60):
    """Show evidence rows (:func:`analysis.dyad_evidence`, :func:`analysis.stance_evidence`)
    with whole, wrapped sentences and the deciding cues marked (:class:`EvidenceTable`)."""
    return EvidenceTable(frame, text=text, cues=cues, markers=markers, max_rows=max_rows)
