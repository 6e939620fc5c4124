"""Plotting apart: `import analysis` loads no pyplot; style is a context; plots take ax=."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd


def test_import_analysis_does_not_load_pyplot():
    code = "import sys, analysis; print('matplotlib.pyplot' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_scoring_does_not_load_pyplot(seeds_dir):
    code = (
        "import sys, analysis as fa; fa.analyze(fa.load_corpus(sys.argv[1])); print('matplotlib.pyplot' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(seeds_dir)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_plot_verbs_load_on_first_use():
    code = (
        "import sys, analysis; f = analysis.plot_dyad_heatmap; print('matplotlib.pyplot' in sys.modules, f.__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "analysis.plots.relations"]


def test_style_is_a_context_not_global_state():
    import matplotlib

    import analysis as fa

    before = dict(matplotlib.rcParams)
    summary = pd.DataFrame(
        {"group": ["A"], "actor_a": ["TUR"], "actor_b": ["USA"], "mean": [-3.0], "lo": [-5.0], "hi": [-1.0], "n": [2]}
    )
    fig = fa.plot_dyad_heatmap(summary)
    assert fig.axes[0].spines["top"].get_visible() is False  # the project style was applied while drawing
    assert dict(matplotlib.rcParams) == before


def test_one_axes_plots_take_ax_and_return_its_figure():
    import matplotlib.pyplot as plt

    import analysis as fa

    fig, axes = plt.subplots(1, 3)
    summary = pd.DataFrame(
        {"group": ["A"], "actor_a": ["TUR"], "actor_b": ["USA"], "mean": [-3.0], "lo": [-5.0], "hi": [-1.0], "n": [2]}
    )
    assert fa.plot_dyad_heatmap(summary, ax=axes[0]) is fig
    shares = pd.DataFrame(
        {
            "group": ["A", "A"],
            "frame": ["economic", "security"],
            "mean": [0.2, 0.4],
            "lo": [0.1, 0.3],
            "hi": [0.3, 0.5],
            "n": [3, 3],
            "sentences": [40, 40],
        }
    )
    assert fa.plot_frame_shares(shares, ax=axes[1]) is fig
    per_article = pd.DataFrame(
        {"doc_id": ["d1", "d1"], "actor": ["USA", "TUR"], "mentions": [3, 1], "sentences": [5, 5]}
    )
    assert fa.plot_mentions_per_article(per_article, ax=axes[2]) is fig
    assert all(ax.has_data() for ax in axes)
    plt.close(fig)
