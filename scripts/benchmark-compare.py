#!/usr/bin/python3
"""Times `lossnb compare` on generated regression data (a target, two models, the six default losses): the old
in-memory CSV path against the streaming one on the same CSV files, then the streaming one on Parquet up to 1e8 rows,
with the peak memory (RSS) of each process.

    /usr/bin/python3 scripts/benchmark-compare.py OLD_LOSSNB_DLL NEW_LOSSNB_DLL [--large-rows 100000000]

The files are written by scripts/make-compare-data.cs (deterministic values), so every run reads the same data.
"""
import argparse
import os
import re
import statistics
import subprocess
import tempfile
import time


def make(path, rows):
    subprocess.run(["dotnet", "run", "scripts/make-compare-data.cs", "--", path, str(rows)], check=True, capture_output=True)


def run(dll, path):
    """Wall time, the first-pass (or parse) and loss times lossnb prints, the MSE of model_a, and the peak RSS (MiB) of the process."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", "dotnet", dll, "compare", path, "--target", "y", "--pred", "model_a,model_b"],
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{dll} failed on {path}: {done.stderr}")
    old = re.search(r"time: parse ([\d.]+) s, losses ([\d.]+) s", done.stdout)
    new = re.search(r"time: reading and losses ([\d.]+) s", done.stdout)
    first, losses = (float(old.group(1)), float(old.group(2))) if old else (float(new.group(1)), 0.0)
    mse = re.search(r"mse_loss\s*│\s*([\d.]+)", done.stdout).group(1)
    return wall, first, losses, int(done.stderr.strip().splitlines()[-1]) / 1024, mse


def row(label, dll, path, repeats=1):
    runs = [run(dll, path) for _ in range(repeats)]
    wall, first, losses = (statistics.median(r[i] for r in runs) for i in range(3))
    rss = max(r[3] for r in runs)
    print(f"| {label} | {wall:.2f} s | {first + losses:.2f} s | {rss:.0f} MiB | {runs[0][4]} |")
    return wall, rss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--csv-rows", type=int, default=10_000_000)
    parser.add_argument("--large-rows", type=int, default=100_000_000)
    args = parser.parse_args()
    print("| data | path | end to end | reading and losses | peak RSS | MSE of model_a |")
    print("|---|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        small = os.path.join(folder, "small.csv")
        make(small, args.rows)
        run(args.new, small)  # warm the file cache and both builds
        run(args.old, small)
        old_small, _ = row(f"{args.rows:.0e} rows CSV (median of 3) | old", args.old, small, 3)
        new_small, _ = row(f"{args.rows:.0e} rows CSV (median of 3) | streaming", args.new, small, 3)
        os.remove(small)

        csv = os.path.join(folder, "large.csv")
        make(csv, args.csv_rows)
        size = os.path.getsize(csv) / 2**20
        old_csv, old_rss = row(f"{args.csv_rows:.0e} rows CSV ({size:.0f} MiB) | old", args.old, csv)
        new_csv, new_rss = row(f"{args.csv_rows:.0e} rows CSV ({size:.0f} MiB) | streaming", args.new, csv)
        os.remove(csv)

        times = {}
        for rows in (args.csv_rows, args.large_rows):
            parquet = os.path.join(folder, f"data-{rows}.parquet")
            make(parquet, rows)
            size = os.path.getsize(parquet) / 2**20
            times[rows], rss = row(f"{rows:.0e} rows Parquet ({size:.0f} MiB) | streaming", args.new, parquet)
            os.remove(parquet)
        print()
        print(f"Ratios (streaming / old, same files): {args.rows:.0e}-row CSV end to end {new_small / old_small:.2f}x; "
              f"{args.csv_rows:.0e}-row CSV end to end {new_csv / old_csv:.2f}x, peak RSS {new_rss / old_rss:.2f}x. "
              f"Parquet time per row at {args.large_rows:.0e} rows over {args.csv_rows:.0e} rows: "
              f"{times[args.large_rows] / args.large_rows / (times[args.csv_rows] / args.csv_rows):.2f} (1 = linear in rows); "
              f"peak RSS at {args.large_rows:.0e} rows: {rss:.0f} MiB (goal: under 1024).")


if __name__ == "__main__":
    main()
