#!/usr/bin/python3
"""Fixtures for tests/core/RidgeBracketTest.cpp: single-voxel problems whose leave-one-out curve over a 17-value
grid (1e-3 .. 1e5) has two local minima, found by a seeded search over two-group designs (a few large-scale
features with small weights, several small-scale features with large weights). For each, sklearn 1.2's
RidgeCV(store_cv_values=True) gives the exact LOO curve (cv_values_ averaged over samples).

- two_minima.txt (seed 44): GCV's best alpha is index 2, a local LOO minimum; the global one is index 16.
- extended.txt (seed 181): GCV's best is index 4; LOO over {3, 4, 5} is smallest at 5, the bracket's edge, so it
  is widened once to 6 and stops at the local minimum 5; the global one is index 16.
Same block format as make_fixtures.py: X, Y, alphas, loo (alphas x 1). Run with Debian's /usr/bin/python3."""
import numpy as np
from sklearn.linear_model import RidgeCV

from make_fixtures import write  # the block writer; its fixtures are only rewritten when it runs as a script


def problem(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(15, 40))
    ka = int(rng.integers(1, 4))
    kb = int(rng.integers(2, 10))
    A = rng.normal(size=(n, ka)) * 10 ** rng.uniform(0, 2)
    B = rng.normal(size=(n, kb)) * 10 ** rng.uniform(-2, 0)
    X = np.hstack([A, B])
    y = (A @ rng.normal(size=ka) * 10 ** rng.uniform(-3, 0) + B @ rng.normal(size=kb) * 10 ** rng.uniform(-1, 1)
         + rng.normal(size=n) * 10 ** rng.uniform(-1, 0.5))
    return X, y[:, None]


alphas = np.logspace(-3, 5, 17)
for seed, path in ((44, "two_minima.txt"), (181, "extended.txt")):
    X, Y = problem(seed)
    model = RidgeCV(alphas=alphas, alpha_per_target=True, store_cv_values=True).fit(X, Y)
    loo = model.cv_values_.mean(axis=0).reshape(-1, 1)  # n x 1 x alphas -> alphas x 1
    write(path, [("X", X), ("Y", Y), ("alphas", alphas), ("loo", loo)])
