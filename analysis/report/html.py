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
