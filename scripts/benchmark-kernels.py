#!/usr/bin/python3
"""Measures the C# kernel side by side with Debian's ipykernel through the same jupyter_client code.

    JUPYTER_PATH=<share/jupyter with our kernelspec> /usr/bin/python3 scripts/benchmark-kernels.py [--cells 1000]

In rounds with fresh kernels (this 2-core machine's speed drifts; medians over rounds are reported), per kernel:
start -> kernel_info reply; first cell result after start; median round trip of a trivial cell (until reply and
idle) after warm-up, timed in alternating pairs with the other kernel; RSS after start, after warm-up, and after N
more cells (the growth); for C#, median completion latency of `Console.`. Prints a Markdown table with ratios
against ipykernel.
"""
import argparse
import statistics
import time

import jupyter_client

from kernel_timing import round_trip, rss_mib

TRIVIAL = {"csharp": "1+1", "python3": "1+1"}


def start(name):
    """Starts a kernel: seconds to its kernel_info reply and to its first cell's result, and its RSS then."""
    km = jupyter_client.KernelManager(kernel_name=name)
    started = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.kernel_info()
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["msg_type"] == "kernel_info_reply":
            break
    to_info = time.perf_counter() - started
    kc.wait_for_ready(timeout=60)  # also makes sure IOPub is subscribed before the first cell
    round_trip(kc, TRIVIAL[name])
    first_cell = time.perf_counter() - started
    pid = km.provisioner.process.pid
    return km, kc, pid, {"to_info": to_info, "first_cell": first_cell, "rss_start": rss_mib(pid)}


def measure_round(cells, pairs):
    """One round: both kernels started one after the other (each alone on the machine), then measured side by side.

    The trivial cell is timed in alternating pairs (C#, ipykernel, C#, ...), so both kernels see the same machine
    state: this 2-core machine's speed drifts by tens of percent within minutes.
    """
    # ipykernel first: it does no background work after start, while ours warms Roslyn and its completion workspace
    # in the background for a few seconds after its first reply (waited out before the paired timing)
    kernels = {name: start(name) for name in ("python3", "csharp")}
    time.sleep(3)
    for name, (_, kc, _, _) in kernels.items():
        for _ in range(20):
            round_trip(kc, TRIVIAL[name])
    trivial = {name: [] for name in kernels}
    for _ in range(pairs):
        for name, (_, kc, _, _) in kernels.items():
            trivial[name].append(round_trip(kc, TRIVIAL[name]))
    time.sleep(2)  # background warm-ups (our completion workspace) have finished: growth below is per cell
    results = {}
    for name, (km, kc, pid, result) in kernels.items():
        result["trivial"] = statistics.median(trivial[name])
        result["rss_warm"] = rss_mib(pid)
        for _ in range(cells):
            round_trip(kc, TRIVIAL[name])
        result["rss_end"] = rss_mib(pid)
        result["completion"] = completion_latency(kc) if name == "csharp" else None
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        results[name] = result
    return results["csharp"], results["python3"]


def completion_latency(kc):
    """Median seconds for a completion request of `Console.` (after 10 warm-up requests)."""
    times = []
    for _ in range(60):
        t = time.perf_counter()
        kc.complete("Console.", 8)
        kc.get_shell_msg(timeout=60)
        times.append(time.perf_counter() - t)
    return statistics.median(times[10:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=300, help="trivial cells per kernel, timed in alternating pairs")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each with fresh kernels; medians are reported")
    args = parser.parse_args()
    rounds = [measure_round(args.cells, args.pairs) for _ in range(args.rounds)]
    ours = {key: statistics.median(r[0][key] for r in rounds) for key in rounds[0][0]}
    ref = {key: statistics.median(r[1][key] for r in rounds) for key in rounds[0][1] if rounds[0][1][key] is not None}
    ratios = [r[0]["trivial"] / r[1]["trivial"] for r in rounds]
    rows = [
        ("start -> kernel_info reply", "to_info", "s", 1),
        ("first cell result after start", "first_cell", "s", 1),
        ("trivial cell round trip (median)", "trivial", "ms", 1000),
        ("RSS after start", "rss_start", "MiB", 1),
        (f"RSS after warm-up ({21 + args.pairs} cells)", "rss_warm", "MiB", 1),
        (f"RSS after {args.cells} more cells", "rss_end", "MiB", 1),
    ]
    print("| measure | C# (LossNotebooks) | ipykernel (Debian) | ratio |")
    print("|---|---:|---:|---:|")
    for label, key, unit, scale in rows:
        print(f"| {label} | {ours[key] * scale:.3g} {unit} | {ref[key] * scale:.3g} {unit} | {ours[key] / ref[key]:.2f}x |")
    print(f"| RSS growth over {args.cells} cells | {ours['rss_end'] - ours['rss_warm']:.1f} MiB | "
          f"{ref['rss_end'] - ref['rss_warm']:.1f} MiB | |")
    print(f"| completion `Console.` (median) | {ours['completion'] * 1000:.3g} ms | — | |")
    print()
    print(f"Medians of {args.rounds} rounds with fresh kernels; the trivial cell is timed in {args.pairs} alternating pairs "
          "(C#, ipykernel) per round after 20 warm-up cells each; its ratio per round: "
          + ", ".join(f"{r:.2f}x" for r in ratios) + ".")


if __name__ == "__main__":
    main()
