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


def test_signed_numbers_never_show_minus_zero():
    from analysis.plots.style import signed

    assert signed(-1e-17) == "+0.00" and signed(-0.0, 1) == "+0.0" and signed(-0.004) == "+0.00"
    assert signed(-0.005001) == "-0.01" and signed(0.25, 1) == "+0.2" and signed(3) == "+3.00"


def test_a_stance_cell_whose_bound_is_a_rounding_error_shows_no_minus_zero():
    # regression: a cell of neutral sentences showed "+0.00 [-0.00, +0.00]" because the
    # bootstrap's lower bound was a tiny negative number
    import pandas as pd

    import analysis as fa

    summary = pd.DataFrame(
        {
            "group": ["a", "a"],
            "actor": ["USA", "TUR"],
            "issue": ["S400", "S400"],
            "mean": [-0.0, -0.5],
            "lo": [-1e-17, -1.0],
            "hi": [0.0, 0.0],
            "n": [4, 2],
            "stance": ["neutral", "oppose"],
        }
    )
    fig = fa.plot_stance_matrix(summary)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    plt.close(fig)
    assert "neutral\n+0.00 [+0.00, +0.00]\nn=4" in texts
    assert "oppose\n-0.50 [-1.00, +0.00]\nn=2" in texts
    assert not any("-0.00" in t for t in texts)
