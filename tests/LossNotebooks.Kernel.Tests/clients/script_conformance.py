#!/usr/bin/python3
"""The C# script-semantics conformance suite through the installed kernelspec and Debian's jupyter_client:

    JUPYTER_PATH=<share/jupyter with our kernelspec> /usr/bin/python3 script_conformance.py CASES.json [KERNEL]

Each case runs in a fresh kernel (two kernels at a time): every cell but the last must succeed; the last one must show
the expected text/plain value, fail with the expected text in its error, or succeed. Prints one line per case and a
summary; exits 1 when a case fails. Driven by ScriptConformanceTests.cs.
"""
import html
import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import jupyter_client

TIMEOUT = 60


def run_case(kernel_name, case):
    # the kernel's own console output (.NET Interactive logs its web host there) stays out of this report
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=kernel_name, startup_timeout=60,
                                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        cells = case["cells"]
        for index, code in enumerate(cells):
            outputs = []
            try:
                reply = kc.execute_interactive(code, timeout=TIMEOUT, output_hook=lambda m: outputs.append(m))["content"]
            except TimeoutError:
                return f"cell {index + 1} got no reply within {TIMEOUT} s"
            last = index == len(cells) - 1
            if not last:
                if reply["status"] != "ok":
                    return f"cell {index + 1} failed: {reply.get('ename')}: {reply.get('evalue')}"
                continue
            if "error" in case:
                if reply["status"] != "error":
                    return "the last cell should fail"
                # .NET Interactive says "compilation error" in evalue and sends the diagnostics as cell output
                shown = [m["content"].get("text") or m["content"].get("data", {}).get("text/plain", "") for m in outputs
                         if m["msg_type"] in ("stream", "display_data", "error")]
                text = f"{reply['ename']}: {reply['evalue']}\n" + "\n".join(reply.get("traceback", []) + shown)
                return None if case["error"] in text else f"error {text!r} does not contain {case['error']!r}"
            if reply["status"] != "ok":
                return f"last cell failed: {reply.get('ename')}: {reply.get('evalue')}"
            if "value" in case:
                results = [shown_text(m["content"]["data"]) for m in outputs if m["msg_type"] == "execute_result"]
                if results != [case["value"]]:
                    return f"showed {results!r}, expected {case['value']!r}"
        return None
    finally:
        km.shutdown_kernel(now=True)


def shown_text(data):
    """A result's text: text/plain, or the text of its text/html (.NET Interactive sends some values as HTML only)."""
    if "text/plain" in data:
        return data["text/plain"]
    markup = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", data.get("text/html", ""), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def main():
    cases = json.load(open(sys.argv[1], encoding="utf-8"))["cases"]
    kernel_name = sys.argv[2] if len(sys.argv) > 2 else "csharp"
    with ThreadPoolExecutor(max_workers=2) as pool:
        failures = list(pool.map(lambda case: (case["name"], run_case(kernel_name, case)), cases))
    for name, failure in failures:
        print(f"{'FAIL' if failure else 'ok  '} {name}{': ' + failure if failure else ''}")
    failed = sum(1 for _, failure in failures if failure)
    print(f"{len(cases) - failed} of {len(cases)} cases passed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
