#!/usr/bin/env bash
# Whole training steps (MLP forward, loss, backward, SGD step) through the library's entry points, with the fused
# kernels off (libtorch's), and in PyTorch 1.13, in one run. Writes docs/benchmarks/training-step.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet run -c Release --project tests/LossNotebooks.Benchmarks -- training-step > "$out/csharp.txt"
/usr/bin/python3 scripts/benchmark-training-step.py > "$out/pytorch.txt"
/usr/bin/python3 - "$out" <<'PY' | tee docs/benchmarks/training-step.md
import datetime, os, sys
out = sys.argv[1]
NOTE = "PyTorch here is Debian's build (`BLAS_INFO=generic`: the MLP's matrix products go through a generic BLAS), so its whole steps are slower for reasons that have nothing to do with losses: compare its *loss share* column, not its step time. Loss shares are differences of two medians from one run: read them as rough. What the table shows: with the fused kernels the loss is a small part of a step, and where libtorch's loss is costly (cross-entropy at 1e7 outputs, MSE at 1e6 in this run) the entry point makes the whole step several times faster. In a step the loss's input is the model's output, not a leaf tensor, so the gradient the fused kernel writes during the forward pass goes into the last layer's backward without a copy (the copy into a cleared leaf `.grad` that [fused.md](fused.md) measures does not occur in training; why it occurs there: [../losses.md](../losses.md#fused-cpu-kernels))."
cs = {(l.split()[0], int(l.split()[1])): [float(v) for v in l.split()[2:]] for l in open(os.path.join(out, "csharp.txt")) if l.strip()}
py = {(l.split()[0], int(l.split()[1])): [float(v) for v in l.split()[2:]] for l in open(os.path.join(out, "pytorch.txt")) if l.strip()}
print("# Training steps: library vs libtorch's kernels vs PyTorch")
print()
print(f"Measured {datetime.date.today()} on {os.cpu_count()} cores by `scripts/benchmark-training-step.sh` (float32, one run). A step is "
      "`zero_grad`, a small MLP's forward (16 → 64 → K, ReLU; K = 10, or 100 classes for cross-entropy), the loss, "
      "`backward` and an SGD step, over *outputs* = rows × K elements; medians of timed steps after warm-up steps "
      "(`tests/LossNotebooks.Benchmarks/TrainingStep.cs`, `scripts/benchmark-training-step.py`). *Entry point*: the "
      "library's function as users call it (fused kernels where its dispatch rule says so); *native*: the same under "
      "`FusedKernels.Disable()`; *no loss*: the step with the output's mean in place of the loss, so *step − no loss* is "
      "what the loss costs in a step. The three C# variants run interleaved step by step. This VM faults fresh memory "
      "pages at ~11 µs each, and a step at 1e7 outputs allocates hundreds of MB of activations and gradients: absolute "
      "times there exaggerate; compare ratios.")
print()
print("| loss | outputs | entry point | native | PyTorch 1.13 | native / entry | PyTorch / entry | loss share, entry | loss share, native | loss share, PyTorch |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for (loss, n), (entry, native, base) in cs.items():
    torch_step, torch_base = py[(loss, n)]
    share = lambda step, b: f"{max(0.0, step - b) / step:.0%}"
    print(f"| {loss} | {n:.0e} | {entry:.4g} ms | {native:.4g} ms | {torch_step:.4g} ms | {native / entry:.2f}× | {torch_step / entry:.2f}× | "
          f"{share(entry, base)} | {share(native, base)} | {share(torch_step, torch_base)} |")
print()
print(NOTE)
PY
