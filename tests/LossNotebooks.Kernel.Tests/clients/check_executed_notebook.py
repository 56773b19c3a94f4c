#!/usr/bin/python3
"""Validates an executed notebook with nbformat and checks the outputs our kernel produced."""
import sys

import nbformat

if len(sys.argv) > 2 and sys.argv[2] == "project":
    nb = nbformat.read(sys.argv[1], as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert not any(o["output_type"] == "error" for c in code for o in c.outputs), [o for c in code for o in c.outputs]
    assert code[1].outputs[-1]["data"]["text/plain"] == "20000006", code[1].outputs
    assert "lossnb-table" in code[2].outputs[-1]["data"]["text/html"], code[2].outputs
    print("executed notebook: ok")
    sys.exit(0)

nb = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(nb)
code = [c for c in nb.cells if c.cell_type == "code"]
assert code[0].outputs[0]["text"] == "1,4,9,16\n", code[0].outputs
result = code[1].outputs[0]
assert result["output_type"] == "execute_result" and result["data"]["text/plain"] == "30" and result["execution_count"] == 2, result
kinds = [o["output_type"] for o in code[2].outputs]
assert kinds == ["display_data", "display_data"], kinds
assert "<td>cell</td>" in code[2].outputs[0]["data"]["text/html"]
assert "\\ell(x, y)" in code[2].outputs[1]["data"]["text/latex"]
assert code[3].outputs[0]["data"]["text/markdown"].startswith("**Polyglot markdown**")
print("executed notebook: ok")
