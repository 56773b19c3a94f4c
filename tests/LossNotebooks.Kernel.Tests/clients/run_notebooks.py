#!/usr/bin/python3
"""Executes notebooks through a kernelspec with Debian's nbclient and reports, per notebook, how many code cells ran
without error (every cell runs, errors included, so two kernels can be compared cell by cell):

    JUPYTER_PATH=... /usr/bin/python3 run_notebooks.py KERNEL_NAME NOTEBOOK... [--json FILE] [--timeout SECONDS]

Prints one line per notebook ("name: ran/total", then each failing cell) and exits 1 when any cell failed.
Used by CompatibilityNotebookTests.cs and by scripts/compare-dotnet-interactive.sh.
"""
import argparse
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient


def run(path, kernel_name, timeout):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, kernel_name=kernel_name, timeout=timeout, allow_errors=True,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    started = time.monotonic()
    try:
        client.execute()
        crashed = None
    except Exception as error:  # a dead kernel or a timeout: the cells after it count as not run
        crashed = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    code = [c for c in notebook.cells if c.cell_type == "code"]
    failures = []
    for index, cell in enumerate(code):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            failures.append({"cell": index + 1, "error": f"{errors[0]['ename']}: {errors[0]['evalue']}".splitlines()[0][:300]})
        elif cell.get("execution_count") is None:
            failures.append({"cell": index + 1, "error": crashed or "not run"})
    return {"notebook": os.path.basename(path), "cells": len(code), "ran": len(code) - len(failures),
            "failures": failures, "seconds": round(time.monotonic() - started, 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kernel")
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--json")
    parser.add_argument("--timeout", type=int, default=120)
    args = parser.parse_args()
    results = [run(path, args.kernel, args.timeout) for path in args.notebooks]
    for result in results:
        print(f"{result['notebook']}: {result['ran']}/{result['cells']} cells ran ({result['seconds']} s)")
        for failure in result["failures"]:
            print(f"  cell {failure['cell']}: {failure['error']}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=1)
    sys.exit(1 if any(r["failures"] for r in results) else 0)


if __name__ == "__main__":
    main()
