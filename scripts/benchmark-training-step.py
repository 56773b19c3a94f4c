#!/usr/bin/python3
"""PyTorch side of the training-step benchmark: the same MLP (16 -> 64 -> K, ReLU), losses, sizes and step as
tests/LossNotebooks.Benchmarks/TrainingStep.cs, float32, with Debian's python3-torch (PyTorch 1.13, its default
threads). Prints `loss outputs step_ms baseline_ms` lines (baseline: the output's mean as the loss)."""
import time

import torch
import torch.nn.functional as F

LOSSES = (("mse", 10), ("huber", 10), ("bce_logits", 10), ("cross_entropy", 100))
OUTPUTS = (100_000, 1_000_000, 10_000_000)
COMPUTE = {"mse": F.mse_loss, "huber": F.huber_loss, "bce_logits": F.binary_cross_entropy_with_logits, "cross_entropy": F.cross_entropy}

def measure(loss, width, outputs, warm_up, timed):
    torch.manual_seed(0)
    rows = outputs // width
    features = torch.randn(rows, 16)
    if loss == "cross_entropy":
        target = torch.randint(0, width, (rows,))
    elif loss == "bce_logits":
        target = torch.rand(rows, width)
    else:
        target = torch.randn(rows, width)
    model = torch.nn.Sequential(torch.nn.Linear(16, 64), torch.nn.ReLU(), torch.nn.Linear(64, width))
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    times = ([], [])
    for step in range(warm_up + timed):
        for variant in (0, 1):
            started = time.perf_counter()
            optimizer.zero_grad()
            output = model(features)
            value = output.mean() if variant == 1 else COMPUTE[loss](output, target)
            value.backward()
            optimizer.step()
            if step >= warm_up:
                times[variant].append((time.perf_counter() - started) * 1000)
    median = lambda v: sorted(v)[len(v) // 2] if v else 0.0
    return median(times[0]), median(times[1])


for loss, width in LOSSES:  # warm-up, as the C# side does
    measure(loss, width, 1_000_000, 3, 0)
for loss, width in LOSSES:
    for outputs in OUTPUTS:
        warm_up, timed = (2, 9) if outputs >= 10_000_000 else (3, 21) if outputs >= 1_000_000 else (10, 60)
        step, baseline = measure(loss, width, outputs, warm_up, timed)
        print(loss, outputs, f"{step:.3f}", f"{baseline:.3f}")
