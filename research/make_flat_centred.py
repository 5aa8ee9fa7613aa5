#!/usr/bin/python3
"""Flat-centred variants of the development photos, to measure the automatic estimation region:
the middle half of each photo (in each direction) is replaced by a strongly defocused copy (Gaussian
sigma 10, like a blurred background or a sky), then blurred as ../shared/tools/make_devset.py does
(its kernel generator, noise, clipping, case folders). One case per photo, seed 3.
    /usr/bin/python3 research/make_flat_centred.py /tmp/flat
    /usr/bin/python3 ../shared/tools/score.py /tmp/flat --jobs 2 --no-ratio \\
        --cmd 'build/deblur {blurred} -o {out} --save-kernel {kernel} -q --set run.max_estimation_side=256'
"""
import json, os, sys
import numpy as np
from scipy.ndimage import gaussian_filter
from scipy.signal import fftconvolve
import skimage.io as io

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "tools"))
from make_devset import motion_kernel, SHARP  # noqa: E402

out = sys.argv[1]
rng = np.random.default_rng(3)
for name in sorted(os.listdir(SHARP)):
    x = io.imread(os.path.join(SHARP, name))[..., :3].astype(np.float64) / 255
    r, c = x.shape[0], x.shape[1]
    soft = np.stack([gaussian_filter(x[..., ch], 10) for ch in range(3)], axis=2)
    x[r // 4: r - r // 4, c // 4: c - c // 4] = soft[r // 4: r - r // 4, c // 4: c - c // 4]
    k = motion_kernel(int(rng.integers(7, 31)) * 2 + 1, rng)
    sigma = float(rng.choice([0.0, 0.005, 0.01]))
    y = np.stack([fftconvolve(x[..., ch], k, mode="valid") for ch in range(3)], axis=2)
    y = np.clip(y + rng.normal(0, sigma, y.shape), 0, 1)
    d = os.path.join(out, "%s-flat-k%d" % (os.path.splitext(name)[0], k.shape[0]))
    os.makedirs(d, exist_ok=True)
    io.imsave(os.path.join(d, "blurred.png"), (y * 255).round().astype(np.uint8), check_contrast=False)
    io.imsave(os.path.join(d, "sharp.tiff"), x.mean(axis=2).astype(np.float32), check_contrast=False)
    io.imsave(os.path.join(d, "kernel.tiff"), k.astype(np.float32), check_contrast=False)
    json.dump({"kernel_size": int(k.shape[0]), "noise_sigma": sigma, "source": name, "seed": 3},
              open(os.path.join(d, "meta.json"), "w"))
    print(os.path.basename(d))
