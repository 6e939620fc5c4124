"""Distinctive vocabulary: weighted log-odds with an informative Dirichlet prior.

Monroe, Colaresi and Quinn (2008), "Fightin' Words: Lexical Feature Selection and
Evaluation for Identifying the Content of Political Conflict", *Political Analysis*
16(4). For a word w with counts y_i, y_j in groups i and j of sizes n_i, n_j (total
words), and prior counts α_w summing to α_0:

    δ_w = log((y_i+α_w)/(n_i+α_0−y_i−α_w)) − log((y_j+α_w)/(n_j+α_0−y_j−α_w))
    σ²(δ_w) ≈ 1/(y_i+α_w) + 1/(y_j+α_w)
    z_w = δ_w / σ(δ_w)

A positive z means the word is more typical of group i (``a``), a negative z of group
j (``b``); |z| > 1.96 is the paper's rough threshold. The prior shrinks the log-odds of
rare words toward zero, so a word seen twice in one group and never in the other does
not top the list.

**The prior.** α_w = α_0 · (background count of w) / (background total). The
background is by default the two groups together (``a + b``, "the whole corpus being
compared"); pass a reference corpus's counts as ``prior`` to use it instead. A term of
``a`` or ``b`` that the reference never saw gets half a count there, so its α_w is
small but positive. α_0 (``alpha0``) is the prior's strength in words: by default the
background's own size, so α_w is the background count itself (the empirical-Bayes
choice of the tidylo package); a smaller α_0 trusts the groups' own counts more.

**Tokens.** :func:`tokenize` lower-cases, finds words with the regular expression
``[a-z][a-z0-9]*(?:['’-][a-z0-9]+)*`` (so "anti-aircraft", "s-400" and "f-35" stay
whole), drops a possessive "'s", and leaves out :data:`STOP_WORDS` (a short English
function-word list shipped here: NLTK's stop-word corpus is a download) and words of
one letter.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

#: English function words left out of term counts (articles, pronouns, auxiliaries,
#: prepositions, conjunctions, and a few reporting fillers).
STOP_WORDS = frozenset(
    """
a about above after again against all also although am among an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't
down during each either else ever every few for from further had hadn't has hasn't have haven't having he
he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in into
is isn't it it's its itself just let's may me might more most much must mustn't my myself neither no nor not
now of off on once one only or other ought our ours ourselves out over own per same shall shan't she she'd
she'll she's should shouldn't since so some such than that that's the their theirs them themselves then there
there's these they they'd they'll they're they've this those though through thus to too under until up upon
us very via was wasn't we we'd we'll we're we've were weren't what what's when when's where where's whether
which while who who's whom whose why why's will with within without won't would wouldn't yet you you'd
you'll you're you've your yours yourself yourselves
said says say according told also mr mrs ms
""".split()
)

_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:['’-][a-z0-9]+)*")


def tokenize(text: str, stop_words=STOP_WORDS) -> list[str]:
    """Lower-cased word tokens of ``text`` without stop words (see the module notes)."""
    out = []
    for tok in _TOKEN.findall(text.lower()):
        tok = tok.replace("’", "'")
        if tok.endswith("'s"):
            tok = tok[:-2]
        if len(tok) > 1 and tok not in stop_words:
            out.append(tok)
    return out


def term_counts(sentences: pd.DataFrame, doc_ids: Iterable | None = None, stop_words=STOP_WORDS) -> pd.Series:
    """Counts of each term in the non-boilerplate sentences of the given articles.

    Returns
    -------
    Series
        Term → count (int64), indexed by term, sorted by term; named ``count``.
    """
    mask = ~sentences["boilerplate"].to_numpy(bool)
    if doc_ids is not None:
        mask &= sentences["doc_id"].isin(set(doc_ids)).to_numpy()
    counts: Counter = Counter()
    for text in sentences["text"].to_numpy()[mask]:
        counts.update(tokenize(text, stop_words))
    out = pd.Series(counts, dtype="int64", name="count")
    out.index.name = "term"
    return out.sort_index()


def split_counts(
    sentences: pd.DataFrame, docs_a: Iterable, docs_b: Iterable | None = None, stop_words=STOP_WORDS
) -> tuple[pd.Series, pd.Series]:
    """Term counts of two groups of articles; ``docs_b=None`` means every other article.

    Any two groups work: two outlets (``groups[groups == "CGTN"].index``), an outlet
    against the rest, or a date range against another (select doc_ids on the
    articles' ``date``).
    """
    docs_a = set(docs_a)
    if docs_b is None:
        docs_b = set(sentences["doc_id"]) - docs_a
    return term_counts(sentences, docs_a, stop_words), term_counts(sentences, docs_b, stop_words)


def _as_series(counts, name: str) -> pd.Series:
    s = pd.Series(counts, dtype="float64") if isinstance(counts, Mapping) else pd.Series(counts, dtype="float64")
    if s.isna().any() or (s < 0).any():
        raise ValueError(f"{name}: counts must be non-negative numbers")
    s.index = s.index.astype(str)
    return s.groupby(level=0).sum()


def fightin_words(a, b, prior=None, alpha0: float | None = None) -> pd.DataFrame:
    """Weighted log-odds of each term between two groups, with an informative prior.

    Parameters
    ----------
    a, b
        Term counts of the two groups (mappings or Series, term → count).
    prior
        Background term counts for the prior; None uses ``a + b``.
    alpha0
        Total prior mass α_0 in words; None uses the background's own total.

    Returns
    -------
    DataFrame
        One row per term of ``a`` or ``b``, sorted by z descending, ties by term:
        term, count_a, count_b, prior (α_w), delta (δ_w, log-odds ratio a vs b),
        var (σ²), z.

    Raises
    ------
    ValueError
        When a count is negative, or the prior has no positive mass, or ``alpha0`` is
        not positive.
    """
    ya, yb = _as_series(a, "a"), _as_series(b, "b")
    vocab = ya.index.union(yb.index).sort_values()
    if prior is None and not len(vocab):
        return pd.DataFrame(columns=["term", "count_a", "count_b", "prior", "delta", "var", "z"])
    ya, yb = ya.reindex(vocab, fill_value=0.0), yb.reindex(vocab, fill_value=0.0)
    if prior is None:
        background = ya + yb
    else:
        background = _as_series(prior, "prior")
        if background.sum() <= 0:
            raise ValueError("prior: the background counts have no positive mass (they sum to 0)")
        background = background.reindex(background.index.union(vocab), fill_value=0.0)
        unseen = background.index.isin(vocab) & (background.to_numpy() == 0)
        background[unseen] = 0.5
    total = float(background.sum())
    if not total > 0:
        raise ValueError("prior: the background counts have no positive mass (they sum to 0)")
    if alpha0 is None:
        alpha0 = total
    if not (isinstance(alpha0, (int, float)) and np.isfinite(alpha0) and alpha0 > 0):
        raise ValueError(f"alpha0 must be a positive number, got {alpha0!r}")
    alpha = (background * (alpha0 / total)).reindex(vocab)
    na, nb = float(ya.sum()), float(yb.sum())
    ia, ib = ya + alpha, yb + alpha
    rest_a, rest_b = na + alpha0 - ia, nb + alpha0 - ib
    if len(vocab) and (rest_a.min() <= 0 or rest_b.min() <= 0):
        raise ValueError("prior: a term holds all the prior mass; the log-odds are undefined")
    delta = np.log(ia / rest_a) - np.log(ib / rest_b)
    var = 1.0 / ia + 1.0 / ib
    out = pd.DataFrame(
        {
            "term": vocab.to_numpy(object),
            "count_a": ya.to_numpy(),
            "count_b": yb.to_numpy(),
            "prior": alpha.to_numpy(),
            "delta": delta.to_numpy(),
            "var": var.to_numpy(),
        }
    )
    out["z"] = out["delta"] / np.sqrt(out["var"])
    for col in ("count_a", "count_b"):
        if (out[col] == out[col].round()).all():
            out[col] = out[col].astype("int64")
    return out.sort_values(["z", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


def keyness_by_group(
    sentences: pd.DataFrame, groups: pd.Series, alpha0: float | None = None, min_count: int = 1, prior=None
) -> pd.DataFrame:
    """Each group against all the others (:func:`fightin_words`), stacked.

    ``groups`` maps doc_id to group (:func:`analysis.stats.group_labels`). Terms seen
    fewer than ``min_count`` times in the two sides together are dropped after
    scoring (the prior still uses every term).

    Returns
    -------
    DataFrame
        group, term, count_a (in the group), count_b (in the rest), prior, delta,
        var, z; sorted by group, then z descending, then term.
    """
    scored = sentences[~sentences["boilerplate"].to_numpy(bool)]
    per_doc = {doc: tokenize(" ".join(part["text"])) for doc, part in scored.groupby("doc_id", sort=True)}
    parts = []
    for group in sorted(set(groups)):
        docs = set(groups.index[groups == group])
        ca, cb = Counter(), Counter()
        for doc, toks in per_doc.items():
            (ca if doc in docs else cb).update(toks)
        if not cb:
            continue  # a single group: nothing to compare with
        table = fightin_words(ca, cb, prior=prior, alpha0=alpha0)
        table = table[table["count_a"] + table["count_b"] >= min_count]
        parts.append(table.assign(group=group))
    cols = ["group", "term", "count_a", "count_b", "prior", "delta", "var", "z"]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]


def top_terms(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The most distinctive terms of each group and of the rest, from :func:`keyness_by_group`.

    Returns
    -------
    DataFrame
        One row per group: group, typical_of_group, typical_of_rest (each "term (z), ...").
    """
    rows = []
    for group, part in table.groupby("group", sort=True):
        hi = part.sort_values(["z", "term"], ascending=[False, True], kind="stable").head(n)
        lo = part.sort_values(["z", "term"], ascending=[True, True], kind="stable").head(n)
        rows.append(
            {
                "group": group,
                "typical_of_group": ", ".join(f"{t} ({z:+.1f})" for t, z in zip(hi["term"], hi["z"]) if z > 0),
                "typical_of_rest": ", ".join(f"{t} ({z:+.1f})" for t, z in zip(lo["term"], lo["z"]) if z < 0),
            }
        )
    return pd.DataFrame(rows, columns=["group", "typical_of_group", "typical_of_rest"])
