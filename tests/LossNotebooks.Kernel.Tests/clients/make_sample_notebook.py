#!/usr/bin/python3
"""Writes sample.ipynb: a small C# notebook for the nbconvert test (markdown, state, streams, displays, LaTeX)."""
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = [
    new_markdown_cell("# A C# notebook\nRun headless by `jupyter nbconvert --execute`."),
    new_code_cell("var squares = Enumerable.Range(1, 4).Select(i => i * i).ToList();\nConsole.WriteLine(string.Join(\",\", squares));"),
    new_code_cell("squares.Sum()"),
    new_code_cell('display(HTML("<table><tr><td>cell</td></tr></table>"));\ndisplay(LaTeX(@"\\ell(x, y) = (x - y)^2"));'),
    new_code_cell("#!markdown\n**Polyglot markdown** still renders."),
]
nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "csharp", "display_name": "C# (LossNotebooks)", "language": "csharp"},
    "language_info": {"name": "csharp", "file_extension": ".cs", "mimetype": "text/x-csharp", "pygments_lexer": "csharp"},
})
nbformat.write(nb, sys.argv[1])

# With a repository path: a notebook that references local projects of the repository (built by the kernel).
if len(sys.argv) > 3:
    repo, target = sys.argv[2], sys.argv[3]
    project_cells = [
        new_markdown_cell("MSE through `#r \"project:\"` of the loss library, shown by its formatters."),
        new_code_cell(f'#r "project: {repo}/src/LossNotebooks.Formatting"\nusing LossNotebooks.Losses;\nusing static TorchSharp.torch;'),
        new_code_cell("var x = tensor(new[] { 1.0, 2, 3, 4, 10000 });\nvar y = zeros(5, dtype: ScalarType.Float64);\nFunctional.MseLoss(x, y).item<double>()"),
        new_code_cell("x"),
    ]
    nbformat.write(new_notebook(cells=project_cells, metadata=nb.metadata), target)
