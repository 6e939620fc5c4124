"""Figures are saved deterministically."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Circle

from analysis.plots.style import save_figure


def figure_with_a_clip_path():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    line = ax.plot([0, 1], [1, 0])[0]
    line.set_clip_path(Circle((0.5, 0.5), 0.3, transform=ax.transData))  # a clip *path*, not a box
    return fig


def test_svg_with_clip_paths_is_byte_identical_across_figures(tmp_path):
    # regression: matplotlib names clip paths after object addresses, so the same figure
    # drawn twice gave two different SVG files
    first, second = figure_with_a_clip_path(), figure_with_a_clip_path()  # both alive: other addresses
    save_figure(first, "a", tmp_path / "one")
    save_figure(second, "a", tmp_path / "two")
    one = (tmp_path / "one" / "a.svg").read_bytes()
    assert b'clip-path="url(#clip0000)"' in one
    assert one == (tmp_path / "two" / "a.svg").read_bytes()
    assert (tmp_path / "one" / "a.png").read_bytes() == (tmp_path / "two" / "a.png").read_bytes()
