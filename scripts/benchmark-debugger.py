#!/usr/bin/python3
"""Measures what the debugger costs, side by side in one kernel through jupyter_client:

    JUPYTER_PATH=<share/jupyter with our kernelspec> /usr/bin/python3 scripts/benchmark-debugger.py [--pairs 8]

Cells compiled while a debugger is attached carry its hooks (a frame per call, a flag read per statement); cells
compiled without one are unchanged. In alternating pairs (attached, then detached after `disconnect`), the same cells
run: a loop-heavy cell, a call-heavy cell and a trivial one, each with a breakpoint set in another cell (so the
flags are live) but none hit; and the loop-heavy cell again while pausing on raised exceptions. Prints a Markdown
table of medians and their ratios.
"""
import argparse
import statistics

import jupyter_client

from kernel_timing import round_trip

CELLS = {
    "loop-heavy cell (2e7 iterations of a float update)": "double acc = 0;\nfor (var i = 0; i < 20_000_000; i++)\n{\n    acc += Math.Sqrt(i) * 0.5;\n}\nacc",
    "call-heavy cell (2e6 calls of a cell method)": "double Half(double v) => v * 0.5;\ndouble sum = 0;\nfor (var i = 0; i < 2_000_000; i++)\n{\n    sum += Half(i);\n}\nsum",
    "trivial cell (1+1)": "1+1",
}


EXCEPTIONS = "the loop-heavy cell, pausing on raised exceptions (every statement records its locals)"


def debug(kc, command, arguments=None, seq=[0]):
    seq[0] += 1
    msg = kc.session.msg("debug_request", {"type": "request", "seq": seq[0], "command": command, "arguments": arguments or {}})
    kc.control_channel.send(msg)
    while True:
        reply = kc.get_control_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            assert reply["content"]["success"], reply["content"]
            return reply["content"]["body"]


def attach(kc):
    debug(kc, "initialize", {"clientID": "benchmark", "adapterID": "csharp", "pathFormat": "path", "linesStartAt1": True, "columnsStartAt1": True})
    debug(kc, "attach")
    elsewhere = "int NeverCalled()\n{\n    return 1;\n}"
    path = debug(kc, "dumpCell", {"code": elsewhere})["sourcePath"]
    debug(kc, "setBreakpoints", {"breakpoints": [{"line": 3}], "source": {"path": path}})
    debug(kc, "configurationDone")
    round_trip(kc, elsewhere)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=8)
    args = parser.parse_args()
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name="csharp", startup_timeout=60)
    try:
        for code in CELLS.values():  # warm-up, both ways
            round_trip(kc, code)
        attach(kc)
        for code in CELLS.values():
            round_trip(kc, code)
        debug(kc, "disconnect", {"restart": False, "terminateDebuggee": False})
        times = {name: {"detached": [], "attached": []} for name in list(CELLS) + [EXCEPTIONS]}
        loop = next(iter(CELLS))
        for _ in range(args.pairs):
            for name, code in CELLS.items():
                times[name]["detached"].append(round_trip(kc, code))
            times[EXCEPTIONS]["detached"].append(times[loop]["detached"][-1])
            attach(kc)
            for name, code in CELLS.items():
                times[name]["attached"].append(round_trip(kc, code))
            debug(kc, "setExceptionBreakpoints", {"filters": ["raised"]})
            times[EXCEPTIONS]["attached"].append(round_trip(kc, CELLS[loop]))
            debug(kc, "disconnect", {"restart": False, "terminateDebuggee": False})
    finally:
        km.shutdown_kernel(now=True)
    print("| cell (round trip, compile included) | no debugger | debugger attached, no breakpoint hit | ratio |")
    print("|---|---:|---:|---:|")
    for name, measured in times.items():
        detached, attached = statistics.median(measured["detached"]), statistics.median(measured["attached"])
        print(f"| {name} | {detached * 1000:.0f} ms | {attached * 1000:.0f} ms | {attached / detached:.2f}x |")
    print()
    print(f"Medians of {args.pairs} alternating pairs in one kernel; attached means cells compiled while attached, with a "
          "breakpoint set in another cell.")


if __name__ == "__main__":
    main()
