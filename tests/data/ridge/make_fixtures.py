#!/usr/bin/python3
"""Fixtures for tests/core/RidgeTest.cpp: sklearn 1.2 RidgeCV(alphas, alpha_per_target=True, fit_intercept=True)
on small random problems, in both of its gcv_mode="auto" branches (SVD of X when n > p, eigh of X X^T when n <= p).

File format (text): blocks of "name rows cols" followed by rows*cols values (row-major, %.17g).
Blocks: X (n x p), Y (n x v), alphas (1 x a), coef (p x v, sklearn's coef_.T), intercept (1 x v),
alpha (1 x v, chosen alpha per voxel), best_score (1 x v, sklearn's best_score_ = -LOO MSE).
Run with Debian's /usr/bin/python3 (python3-sklearn)."""
import numpy as np
from sklearn.linear_model import RidgeCV


def write(path, blocks):
    with open(path, "w") as out:
        for name, a in blocks:
            a = np.atleast_2d(np.asarray(a, dtype=np.float64))
            out.write(f"{name} {a.shape[0]} {a.shape[1]}\n")
            for row in a:
                out.write(" ".join(f"{x:.17g}" for x in row) + "\n")


def problem(seed, n, p, v, alphas, path):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) * rng.uniform(0.5, 3.0, p) + rng.uniform(-2, 2, p)
    W = rng.standard_normal((p, v))
    noise = rng.standard_normal((n, v)) * np.linspace(0.1, 8.0, v)  # weak to strong noise -> small to large alphas
    Y = X @ W * 0.3 + noise + rng.uniform(-5, 5, v)
    model = RidgeCV(alphas=alphas, alpha_per_target=True, fit_intercept=True).fit(X, Y)
    write(path, [("X", X), ("Y", Y), ("alphas", alphas), ("coef", model.coef_.T), ("intercept", model.intercept_),
                 ("alpha", model.alpha_), ("best_score", model.best_score_)])
    print(path, "alphas chosen:", model.alpha_)


if __name__ == "__main__":  # make_bracket_fixtures.py imports write() without rewriting these
    alphas = np.logspace(-2, 5, 8)
    problem(1, 40, 8, 7, alphas, "gcv_svd.txt")     # n > p: sklearn's SVD branch
    problem(2, 14, 25, 6, alphas, "gcv_eigen.txt")  # n <= p: sklearn's eigen (Gram) branch
