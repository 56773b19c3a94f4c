#!/usr/bin/python3
"""PyTorch side of the fused-kernel benchmark: the same losses and sizes as FusedKernelBenchmarks, float32, with
Debian's python3-torch (PyTorch 1.13, its default threads). Prints `loss n forward_ms forward_backward_ms forward_backward_fresh_grad_ms` lines."""
import time

import torch

torch.manual_seed(0)


def median_ms(fn, repeat):
    for _ in range(3):
        fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    times.sort()
    return times[len(times) // 2] * 1000


for loss in ("mse", "bce_logits", "cross_entropy"):
    f = {"mse": torch.nn.functional.mse_loss, "bce_logits": torch.nn.functional.binary_cross_entropy_with_logits,
         "cross_entropy": torch.nn.functional.cross_entropy}[loss]
    for n in (10_000, 1_000_000, 10_000_000):
        if loss == "cross_entropy":
            x = torch.randn(n // 1000, 1000)
            y = torch.randint(0, 1000, (n // 1000,))
        else:
            x = torch.randn(n)
            y = torch.rand(n) if loss == "bce_logits" else torch.randn(n)
        w = x.clone().requires_grad_(True)
        repeat = 200 if n <= 1_000_000 else 20

        def forward():
            with torch.no_grad():
                f(x, y).item()

        def forward_backward():
            f(w, y).backward()

        def forward_backward_fresh_grad():
            w.grad = None
            f(w, y).backward()

        print(loss, n, f"{median_ms(forward, repeat):.4f}", f"{median_ms(forward_backward, repeat):.4f}",
              f"{median_ms(forward_backward_fresh_grad, repeat):.4f}")
