#!/usr/bin/python3
"""Mutation fuzzing of everything deblur reads: images of every input format, kernels and TOML configs.

    fuzz.py DEBLUR TESTKIT WORKDIR [--trials N] [--seed S] [--timeout SECONDS]

Each trial takes a valid file (written by `testkit images`, or a valid config), flips bits, inserts,
deletes or overwrites bytes, or truncates it (fixed seed: the same trials every run), runs deblur on
it with fast solver settings, and checks the contract of README "What deblur refuses": exit status
0 or 2 only; on 2 exactly one stderr line and nothing left in the output folder; no timeout. Under
the sanitizers any report ends the process with another status, so it fails the trial as well.
Failing inputs are kept in WORKDIR/failures with the command that reproduces them.
"""
import argparse, os, random, shutil, subprocess, sys

# (seed file, extension of the output): every image format and layout deblur reads.
IMAGES = [("grey8.png", "png"), ("colour16.png", "png"), ("rgba8.png", "png"), ("grey8.jpg", "jpg"),
          ("rotated.jpg", "png"), ("float32.tiff", "tiff"), ("colour16.tif", "tif"), ("colour8.webp", "webp"),
          ("grey8.bmp", "bmp"), ("grey8.pgm", "pgm"), ("colour16.ppm", "ppm")]
KERNELS = ["case_kernel.csv", "case_kernel.tiff", "case_kernel.png"]
# A short config with fast settings; every byte of it is mutated, so its keys are the ones exercised.
RUN_CONFIG = b"""# fast settings for fuzzing
[kernel]
size = 5
[run]
iterations = 2
tolerance = 0.01
[final]
irls_rounds = 1
cg_iterations = 3
"""
FAST = ["--kernel-size", "5", "--set", "run.iterations=2", "--set", "final.irls_rounds=1",
        "--set", "final.cg_iterations=3", "--threads", "1", "-q"]


def mutate(data, rng):
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["flip", "flip", "insert", "delete", "overwrite", "truncate"])
        pos = rng.randrange(len(data) + 1)
        if kind == "flip" and data:
            pos = min(pos, len(data) - 1)
            data[pos] ^= 1 << rng.randrange(8)
        elif kind == "insert":
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif kind == "delete":
            del data[pos:pos + rng.randint(1, 16)]
        elif kind == "overwrite" and data:
            pos = min(pos, len(data) - 1)
            value = rng.choice([0x00, 0xFF, 0x7F, 0x80, 0x01]) if rng.random() < 0.7 else rng.randrange(256)
            data[pos:pos + rng.randint(1, 4)] = bytes([value]) * rng.randint(1, 4)
        elif kind == "truncate":
            del data[pos:]
    return bytes(data)


def trial(i, rng, deblur, inputs, work, timeout):
    """Returns (exit status, problem or None, command, mutated file)."""
    out_dir = os.path.join(work, "out")
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    kind = ["image", "image", "image", "kernel", "config", "print-config"][i % 6]
    if kind == "image":
        seed, ext = rng.choice(IMAGES)
        path = os.path.join(work, "mutant_" + seed)
        args = [path, "-o", os.path.join(out_dir, "result." + ext)] + FAST
    elif kind == "kernel":
        seed = rng.choice(KERNELS)
        path = os.path.join(work, "mutant_" + seed)
        args = [os.path.join(inputs, "grey8.png"), "-o", os.path.join(out_dir, "result.png"), "--kernel", path,
                "--set", "final.irls_rounds=1", "--threads", "1", "-q"]
    else:
        seed = "config.toml"
        path = os.path.join(work, "mutant.toml")
        args = [os.path.join(inputs, "grey8.png"), "-o", os.path.join(out_dir, "result.png"), "--config", path, "-q"]
        if kind == "print-config":
            args.append("--print-config")
    source = RUN_CONFIG if kind == "config" else None
    if kind == "print-config":
        source = open(os.path.join(work, "default.toml"), "rb").read()
    if source is None:
        source = open(os.path.join(inputs, seed), "rb").read()
    with open(path, "wb") as f:
        f.write(mutate(source, rng))
    cmd = [deblur] + args
    try:
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", "timeout after %g s" % timeout, cmd, path
    err = p.stderr.decode(errors="replace")
    left = os.listdir(out_dir)
    problem = None
    if p.returncode not in (0, 2):
        problem = "exit status %d: %s" % (p.returncode, err.strip()[-2000:])
    elif p.returncode == 2 and len(err.splitlines()) != 1:
        problem = "exit 2 with %d stderr lines: %s" % (len(err.splitlines()), err.strip())
    elif p.returncode == 2 and left:
        problem = "exit 2 left %s in the output folder" % left
    elif p.returncode == 0 and kind != "print-config" and len(left) != 1:
        problem = "exit 0 but the output folder holds %s" % left
    return p.returncode, problem, cmd, path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("deblur")
    ap.add_argument("testkit")
    ap.add_argument("work")
    ap.add_argument("--trials", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=120)
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    inputs = os.path.join(a.work, "in")
    os.makedirs(inputs)
    subprocess.run([a.testkit, "images", inputs], check=True)
    with open(os.path.join(a.work, "default.toml"), "wb") as f:
        f.write(subprocess.run([a.deblur, "--print-config"], check=True, stdout=subprocess.PIPE).stdout)
    failures = os.path.join(a.work, "failures")
    os.makedirs(failures)
    rng = random.Random(a.seed)
    statuses = {}
    failed = 0
    for i in range(a.trials):
        rc, problem, cmd, path = trial(i, rng, a.deblur, inputs, a.work, a.timeout)
        statuses[rc] = statuses.get(rc, 0) + 1
        if problem:
            failed += 1
            kept = os.path.join(failures, "%04d_%s" % (i, os.path.basename(path)))
            shutil.copy(path, kept)
            print("FAIL trial %d: %s\n  %s\n  input kept as %s" % (i, problem, " ".join(cmd), kept), flush=True)
    print("%d trials (seed %d), exit statuses %s, %d failed" % (a.trials, a.seed, statuses, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
