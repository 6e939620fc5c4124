"""The README's code map lists every folder of analysis/."""

from __future__ import annotations

from conftest import ROOT


def test_readme_code_map_lists_every_folder_of_the_package():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code_map = readme.split("## Code map", 1)[1].split("\n## ", 1)[0]
    folders = sorted(p.name for p in (ROOT / "analysis").iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    missing = [f for f in folders if f"`analysis/{f}/`" not in code_map]
    assert folders and missing == []
