#!/usr/bin/python3
"""The standard kernel conformance suite (jupyter_kernel_test, Debian's python3-jupyter-kernel-test) for our kernel.

    JUPYTER_PATH=<share/jupyter with our kernelspec> /usr/bin/python3 -m unittest -v conformance
"""
import unittest

import jupyter_kernel_test


class CSharpKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "csharp"
    language_name = "csharp"
    file_extension = ".cs"

    code_hello_world = 'Console.WriteLine("hello, world");'
    code_stderr = 'Console.Error.WriteLine("error");'

    completion_samples = [
        {"text": "Console.WriteLi", "matches": {"WriteLine"}},
        {"text": "var longVariableName = 1;\nlongVar", "matches": {"longVariableName"}},
    ]

    complete_code_samples = ["1 + 1", "var x = 1;", "void F() { }", "for (var i = 0; i < 3; i++) { }"]
    incomplete_code_samples = ["for (var i = 0; i < 3; i++) {", "void F() {", 'var s = "abc'.replace('"abc', '@"abc')]
    invalid_code_samples = ["int x = ;", "var y = 1 +;"]

    code_page_something = 'page("help text")'

    code_generate_error = 'throw new InvalidOperationException("boom");'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "\"a\" + \"b\"", "result": "ab"},
        {"code": "new[] { 1, 2, 3 }.Sum()", "result": "6"},
    ]

    code_display_data = [
        {"code": 'display(HTML("<b>bold</b>"));', "mime": "text/html"},
        {"code": 'display(LaTeX(@"\\frac{1}{2}"));', "mime": "text/latex"},
    ]

    code_history_pattern = "1 + ?"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Console.WriteLine"

    code_clear_output = "ClearOutput();"


if __name__ == "__main__":
    unittest.main()
