#!/usr/bin/python3
"""Scores a deblurring command on the case folders made by make_cases.py.

    score.py CASES --cmd 'build/deblur {blurred} -o {out} --kernel-size {ksize} --save-kernel {kernel}'
             [--jobs N] [--no-ratio]

The command is a shell line; {blurred}, {out}, {kernel} (where it saves its kernel, .tiff) and {ksize}
(the true kernel side) are filled in per case. One line per case, then a summary:
  psnr in/out  PSNR of the blurred input and of the output against the sharp image (the centre that y
               covers), each at its best integer shift within +-8 px, 12 px borders left out
  ssim         SSIM of the output at that shift
  ratio        Levin et al.'s kernel error ratio: error of a fixed non-blind TV deconvolution with the
               estimated kernel over that with the true kernel (1 is perfect; <= 2 counts as success)
  time, rss    wall time and peak resident memory of the command itself (GNU time, not this script)
Needs /usr/bin/python3 with python3-numpy, python3-scipy, python3-skimage, and /usr/bin/time.
"""
import argparse, json, os, subprocess, sys, tempfile, time
from concurrent.futures import ProcessPoolExecutor
import numpy as np
from scipy.optimize import minimize
from scipy.signal import fftconvolve
import skimage.io as io
from skimage.metrics import structural_similarity

SHIFT, BORDER = 8, 12


def grey(path):
    """An image as grey float64 in [0, 1] (colour: the mean of R, G, B)."""
    im = io.imread(path)
    im = im.astype(np.float64) / {np.uint8: 255.0, np.uint16: 65535.0}.get(im.dtype.type, 1.0)
    return im[..., :3].mean(axis=2) if im.ndim == 3 else im


def centre(x, shape):
    r, c = (x.shape[0] - shape[0]) // 2, (x.shape[1] - shape[1]) // 2
    return x[r:r + shape[0], c:c + shape[1]]


def best_shift(a, ref):
    """(mse, a's window, ref's window) at the integer shift of a that fits ref best."""
    m = SHIFT + BORDER
    rows, cols = ref.shape
    R = ref[m:rows - m, m:cols - m]
    windows = (a[m + dr:rows - m + dr, m + dc:cols - m + dc]
               for dr in range(-SHIFT, SHIFT + 1) for dc in range(-SHIFT, SHIFT + 1))
    return min(((np.mean((A - R) ** 2), A, R) for A in windows), key=lambda t: t[0])


def psnr(mse):
    return 10 * np.log10(1 / max(mse, 1e-12))


def tv_deconvolution(y, h, weight=2e-3, smoothing=1e-3, iterations=250):
    """The fixed non-blind reference: argmin over 0 <= x <= 1 of 1/2 |h *valid x - y|^2 + weight TV(x),
    TV smoothed as sqrt(|grad x|^2 + smoothing^2), by L-BFGS-B from y padded by its edges."""
    k, l = h.shape
    x0 = np.pad(y, ((k // 2, k - 1 - k // 2), (l // 2, l - 1 - l // 2)), mode="edge")
    flipped = h[::-1, ::-1]

    def objective(v):
        x = v.reshape(x0.shape)
        r = fftconvolve(x, h, mode="valid") - y
        dx = np.diff(x, axis=1, append=x[:, -1:])
        dy = np.diff(x, axis=0, append=x[-1:, :])
        norm = np.sqrt(dx * dx + dy * dy + smoothing ** 2)
        px, py = dx / norm, dy / norm
        tv_grad = -px - py  # the adjoint of the forward differences applied to (px, py)
        tv_grad[:, 1:] += px[:, :-1]
        tv_grad[1:, :] += py[:-1, :]
        grad = fftconvolve(r, flipped, mode="full") + weight * tv_grad
        return 0.5 * np.sum(r * r) + weight * np.sum(norm), grad.ravel()

    result = minimize(objective, x0.ravel(), jac=True, method="L-BFGS-B", bounds=[(0, 1)] * x0.size,
                      options={"maxiter": iterations})
    return result.x.reshape(x0.shape)


def reference_error(case, y, h, sharp):
    """MSE of the TV deconvolution with h; with the true kernel it is kept in the case folder once made."""
    cache = os.path.join(case, "true_kernel_error.json")
    if h is None and os.path.exists(cache):
        return json.load(open(cache))
    x = tv_deconvolution(y, grey(os.path.join(case, "kernel.tiff")) if h is None else h)
    error = float(best_shift(centre(x, y.shape), sharp)[0])
    if h is None:
        with open(cache, "w") as f:
            json.dump(error, f)
    return error


def run_command(line, log):
    """(exit status, seconds, peak RSS in MiB) of a shell line, measured by GNU time around it: a
    child forked from this Python process would inherit its high-water mark."""
    rss_file = log + ".rss"
    start = time.monotonic()
    with open(log, "w") as out:
        status = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file, "sh", "-c", line],
                                stdout=out, stderr=subprocess.STDOUT).returncode
    seconds = time.monotonic() - start
    try:
        rss = int(open(rss_file).read().split()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        rss = float("nan")
    return status, seconds, rss


def score_case(case, cmd, work, ratio):
    name = os.path.basename(case)
    meta = json.load(open(os.path.join(case, "meta.json")))
    y = grey(os.path.join(case, "blurred.png"))
    sharp = centre(grey(os.path.join(case, "sharp.tiff")), y.shape)
    out, kernel, log = (os.path.join(work, name + suffix) for suffix in ("_out.png", "_kernel.tiff", ".log"))
    for stale in (out, kernel):
        if os.path.exists(stale):
            os.remove(stale)
    status, seconds, rss = run_command(
        cmd.format(blurred=os.path.join(case, "blurred.png"), out=out, kernel=kernel, ksize=meta["kernel_size"]), log)
    row = {"case": name, "psnr_in": psnr(best_shift(y, sharp)[0]), "psnr": float("nan"), "ssim": float("nan"),
           "ratio": float("inf"), "seconds": seconds, "rss_mib": rss, "status": status}
    if status != 0 or not os.path.exists(out):
        row["error"] = (open(log).read().strip().splitlines() or ["exit status %d" % status])[-1]
        return row
    mse, A, R = best_shift(centre(grey(out), y.shape), sharp)
    row.update(psnr=psnr(mse), ssim=structural_similarity(A, R, data_range=1.0))
    if not ratio:
        row["ratio"] = float("nan")
    elif os.path.exists(kernel):
        h = np.clip(grey(kernel), 0, None)
        row["ratio"] = reference_error(case, y, h / max(h.sum(), 1e-12), sharp) / reference_error(case, y, None, sharp)
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cases")
    ap.add_argument("--cmd", required=True)
    ap.add_argument("--jobs", type=int, default=1, help="cases at once (their times then include contention)")
    ap.add_argument("--no-ratio", action="store_true", help="skip the kernel error ratio (much faster)")
    ap.add_argument("--json", help="also write every row to this file")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="deblur-score-")
    cases = sorted(os.path.join(a.cases, n) for n in os.listdir(a.cases)
                   if os.path.exists(os.path.join(a.cases, n, "meta.json")))
    rows = []
    with ProcessPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        for r in pool.map(score_case, cases, [a.cmd] * len(cases), [work] * len(cases), [not a.no_ratio] * len(cases)):
            rows.append(r)
            print("%-14s in %5.2f dB  out %5.2f dB  ssim %.3f  ratio %5.2f  %5.1f s  %5.0f MiB  %s" % (
                r["case"], r["psnr_in"], r["psnr"], r["ssim"], r["ratio"], r["seconds"], r["rss_mib"],
                "ERROR " + r["error"] if "error" in r else ""), flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)
    ratios = [r["ratio"] for r in rows]
    print("summary: %d cases  psnr gain %+.2f dB  ssim %.3f  success (ratio <= 2) %d of %d  median ratio %.2f  "
          "time %.1f s  peak rss %.0f MiB (largest case)  outputs in %s" % (
              len(rows), np.nanmean([r["psnr"] - r["psnr_in"] for r in rows]), np.nanmean([r["ssim"] for r in rows]),
              sum(x <= 2 for x in ratios), len(rows), np.median(ratios), sum(r["seconds"] for r in rows),
              np.nanmax([r["rss_mib"] for r in rows]), work))
    sys.exit(1 if any("error" in r for r in rows) else 0)


if __name__ == "__main__":
    main()
