#!/usr/bin/python3
"""Reference numbers hard-coded in tests/core/MindEyeMetricsTest.cpp, computed the way MindEye's
Reconstruction_Metrics notebook computes them (Debian's /usr/bin/python3: torch, numpy, scipy):
- resize: torch.nn.functional.interpolate(mode="bilinear", align_corners=False), what torchvision's
  Resize(425, BILINEAR) does to a tensor it enlarges;
- PixCorr: np.corrcoef of the flattened RGB images after the resize;
- SSIM: rgb2gray (0.2125, 0.7154, 0.0721) of the resized images, then skimage's structural_similarity with
  gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1 (skimage is not installed here: the
  same formula line by line with scipy.ndimage.gaussian_filter(sigma=1.5, truncate=3.5, mode="reflect"), crop 5);
- 2-way: Brain-Diffuser's pairwise_corr_all, which MindEye reuses.
The test rebuilds the same inputs from the same formulas."""
import numpy as np
import torch
import torch.nn.functional as F
from scipy import ndimage


def image(kind, h=12, w=16):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    if kind == "seen":
        return np.stack([0.5 + 0.4 * np.sin(0.3 * x + 0.2 * y), 0.5 + 0.3 * np.cos(0.25 * x - 0.4 * y),
                         (x + y) / 30.0], axis=-1)
    return np.stack([0.5 + 0.35 * np.sin(0.33 * x + 0.15 * y + 0.2), 0.4 + 0.2 * np.cos(0.5 * x * y / 8.0),
                     0.3 + 0.02 * x], axis=-1)


def resize(img, size=425):
    t = torch.from_numpy(img.astype(np.float32)).permute(2, 0, 1)[None]
    return F.interpolate(t, size=(size, size), mode="bilinear", align_corners=False)[0].permute(1, 2, 0).double().numpy()


def ssim(a, b):
    f = lambda im: ndimage.gaussian_filter(im, sigma=1.5, truncate=3.5, mode="reflect")
    ux, uy, uxx, uyy, uxy = f(a), f(b), f(a * a), f(b * b), f(a * b)
    vx, vy, vxy = uxx - ux * ux, uyy - uy * uy, uxy - ux * uy
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    s = (2 * ux * uy + c1) * (2 * vxy + c2) / ((ux ** 2 + uy ** 2 + c1) * (vx + vy + c2))
    return s[5:-5, 5:-5].mean()


def grey(img):
    return img[..., 0] * 0.2125 + img[..., 1] * 0.7154 + img[..., 2] * 0.0721


def pairwise_corr_all(ground_truth, predictions):
    r = np.corrcoef(ground_truth, predictions)
    r = r[:len(ground_truth), len(ground_truth):]
    congruents = np.diag(r)
    success = r < congruents
    success_cnt = np.sum(success, 0)
    return np.mean(success_cnt) / (len(ground_truth) - 1)


seen, recon = image("seen"), image("recon")
big_seen, big_recon = resize(seen), resize(recon)
print("resized seen (0,0,0) (100,200,1) (424,424,2)", repr(big_seen[0, 0, 0]), repr(big_seen[100, 200, 1]),
      repr(big_seen[424, 424, 2]))
print("pixcorr", repr(np.corrcoef(big_seen.ravel(), big_recon.ravel())[0, 1]))
print("ssim", repr(ssim(grey(big_recon), grey(big_seen))))

# Features of 6 reconstructions and their seen images: item i's features, a rotation and noise; one pair swapped.
k = np.arange(8)
reals = np.array([np.sin(0.7 * i + 0.9 * k) + 0.1 * i for i in range(6)])
preds = np.array([reals[i] + 0.6 * np.cos(1.3 * i * k + 0.4) for i in range(6)])
preds[[2, 3]] = preds[[3, 2]]
print("two-way", repr(pairwise_corr_all(reals, preds)))
