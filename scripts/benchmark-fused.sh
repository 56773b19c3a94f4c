#!/usr/bin/env bash
# Fused kernels vs libtorch native vs PyTorch 1.13 vs copying the inputs, in one run: BenchmarkDotNet (ShortRun) for
# the C# side, scripts/benchmark-fused.py for PyTorch. Writes docs/benchmarks/fused.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet run -c Release --project tests/LossNotebooks.Benchmarks -- --filter '*FusedKernelBenchmarks*' --exporters csv --artifacts "$out" >/dev/null
# The forward pass again with Vector<T> as wide as the CPU allows (.NET stops at 256 bits unless told; the notebook
# kernel's kernelspec tells it), with its own copy baseline.
dotnet run -c Release --project tests/LossNotebooks.Benchmarks -- --filter '*FusedKernelBenchmarks.FusedForward' '*FusedKernelBenchmarks.CopyInputs' \
    --envVars DOTNET_MaxVectorTBitWidth:512 --exporters csv --artifacts "$out/wide" >/dev/null
# The dispatch's own cost at 1e4, where it hands the call to libtorch: entry point and native call alternating.
dotnet run -c Release --project tests/LossNotebooks.Benchmarks -- dispatch > "$out/dispatch.md"
# The forward at 1e7 over the copy, alternating with the copy call by call (a libtorch operation, so the loss starts
# right after libtorch's OpenMP threads ran, as in training): by default, with GNU OpenMP's spin shortened, and with
# both settings of the notebook kernel's kernelspec (ProcessSettings in src/LossNotebooks.Losses/Fused, which lossnb install writes into it).
dotnet run -c Release --project tests/LossNotebooks.Benchmarks -- copy-ratio > "$out/ratio-default.txt"
GOMP_SPINCOUNT=10000 dotnet run -c Release --project tests/LossNotebooks.Benchmarks -- copy-ratio > "$out/ratio-spin.txt"
GOMP_SPINCOUNT=10000 DOTNET_MaxVectorTBitWidth=512 dotnet run -c Release --project tests/LossNotebooks.Benchmarks -- copy-ratio > "$out/ratio-kernel.txt"
/usr/bin/python3 scripts/benchmark-fused.py > "$out/pytorch.txt"
/usr/bin/python3 - "$out" <<'PY' | tee docs/benchmarks/fused.md
import csv, glob, sys, datetime, os
out = sys.argv[1]
rows = list(csv.DictReader(open(glob.glob(os.path.join(out, "results", "*FusedKernelBenchmarks*.csv"))[0])))
def ms(text):
    value, unit = text.replace(",", "").split()
    return float(value) * {"ns": 1e-6, "μs": 1e-3, "us": 1e-3, "ms": 1, "s": 1000}[unit]
c = {(r["Loss"], int(r["N"]), r["Method"]): ms(r["Mean"]) for r in rows}
wide_rows = list(csv.DictReader(open(glob.glob(os.path.join(out, "wide", "results", "*FusedKernelBenchmarks*.csv"))[0])))
wide = {(r["Loss"], int(r["N"]), r["Method"]): ms(r["Mean"]) for r in wide_rows}
log = open(glob.glob(os.path.join(out, "wide", "*.log"))[0]).read()
wide_lanes = 16 if "Vector<float>.Count = 16" in log else 8
py = {}
for line in open(os.path.join(out, "pytorch.txt")):
    loss, n, f, fb, fbf = line.split()
    py[(loss, int(n))] = (float(f), float(fb), float(fbf))
print("# Fused kernels vs libtorch vs PyTorch")
print()
print(f"Measured {datetime.date.today()} on {os.cpu_count()} cores by `scripts/benchmark-fused.sh` (float32; BenchmarkDotNet ShortRun means for C#, "
      "medians for PyTorch 1.13 from Debian; one run). *Entry point*: the library's function as users call it, which takes "
      "the fused kernel where the dispatch rule says so (polynomial losses forward at every size; with autograd, exp/log "
      "losses and cross-entropy from 2^21 elements) and libtorch otherwise; *native*: the same call "
      "under `FusedKernels.Disable()`. Ratios over the entry point's time (> 1: the entry point is faster), and the entry "
      "point's forward over copying its inputs once (scores and targets; cross_entropy: scores [n/1000, 1000]).")
print()
print("## Forward (no autograd)")
print()
print(f"The last two columns: the same entry point and copy under `DOTNET_MaxVectorTBitWidth=512` (Vector<float> of "
      f"{wide_lanes} lanes here; .NET's default is 8 even on AVX-512 CPUs), as the notebook kernel runs.")
print()
print("| loss | n | copy inputs | entry point | native | PyTorch | entry / copy | native / entry | entry point, 512-bit | entry / copy, 512-bit |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
sizes = (10_000, 1_000_000, 10_000_000)
LOSSES = ("mse", "bce_logits", "cross_entropy")  # BenchmarkLoss.Names
for loss in LOSSES:
    for n in sizes:
        k = lambda m: c[(loss, n, m)]
        print(f"| {loss} | {n:.0e} | {k('CopyInputs'):.4g} ms | {k('FusedForward'):.4g} ms | {k('NativeForward'):.4g} ms | {py[(loss, n)][0]:.4g} ms | "
              f"{k('FusedForward') / k('CopyInputs'):.2f}× | {k('NativeForward') / k('FusedForward'):.2f}× | "
              f"{wide[(loss, n, 'FusedForward')]:.4g} ms | {wide[(loss, n, 'FusedForward')] / wide[(loss, n, 'CopyInputs')]:.2f}× |")
print()
print("## Forward right after a libtorch operation")
print()
print("BenchmarkDotNet times the loss call after call, with libtorch idle. In training the loss follows libtorch's own "
      "operations, whose GNU OpenMP threads busy-wait for a while after each one (the spin count's default, 300,000, is "
      "milliseconds) and take cores from the fused kernels' .NET threads. Here the entry point's forward at 1e7 and a "
      "copy of its inputs (a libtorch operation) alternate call by call in one process, 300 pairs; medians of the "
      "per-pair ratio (`tests/LossNotebooks.Benchmarks -- copy-ratio`): with the defaults, with `GOMP_SPINCOUNT=10000`, "
      "and with that and `DOTNET_MaxVectorTBitWidth=512` (the notebook kernel's kernelspec sets both).")
print()
def ratios(name):
    return {line.split()[0]: line.split() for line in open(os.path.join(out, name)) if line.strip()}
runs = [ratios("ratio-default.txt"), ratios("ratio-spin.txt"), ratios("ratio-kernel.txt")]
print("| loss | n | copy inputs (default) | entry point (default) | entry / copy, default | entry / copy, GOMP_SPINCOUNT=10000 | "
      f"entry / copy, kernelspec ({runs[2]['mse'][5]} lanes) |")
print("|---|---:|---:|---:|---:|---:|---:|")
for loss in LOSSES:
    d = runs[0][loss]
    print(f"| {loss} | {int(d[1]):.0e} | {float(d[2]):.4g} ms | {float(d[3]):.4g} ms | {float(d[4]):.2f}× | "
          f"{float(runs[1][loss][4]):.2f}× | {float(runs[2][loss][4]):.2f}× |")
print()
print("## Forward + backward")
print()
print("Into an accumulating `.grad` (gradient accumulation), and into a cleared one (`.grad = None` first, as "
      "`optimizer.zero_grad()` does by default).")
print()
print("| loss | n | entry point | native | PyTorch | native / entry | entry point, fresh .grad | native, fresh .grad | PyTorch, fresh .grad | native / entry, fresh |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for loss in LOSSES:
    for n in sizes:
        k = lambda m: c[(loss, n, m)]
        _, pfb, pfbf = py[(loss, n)]
        print(f"| {loss} | {n:.0e} | {k('FusedForwardBackward'):.4g} ms | {k('NativeForwardBackward'):.4g} ms | {pfb:.4g} ms | "
              f"{k('NativeForwardBackward') / k('FusedForwardBackward'):.2f}× | {k('FusedForwardBackwardFreshGrad'):.4g} ms | "
              f"{k('NativeForwardBackwardFreshGrad'):.4g} ms | {pfbf:.4g} ms | "
              f"{k('NativeForwardBackwardFreshGrad') / k('FusedForwardBackwardFreshGrad'):.2f}× |")
print()
print("## Dispatch overhead at 1e4")
print()
print("Where the entry point hands the call to libtorch: the same call through the entry point and under "
      "`FusedKernels.Disable()`, alternating call by call in one process, 20,000 pairs after 2,000 for warm-up; medians "
      "(`tests/LossNotebooks.Benchmarks -- dispatch`).")
print()
print(open(os.path.join(out, "dispatch.md")).read().rstrip())
PY
