#!/usr/bin/python3
"""Our F# kernelspec side by side with .NET Interactive's F# kernel, through the same jupyter_client code, and our C#
kernelspec in the same run (F# support must cost C# users nothing). Prints a Markdown report
(scripts/compare-fsharp-kernels.sh writes it to docs/benchmarks/fsharp.md).

    JUPYTER_PATH=<share/jupyter with the kernelspecs> /usr/bin/python3 scripts/compare-fsharp-kernels.py OURS OLD CSHARP

Per F# kernel, fresh kernels: start -> kernel_info reply; first F# cell result after start; median round trip of a
trivial F# cell, timed in alternating pairs; median completion latency of `List.ma`; RSS after the first cells and
after N more declaring cells (F# Interactive emits an assembly per interaction), N = 1,000 or as many as the old
kernel finishes in a capped time. For the C# kernelspec: start -> kernel_info and first cell, as the README's goals
are stated.
"""
import statistics
import subprocess
import sys
import time

import jupyter_client

from kernel_timing import round_trip, rss_mib

CELLS = 1000
CAP_SECONDS = 300


def start(name, first="1+1"):
    km = jupyter_client.KernelManager(kernel_name=name)
    started = time.perf_counter()
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # .NET Interactive logs its web host to the console
    kc = km.client()
    kc.start_channels()
    kc.kernel_info()
    while True:
        reply = kc.get_shell_msg(timeout=120)
        if reply["msg_type"] == "kernel_info_reply":
            break
    to_info = time.perf_counter() - started
    kc.wait_for_ready(timeout=120)
    round_trip(kc, first)
    return km, kc, {"to_info": to_info, "first_cell": time.perf_counter() - started}


def completion(kc, code="List.ma", times=20):
    latencies = []
    for _ in range(times):
        started = time.perf_counter()
        msg_id = kc.complete(code, len(code))
        while True:
            reply = kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        latencies.append(time.perf_counter() - started)
        if "map" not in reply["content"].get("matches", []):
            raise RuntimeError(f"completion of {code!r} did not offer map: {reply['content'].get('matches', [])[:10]}")
    return statistics.median(latencies)


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def main():
    ours, old, csharp = sys.argv[1], sys.argv[2], sys.argv[3]
    results = {}
    kernels = {name: start(name) for name in (old, ours)}
    time.sleep(3)
    trivial = {name: [] for name in kernels}
    for name, (_, kc, _) in kernels.items():
        for _ in range(10):
            round_trip(kc, "1+1")
    for _ in range(100):
        for name, (_, kc, _) in kernels.items():
            trivial[name].append(round_trip(kc, "1+1"))
    for name, (km, kc, result) in kernels.items():
        result["trivial"] = statistics.median(trivial[name])
        result["complete"] = completion(kc)
        result["rss_before"] = rss_mib(km.provisioner.process.pid)
    # As many declaring cells as the old kernel finishes within the cap (at most 1,000), then as many on ours.
    km, kc, result = kernels[old]
    started, finished = time.perf_counter(), 0
    while finished < CELLS and time.perf_counter() - started < CAP_SECONDS:
        round_trip(kc, f"let more{finished} = Array.zeroCreate<int> 100")
        finished += 1
    result["cells_seconds"] = time.perf_counter() - started
    result["rss_after"] = rss_mib(km.provisioner.process.pid)
    km, kc, result = kernels[ours]
    started = time.perf_counter()
    for i in range(finished):
        round_trip(kc, f"let more{i} = Array.zeroCreate<int> 100")
    result["cells_seconds"] = time.perf_counter() - started
    result["rss_after"] = rss_mib(km.provisioner.process.pid)
    for km, kc, _ in kernels.values():
        stop(km, kc)
    results = {name: r for name, (_, _, r) in kernels.items()}
    km, kc, csharp_result = start(csharp)
    stop(km, kc)

    a, b = results[ours], results[old]
    print("| measure | LossNotebooks F# | .NET Interactive F# | ratio |")
    print("|---|---:|---:|---:|")
    rows = (("start -> kernel_info reply", "to_info", "s", 1), ("first F# cell result after start", "first_cell", "s", 1),
            ("trivial F# cell round trip (median of 100 alternating pairs)", "trivial", "ms", 1000),
            ("completion `List.ma` (median of 20)", "complete", "ms", 1000),
            ("RSS after the first 111 cells", "rss_before", "MiB", 1),
            (f"RSS after {finished} more declaring cells", "rss_after", "MiB", 1),
            (f"time for those {finished} cells", "cells_seconds", "s", 1))
    for label, key, unit, scale in rows:
        print(f"| {label} | {a[key] * scale:.3g} {unit} | {b[key] * scale:.3g} {unit} | {a[key] / b[key]:.2f}x |")
    print(f"| RSS growth over those {finished} cells | {a['rss_after'] - a['rss_before']:.3g} MiB | {b['rss_after'] - b['rss_before']:.3g} MiB | |")
    print()
    print(f"The declaring cell is `let moreN = Array.zeroCreate<int> 100`; {finished} is how many .NET Interactive finished within "
          f"{CAP_SECONDS} s (at most {CELLS}), then the same number ran on LossNotebooks. RSS includes child processes.")
    print()
    print("Our C# kernelspec in the same run, which loads no F# (the README's kernel goals: start ≤ ipykernel's, "
          "first cell ≤ 1 s after start, measured against ipykernel by `scripts/benchmark-kernels.sh`):")
    print()
    print("| measure | LossNotebooks C# |")
    print("|---|---:|")
    print(f"| start -> kernel_info reply | {csharp_result['to_info']:.3g} s |")
    print(f"| first C# cell result after start | {csharp_result['first_cell']:.3g} s |")


if __name__ == "__main__":
    main()
