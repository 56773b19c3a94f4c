#!/usr/bin/python3
"""Runs the compatibility notebooks (compatibility/, compatibility-served/ with the feed and server it needs,
compatibility-torchsharp/), the script-semantics cases and a kernel benchmark through two kernels — ours and
.NET Interactive's — and prints a Markdown report (scripts/compare-dotnet-interactive.sh writes it to docs/benchmarks/).

    JUPYTER_PATH=<share/jupyter with both kernelspecs> /usr/bin/python3 scripts/compare-dotnet-interactive.py OURS OLD

Benchmark, per kernel, fresh kernels: start -> kernel_info reply; first cell result after start; median round trip of
a trivial cell, timed in alternating pairs; RSS after 60 declaring cells; the number of declaring cells the old kernel
finishes in a capped time, and the RSS of each kernel after that many.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import jupyter_client

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.join(HERE, "..", "tests", "LossNotebooks.Kernel.Tests")
sys.path.insert(0, os.path.join(TESTS, "clients"))
import script_conformance  # noqa: E402  (the same runner the test command uses)
from kernel_timing import round_trip, rss_mib  # noqa: E402

CAP_SECONDS = 120
MAX_CELLS = 2000


def start(name):
    km = jupyter_client.KernelManager(kernel_name=name)
    started = time.perf_counter()
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # .NET Interactive logs its web host to the console
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    to_info = time.perf_counter() - started
    round_trip(kc, "1+1")
    return km, kc, {"to_info": to_info, "first_cell": time.perf_counter() - started}


def benchmark(ours, old, pairs=100):
    kernels = {name: start(name) for name in (old, ours)}
    time.sleep(3)
    trivial = {name: [] for name in kernels}
    for name, (_, kc, _) in kernels.items():
        for _ in range(10):
            round_trip(kc, "1+1")
    for _ in range(pairs):
        for name, (_, kc, _) in kernels.items():
            trivial[name].append(round_trip(kc, "1+1"))
    results = {}
    for name, (km, kc, result) in kernels.items():
        result["trivial"] = statistics.median(trivial[name])
        for i in range(60):
            round_trip(kc, f"var declared{i} = new int[100]; declared{i}.Length")
        result["rss_60"] = rss_mib(km.provisioner.process.pid)
        results[name] = (km, kc, result)
    # As many declaring cells as the old kernel finishes within the cap, then the same number on ours.
    km, kc, result = results[old]
    started, finished = time.perf_counter(), 0
    while finished < MAX_CELLS and time.perf_counter() - started < CAP_SECONDS:
        round_trip(kc, f"var more{finished} = new int[100]; more{finished}.Length")
        finished += 1
    result["capped_seconds"] = time.perf_counter() - started
    result["rss_capped"] = rss_mib(km.provisioner.process.pid)
    km, kc, result = results[ours]
    started = time.perf_counter()
    for i in range(finished):
        round_trip(kc, f"var more{i} = new int[100]; more{i}.Length")
    result["capped_seconds"] = time.perf_counter() - started
    result["rss_capped"] = rss_mib(km.provisioner.process.pid)
    for km, kc, _ in results.values():
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return {name: r for name, (_, _, r) in results.items()}, finished


def notebooks(kernel, paths):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    subprocess.run([sys.executable, os.path.join(TESTS, "clients", "run_notebooks.py"), kernel, *paths, "--json", out, "--timeout", "300"],
                   capture_output=True, text=True)
    with open(out) as f:
        return {r["notebook"]: r for r in json.load(f)}


SERVED_PORT = 8731  # compatibility-served/sources-and-urls.ipynb fetches from it


def served(root):
    """What compatibility-served/ needs, as a user would have it: a private feed named in the user's NuGet configuration
    (a HOME of its own; the machine's package cache), the notebook in a folder with a nuget.config of its own, and
    data/ served over HTTP. Returns the notebooks' paths in that folder and the server process."""
    import shutil
    from protocol_checks import private_package
    private_package(os.path.join(root, "team"), "LnbPrivate.Hello", True)
    os.makedirs(os.path.join(root, "folder-feed"))
    home = os.path.join(root, "home")
    os.makedirs(os.path.join(home, ".nuget", "NuGet"))
    with open(os.path.join(home, ".nuget", "NuGet", "NuGet.Config"), "w") as f:
        f.write('<configuration><packageSources><add key="nuget.org" value="https://api.nuget.org/v3/index.json" />'
                f'<add key="team" value="{root}/team" /></packageSources></configuration>')
    os.environ["NUGET_PACKAGES"] = os.environ.get("NUGET_PACKAGES") or os.path.expanduser("~/.nuget/packages")
    os.environ["HOME"] = home
    folder = os.path.join(root, "notebooks")
    os.makedirs(folder)
    with open(os.path.join(folder, "nuget.config"), "w") as f:
        f.write(f'<configuration><packageSources><add key="folder" value="{root}/folder-feed" /></packageSources></configuration>')
    source = os.path.join(TESTS, "compatibility-served")
    paths = []
    for name in sorted(f for f in os.listdir(source) if f.endswith(".ipynb")):
        shutil.copy(os.path.join(source, name), folder)
        paths.append(os.path.join(folder, name))
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(SERVED_PORT), "--bind", "127.0.0.1", "--directory",
                               os.path.join(HERE, "..", "data")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    return paths, server


def main():
    ours, old = sys.argv[1], sys.argv[2]
    language = sorted(os.path.join(TESTS, "compatibility", f) for f in os.listdir(os.path.join(TESTS, "compatibility")) if f.endswith(".ipynb"))
    torch = sorted(os.path.join(TESTS, "compatibility-torchsharp", f) for f in os.listdir(os.path.join(TESTS, "compatibility-torchsharp")) if f.endswith(".ipynb"))
    served_paths, server = served(tempfile.mkdtemp(prefix="lossnb-compare-"))
    try:
        runs = {kernel: notebooks(kernel, language + served_paths + torch) for kernel in (ours, old)}
    finally:
        server.terminate()
    cases = json.load(open(os.path.join(TESTS, "conformance", "script-semantics.json"), encoding="utf-8"))["cases"]
    conformance = {kernel: [(c["name"], script_conformance.run_case(kernel, c)) for c in cases] for kernel in (ours, old)}
    bench, capped = benchmark(ours, old)

    print("## Notebooks (code cells that ran without error)")
    print()
    print("| notebook | LossNotebooks | .NET Interactive 1.0.712001 |")
    print("|---|---:|---:|")
    for path in language + served_paths + torch:
        name = os.path.basename(path)
        a, b = runs[ours][name], runs[old][name]
        note = " (TorchSharp: environment)" if path in torch else ""
        print(f"| {name}{note} | {a['ran']}/{a['cells']} | {b['ran']}/{b['cells']} |")
    print()
    for kernel, label in ((ours, "LossNotebooks"), (old, ".NET Interactive")):
        for name, result in runs[kernel].items():
            for failure in result["failures"]:
                print(f"- {label}, {name}, cell {failure['cell']}: `{failure['error'][:200]}`")
    print()
    print("sources-and-urls.ipynb runs with a private feed in the user's NuGet configuration, a nuget.config in the notebook's")
    print("folder, and data/ served on 127.0.0.1, set up by the script for both kernels alike.")
    print()
    print("TorchSharp rows are environment failures for .NET Interactive: its process cannot load TorchSharp's native")
    print("libraries on Debian 12 (GLIBCXX_3.4.32), which this kernel weakens in its copy; they say nothing of its language.")
    print()
    print("## Script-semantics cases (tests/LossNotebooks.Kernel.Tests/conformance/script-semantics.json)")
    print()
    passed = {k: sum(1 for _, f in v if f is None) for k, v in conformance.items()}
    print(f"LossNotebooks {passed[ours]}/{len(cases)}, .NET Interactive {passed[old]}/{len(cases)}.")
    for kernel, label in ((ours, "LossNotebooks"), (old, ".NET Interactive")):
        for name, failure in conformance[kernel]:
            if failure:
                print(f"- {label}: {name}: `{failure[:200]}`")
    print()
    print("## Kernel benchmark")
    print()
    a, b = bench[ours], bench[old]
    print("| measure | LossNotebooks | .NET Interactive | ratio |")
    print("|---|---:|---:|---:|")
    for label, key, unit, scale in (("start -> kernel_info reply", "to_info", "s", 1), ("first cell result after start", "first_cell", "s", 1),
                                    ("trivial cell round trip (median of 100 alternating pairs)", "trivial", "ms", 1000),
                                    ("RSS after 60 declaring cells", "rss_60", "MiB", 1),
                                    (f"RSS after {capped} more declaring cells", "rss_capped", "MiB", 1),
                                    (f"time for those {capped} cells", "capped_seconds", "s", 1)):
        print(f"| {label} | {a[key] * scale:.3g} {unit} | {b[key] * scale:.3g} {unit} | {a[key] / b[key]:.2f}x |")
    print()
    print(f"{capped} is the number of declaring cells (`var moreN = new int[100]; moreN.Length`) .NET Interactive finished within "
          f"{CAP_SECONDS} s (at most {MAX_CELLS}); the same number then ran on LossNotebooks. RSS includes child processes.")


if __name__ == "__main__":
    main()
