# Copyright (c) 2026 The tribuo-fudlr authors. Licensed under the Apache License, Version 2.0.
"""Generate the small, deterministic metric-conformance cases.

Writes four cases into the subdirectories ``case1`` .. ``case4`` of this
file's own directory. Each case holds tab-separated files without a header
line, with integer user and item ids starting at 0:

``meta.tsv``        ``key<TAB>value``: num_users, num_items, max_k, description.
``counts.tsv``      ``item<TAB>count`` for every item 0..num_items-1: training
                    interaction counts (Zipf-like, many ties, several zeros =
                    items unseen in training).
``history.tsv``     ``user<TAB>item``: the audit users' history interactions
                    (only items with count > 0).
``recs.tsv``        ``user<TAB>rank<TAB>item``: each user's top-``max_k`` list
                    (rank 1..max_k, distinct items, none in the user's
                    history), drawn with a popularity bias; some unseen items.
``targets.tsv``     ``user<TAB>item``: relevant test items, 1 to 3 per user;
                    users without any target have no line.
``attributes.tsv``  ``user<TAB>gender``: M, F or unknown (case 4 adds X).

Only the standard library and numpy are used; every case draws from its own
seeded ``numpy.random.Generator`` so reruns give byte-identical files.

Usage: ``python3 generate_cases.py`` (writes next to this file).
"""

import os

import numpy as np

MAX_K = 10
NUM_USERS = 500

# name, seed, num_items, zipf exponent, count scale, share of unseen items,
# popularity-bias exponent of the recommender, weight floor of unseen items in
# the recommender, share of users without target, P(target inside the list),
# gender labels and probabilities, description.
CASES = [
    dict(name="case1", seed=20260101, num_items=300, alpha=1.0, scale=600.0,
         unseen_share=0.03, bias=1.0, unseen_weight=2.0, no_target=0.10,
         p_in_list=0.25, genders=("M", "F", "unknown"), gender_p=(0.47, 0.43, 0.10),
         description="baseline: 300 items, moderate popularity bias, two groups plus unknown"),
    dict(name="case2", seed=20260202, num_items=500, alpha=1.2, scale=400.0,
         unseen_share=0.04, bias=1.6, unseen_weight=1.0, no_target=0.15,
         p_in_list=0.30, genders=("M", "F", "unknown"), gender_p=(0.60, 0.30, 0.10),
         description="strong popularity bias in the lists, steep Zipf with many tied small counts, unbalanced groups"),
    dict(name="case3", seed=20260303, num_items=800, alpha=0.8, scale=150.0,
         unseen_share=0.10, bias=0.6, unseen_weight=6.0, no_target=0.25,
         p_in_list=0.20, genders=("M", "F", "unknown"), gender_p=(0.40, 0.40, 0.20),
         description="many unseen (count 0) items, frequently recommended; weak bias; a quarter of users without target"),
    dict(name="case4", seed=20260404, num_items=1000, alpha=1.0, scale=500.0,
         unseen_share=0.05, bias=1.0, unseen_weight=3.0, no_target=0.12,
         p_in_list=0.25, genders=("M", "F", "X", "unknown"), gender_p=(0.40, 0.35, 0.15, 0.10),
         description="three groups (M, F, X) plus unknown users; 1000 items"),
]


def make_counts(rng, c):
    """Zipf-like training counts over a random item order, with a block of zeros."""
    n = c["num_items"]
    order = rng.permutation(n)  # order[r] = item at popularity rank r
    ranks = np.arange(n, dtype=np.float64)
    noise = rng.uniform(0.85, 1.15, size=n)
    raw = np.floor(c["scale"] * noise / (ranks + 1.0) ** c["alpha"]).astype(np.int64)
    raw = np.maximum(raw, 1)
    n_unseen = max(3, int(round(n * c["unseen_share"])))
    raw[n - n_unseen:] = 0  # the least popular ranks are unseen in training
    counts = np.zeros(n, dtype=np.int64)
    counts[order] = raw
    return counts


def weighted_sample(rng, candidates, weights, size):
    """Draw ``size`` distinct candidates; the draw order is the list order."""
    p = weights / weights.sum()
    idx = rng.choice(len(candidates), size=size, replace=False, p=p)
    return [int(candidates[i]) for i in idx]


def make_case(c):
    rng = np.random.default_rng(c["seed"])
    n = c["num_items"]
    counts = make_counts(rng, c)
    items = np.arange(n)
    seen = items[counts > 0]
    rec_weight = np.where(counts > 0, counts.astype(np.float64), c["unseen_weight"]) ** c["bias"]
    tgt_weight = (counts.astype(np.float64) + 1.0) ** 0.7

    history, recs, targets, genders = {}, {}, {}, {}
    for u in range(NUM_USERS):
        h_len = int(rng.integers(3, 9))
        hist = weighted_sample(rng, seen, counts[seen].astype(np.float64), h_len)
        history[u] = sorted(hist)
        hset = set(hist)
        mask = np.array([i not in hset for i in range(n)])
        rec = weighted_sample(rng, items[mask], rec_weight[mask], MAX_K)
        recs[u] = rec
        if rng.random() < c["no_target"]:
            targets[u] = []
        else:
            n_t = int(rng.integers(1, 4))
            tg = []
            for _ in range(n_t):
                if rng.random() < c["p_in_list"]:
                    pool = [i for i in rec if i not in tg]
                    tg.append(int(pool[rng.integers(len(pool))]))
                else:
                    excl = hset | set(rec) | set(tg)
                    m = np.array([i not in excl for i in range(n)])
                    tg.extend(weighted_sample(rng, items[m], tgt_weight[m], 1))
            targets[u] = sorted(tg)
        genders[u] = str(rng.choice(list(c["genders"]), p=list(c["gender_p"])))
    return counts, history, recs, targets, genders


def write_case(base, c):
    counts, history, recs, targets, genders = make_case(c)
    d = os.path.join(base, c["name"])
    os.makedirs(d, exist_ok=True)

    def write(name, lines):
        with open(os.path.join(d, name), "w", encoding="utf-8", newline="\n") as f:
            for line in lines:
                f.write("\t".join(str(x) for x in line) + "\n")

    write("meta.tsv", [("num_users", NUM_USERS), ("num_items", c["num_items"]),
                       ("max_k", MAX_K), ("description", c["description"])])
    write("counts.tsv", [(i, int(counts[i])) for i in range(c["num_items"])])
    write("history.tsv", [(u, i) for u in range(NUM_USERS) for i in history[u]])
    write("recs.tsv", [(u, r + 1, i) for u in range(NUM_USERS) for r, i in enumerate(recs[u])])
    write("targets.tsv", [(u, i) for u in range(NUM_USERS) for i in targets[u]])
    write("attributes.tsv", [(u, genders[u]) for u in range(NUM_USERS)])


def main():
    base = os.path.dirname(os.path.abspath(__file__))
    for c in CASES:
        write_case(base, c)


if __name__ == "__main__":
    main()
