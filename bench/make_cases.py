#!/usr/bin/python3
"""Makes the benchmark cases: public-domain photos that Debian's python3-skimage ships, blurred by
synthetic camera shake on the valid support, plus noise. Deterministic: the same files every run.

    make_cases.py OUT

One folder per case in OUT:
  blurred.png   8-bit grey y = h *valid x + N(0, sigma^2), clipped to [0, 1] (x larger than y by k-1)
  sharp.tiff    float32 x, grey in [0, 1]
  kernel.tiff   float32 h, k x k, sums to 1 (convolved, not correlated)
  meta.json     photo, crop, kernel size, seed, sigma
Needs /usr/bin/python3 with python3-numpy, python3-scipy and python3-skimage.
"""
import json, os, sys
import numpy as np
from scipy.signal import fftconvolve
import skimage.data
import skimage.io as io
from skimage.color import rgb2gray

# name: (skimage.data photo, crop of x as [row, col, height, width], kernel side, seed, noise sigma)
CASES = {
    "cell-k17": ("cell", [150, 100, 300, 300], 17, 102, 0.01),
    "coins-k21": ("coins", [0, 0, 300, 384], 21, 101, 0.01),
    "coins-k39-n02": ("coins", [0, 0, 303, 384], 39, 106, 0.02),
    "grass-k15": ("grass", [0, 0, 300, 300], 15, 104, 0.01),
    "gravel-k29": ("gravel", [100, 100, 320, 320], 29, 105, 0.01),
    "retina-k25": ("retina", [460, 60, 320, 320], 25, 103, 0.01),
}


def shake_kernel(size, rng):
    """A camera-shake path: a random walk whose direction drifts with inertia, scaled into the k x k
    window (one pixel of margin), drawn with bilinear splats of uneven exposure, normalised to sum 1."""
    steps = 200
    heading = rng.uniform(0, 2 * np.pi)
    turn = 0.0
    path = np.zeros((steps, 2))
    for t in range(1, steps):
        turn = 0.95 * turn + rng.normal(0, 0.012)  # angular velocity with inertia: smooth, curving strokes
        heading += turn
        path[t] = path[t - 1] + (np.sin(heading), np.cos(heading))
    path -= (path.max(0) + path.min(0)) / 2
    reach = rng.uniform(0.6, 1.0) * (size - 3) / 2
    path = path * reach / max(np.abs(path).max(), 1e-9) + (size - 1) / 2
    exposure = np.exp(np.cumsum(rng.normal(0, 0.05, steps)))  # the hand slows and speeds up
    h = np.zeros((size, size))
    for (r, c), w in zip(path, exposure):
        r0, c0 = int(r), int(c)
        fr, fc = r - r0, c - c0
        h[r0, c0] += w * (1 - fr) * (1 - fc)
        h[r0 + 1, c0] += w * fr * (1 - fc)
        h[r0, c0 + 1] += w * (1 - fr) * fc
        h[r0 + 1, c0 + 1] += w * fr * fc
    return h / h.sum()


def make_case(out, photo, crop, size, seed, sigma):
    image = getattr(skimage.data, photo)()
    grey = rgb2gray(image[..., :3]) if image.ndim == 3 else image / 255.0
    r, c, height, width = crop
    x = grey[r:r + height, c:c + width].astype(np.float64)
    rng = np.random.default_rng(seed)
    h = shake_kernel(size, rng)
    y = fftconvolve(x, h, mode="valid")
    y = np.clip(y + rng.normal(0, sigma, y.shape), 0, 1)
    os.makedirs(out, exist_ok=True)
    io.imsave(os.path.join(out, "blurred.png"), (y * 255).round().astype(np.uint8), check_contrast=False)
    io.imsave(os.path.join(out, "sharp.tiff"), x.astype(np.float32), check_contrast=False)
    io.imsave(os.path.join(out, "kernel.tiff"), h.astype(np.float32), check_contrast=False)
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump({"photo": photo, "crop": crop, "kernel_size": size, "seed": seed, "sigma": sigma,
                   "model": "y = h *valid x + noise; x is larger than y by k-1"}, f)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name, (photo, crop, size, seed, sigma) in CASES.items():
        make_case(os.path.join(sys.argv[1], name), photo, crop, size, seed, sigma)
        print(name)


if __name__ == "__main__":
    main()
