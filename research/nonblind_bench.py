#!/usr/bin/python3
"""The non-blind pass against the scorer's own TV deconvolution, both with the true kernel.

    /usr/bin/python3 research/nonblind_bench.py CASEDIR [CASEDIR...] [--jobs 2] [--no-12mp] [-- extra deblur args]

CASEDIRs are make_devset.py folders (e.g. /tmp/dev1 from `make_devset.py /tmp/dev1 --seed 1`). Prints the
mean PSNR gain per kind of photo for score.py --oracle (its plain TV deconvolution, cached per case in
oracle_tv.npy after the first run) and for `build/deblur --kernel TRUE_KERNEL`, then times deblur on a
12 MP colour photo (a devset photo upscaled to 4000x3000 and blurred with a 41 px kernel, made once in
/tmp) with /usr/bin/time: seconds and peak memory.
"""
import argparse, collections, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared")
SCORE = os.path.join(SHARED, "tools", "score.py")
DEBLUR = os.path.join(ROOT, "build", "deblur")


def score(casedir, jobs, oracle, extra, work):
    out = os.path.join(work, ("oracle" if oracle else "ours") + "_" + os.path.basename(casedir.rstrip("/")) + ".json")
    cmd = [sys.executable, SCORE, casedir, "--jobs", str(jobs), "--no-ratio", "--json", out, "--work", work]
    if oracle:
        cmd.append("--oracle")
    else:
        # score.py has no placeholder for the true kernel: it is kernel.tiff beside {blurred}
        cmd += ["--cmd", DEBLUR + ' {blurred} -o {out} --kernel "$(dirname {blurred})/kernel.tiff" -q ' + " ".join(extra)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return {r["case"]: r for r in json.load(open(out))}


def table(oracle, ours):
    kinds = collections.defaultdict(lambda: ([], [], []))
    for case, o in oracle.items():
        r = ours[case]
        for kind in (case.split("_")[0], "all"):
            kinds[kind][0].append(o["psnr"] - o["psnr_in"])
            kinds[kind][1].append(r["psnr"] - r["psnr_in"])
            kinds[kind][2].append(r["seconds"])
    print("%-10s %6s %12s %12s %8s %8s" % ("kind", "cases", "scorer TV", "deblur", "diff", "s/case"))
    for kind in sorted(kinds, key=lambda k: (k == "all", k)):
        t, d, s = kinds[kind]
        mt, md = sum(t) / len(t), sum(d) / len(d)
        print("%-10s %6d %+11.2f dB %+11.2f dB %+7.2f %8.2f" % (kind, len(t), mt, md, md - mt, sum(s) / len(s)))


def twelve_megapixels(extra):
    import numpy as np
    import skimage.io as io
    from scipy.signal import fftconvolve
    from skimage.transform import resize
    path = os.path.join(tempfile.gettempdir(), "deblur_12mp")
    os.makedirs(path, exist_ok=True)
    blurred, kernel = os.path.join(path, "blurred.png"), os.path.join(path, "kernel.tiff")
    if not os.path.exists(blurred):
        photo = os.path.join(SHARED, "data", "devset", "sharp", sorted(os.listdir(os.path.join(SHARED, "data", "devset", "sharp")))[0])
        x = resize(io.imread(photo)[..., :3].astype(np.float64) / 255, (3000 + 40, 4000 + 40, 3), order=3)
        k = np.zeros((41, 41))
        for t in np.linspace(0, 1, 200):  # a curved stroke
            k[int(round(20 + 16 * np.sin(3 * t))), int(round(4 + 32 * t))] += 1
        k /= k.sum()
        y = np.stack([fftconvolve(x[..., c], k, mode="valid") for c in range(3)], axis=2)
        y = np.clip(y + np.random.default_rng(1).normal(0, 0.005, y.shape), 0, 1)
        io.imsave(blurred, (y * 255).round().astype(np.uint8), check_contrast=False)
        io.imsave(kernel, k.astype(np.float32), check_contrast=False)
    out = os.path.join(path, "out.png")
    p = subprocess.run(["/usr/bin/time", "-f", "%e s %M KB", DEBLUR, blurred, "-o", out, "--kernel", kernel, "-q"] + extra,
                       capture_output=True, text=True, check=True)
    print("12 MP colour (4000x3000, 41 px kernel): " + p.stderr.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("casedirs", nargs="+")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-12mp", action="store_true")
    ap.add_argument("extra", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    extra = [e for e in a.extra if e != "--"]
    work = os.path.join(tempfile.gettempdir(), "deblur_nonblind_bench")
    os.makedirs(work, exist_ok=True)
    oracle, ours = {}, {}
    for d in a.casedirs:
        oracle.update({c + "@" + d: r for c, r in score(d, a.jobs, True, extra, work).items()})
        ours.update({c + "@" + d: r for c, r in score(d, a.jobs, False, extra, work).items()})
    table(oracle, ours)
    if not a.no_12mp:
        twelve_megapixels(extra)


if __name__ == "__main__":
    main()
