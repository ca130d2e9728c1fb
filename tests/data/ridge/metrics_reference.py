#!/usr/bin/python3
"""Reference numbers hard-coded in tests/core/AnalysisMetricsTest.cpp (Debian's /usr/bin/python3: numpy, scipy,
sklearn). The test rebuilds the same inputs from the same formulas. skimage is not installed here, so SSIM follows
skimage.metrics.structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False) line by line:
scipy.ndimage.gaussian_filter(sigma=1.5, truncate=3.5, mode="reflect"), 11 x 11 window, crop 5 pixels."""
import numpy as np
from scipy import ndimage, stats
from scipy.spatial.distance import pdist
from sklearn.metrics import r2_score


def ssim(a, b, data_range):
    f = lambda im: ndimage.gaussian_filter(im, sigma=1.5, truncate=3.5, mode="reflect")
    ux, uy, uxx, uyy, uxy = f(a), f(b), f(a * a), f(b * b), f(a * b)
    vx, vy, vxy = uxx - ux * ux, uyy - uy * uy, uxy - ux * uy
    c1, c2 = (0.01 * data_range) ** 2, (0.03 * data_range) ** 2
    s = (2 * ux * uy + c1) * (2 * vxy + c2) / ((ux ** 2 + uy ** 2 + c1) * (vx + vy + c2))
    return s[5:-5, 5:-5].mean()


h, w = 16, 20
y, x = np.mgrid[0:h, 0:w].astype(np.float64)
A = 0.5 + 0.4 * np.sin(0.3 * x + 0.2 * y)
B = A + 0.1 * np.cos(0.7 * x * y + 0.5)
R, G, Bl = A, 0.5 + 0.3 * np.cos(0.25 * x - 0.4 * y), (x + y) / 40.0
grey = 0.2125 * R + 0.7154 * G + 0.0721 * Bl
print("ssim(A,A)", repr(ssim(A, A, 1.0)))
print("ssim(A,A+0.1)", repr(ssim(A, A + 0.1, 1.0)))
print("ssim(A,B)", repr(ssim(A, B, 1.0)))
print("ssim(A,B) range 2", repr(ssim(A, B, 2.0)))
print("ssim(grey(RGB),A)", repr(ssim(grey, A, 1.0)))
print("pixcorr(A,B)", repr(np.corrcoef(A.ravel(), B.ravel())[0, 1]))
print("pixcorr(grey(RGB),B)", repr(np.corrcoef(grey.ravel(), B.ravel())[0, 1]))

P = np.array([[np.sin(1.0 + i * 0.7 + k * k * 0.3) + 0.1 * i for k in range(4)] for i in range(5)])
print("rdm corr", [repr(v) for v in pdist(P, "correlation")])
print("rdm eucl", [repr(v) for v in pdist(P, "euclidean")])
a = [1, 2, 2, 3, 5, 5, 5, 0]
b = [2, 1, 3, 3, 4, 6, 6, 1]
print("ranks a", stats.rankdata(a), "ranks b", stats.rankdata(b))
print("spearman", repr(stats.spearmanr(a, b).correlation))

meas = np.array([[1, 2], [2, 0], [3, 5], [4, 1]], dtype=float)
pred = np.array([[1, 1.5], [2, 1], [3, 4], [5, 0]], dtype=float)
print("pearson", [repr(stats.pearsonr(pred[:, j], meas[:, j])[0]) for j in range(2)])
print("r2", [repr(v) for v in r2_score(meas, pred, multioutput="raw_values")])
