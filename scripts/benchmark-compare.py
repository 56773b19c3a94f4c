#!/usr/bin/python3
"""Times `lossnb compare` on generated regression data: 1e6 rows x 2 models x the default losses (parse and loss
computation reported separately by lossnb), and the peak memory (RSS) of a 1e7-row file.

    /usr/bin/python3 scripts/benchmark-compare.py LOSSNB_DLL [--large-rows 10000000]

Data are generated with a fixed seed (numpy), so every run reads the same files.
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import tempfile
import time

import numpy as np


def make(path, rows):
    rng = np.random.default_rng(0)
    y = rng.normal(100, 20, rows)
    a = y + rng.normal(0, 5, rows)
    b = y + rng.standard_t(2, rows) * 4
    with open(path, "w") as f:
        f.write("y,model_a,model_b\n")
        chunk = 1_000_000
        for start in range(0, rows, chunk):
            block = np.column_stack([y[start:start + chunk], a[start:start + chunk], b[start:start + chunk]])
            np.savetxt(f, block, fmt="%.4f", delimiter=",")


def run(dll, path):
    started = time.perf_counter()
    out = subprocess.run(["dotnet", dll, "compare", path, "--target", "y", "--pred", "model_a,model_b"],
                         capture_output=True, text=True, check=True).stdout
    wall = time.perf_counter() - started
    parse, losses, study = map(float, re.search(r"time: parse ([\d.]+) s, losses ([\d.]+) s, study ([\d.]+) s", out).groups())
    return wall, parse, losses, study


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dll")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--large-rows", type=int, default=10_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "data.csv")
        make(path, args.rows)
        run(args.dll, path)  # warm the file cache and the build
        runs = [run(args.dll, path) for _ in range(3)]
        median = [statistics.median(r[i] for r in runs) for i in range(4)]
        print(f"| {args.rows:.0e} rows × 2 models × 6 default losses (median of 3) | end to end {median[0]:.2f} s | parse {median[1]:.2f} s "
              f"| losses {median[2]:.2f} s | curves, top-k, robustness {median[3]:.2f} s |")
        os.remove(path)
        large = os.path.join(folder, "large.csv")
        make(large, args.large_rows)
        size = os.path.getsize(large) / 2**20
        wall, parse, losses, study = run(args.dll, large)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"| {args.large_rows:.0e} rows ({size:.0f} MiB file) | end to end {wall:.2f} s | parse {parse:.2f} s | losses {losses:.2f} s "
              f"| peak RSS {peak:.0f} MiB |")


if __name__ == "__main__":
    main()
