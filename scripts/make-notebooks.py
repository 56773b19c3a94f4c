#!/usr/bin/python3
"""Writes the course notebooks (nbformat 4.5, without outputs) from the cell lists below.

    /usr/bin/python3 scripts/make-notebooks.py

Keeping the cells here makes the metadata conventions (kernelspec, language_info, Polyglot cell metadata) uniform.
Edit a chapter here, regenerate, and run `lossnb run notebooks/` to execute it.
"""
import os

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "notebooks")
CELL_METADATA = {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}}
METADATA = {
    "kernelspec": {"name": "csharp", "display_name": "C# (LossNotebooks)", "language": "csharp"},
    "language_info": {"name": "csharp", "file_extension": ".cs", "mimetype": "text/x-csharp", "pygments_lexer": "csharp"},
    "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"name": "csharp", "aliases": []}]}},
}


def md(text):
    return new_markdown_cell(text.strip("\n"))


def code(text):
    return new_code_cell(text.strip("\n"), metadata=dict(CELL_METADATA))


def write(name, cells):
    nb = new_notebook(cells=cells, metadata=METADATA)
    nb.nbformat_minor = 5
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:2]}-{i:02d}"
    nbformat.validate(nb)
    nbformat.write(nb, os.path.join(ROOT, name))


SETUP = code('''
#r "project: ../src/LossNotebooks.Formatting"
using LossNotebooks.Losses;
using LossNotebooks.Formatting;
using static LossNotebooks.Losses.Functional;
using static TorchSharp.torch;
manual_seed(0);
''')

write("00-what-is-a-loss.ipynb", [
    md('''
# 00 · What a loss function is
*损失函数原理 — documents 000 (§1–2) and 003 (§1–2)*

**Learning goals**
1. Say what a loss function (损失函数) measures and why training minimizes it.
2. Name the properties a good loss has: non-negative, zero at a perfect prediction, consistent, differentiable.
3. See the difference between a loss in classical machine learning and in deep learning.

**Prerequisites:** none. Run the cells top to bottom.
'''),
    md('''
## The idea
A model makes a prediction $\\hat y$ for an input $x$; the data says the truth is $y$. A **loss** $\\ell(\\hat y, y)$
is a number that says how wrong the prediction is. Training adjusts the model's parameters $\\theta$ to make the
average loss over the data, the **empirical risk** (经验风险), small:
$$L(\\theta) = \\frac1N \\sum_{i=1}^N \\ell\\big(f_\\theta(x_i), y_i\\big).$$
'''),
    SETUP,
    md('''
## A first loss, by hand and from the library
The squared error $\\ell(\\hat y, y) = (\\hat y - y)^2$, averaged over four predictions. The cell computes the
formula by hand and checks it against the library's `MseLoss`.
'''),
    code('''
var prediction = tensor(new[] { 2.5, 0.0, 2.0, 8.0 });   // [4]
var truth = tensor(new[] { 3.0, -0.5, 2.0, 7.0 });       // [4]
var byHand = (0.25 + 0.25 + 0.0 + 1.0) / 4;
var fromLibrary = MseLoss(prediction, truth).item<double>();
Console.WriteLine($"by hand {byHand}, library {fromLibrary}, equal: {Math.Abs(byHand - fromLibrary) < 1e-12}");
'''),
    md('''
## Properties a good loss has
- **Non-negative**, and **zero** when the prediction is perfect.
- **Consistent** (一致性): minimizing it on more and more data leads to the right answer (the mean for squared error,
  the median for absolute error).
- **Differentiable** (可微), so gradient descent can follow its slope; where it has a kink (absolute error at 0)
  the library uses a subgradient.

The cell below checks the first two properties on random numbers for three losses of the catalog.
'''),
    code('''
var x = randn(1000, dtype: ScalarType.Float64);
var y = randn(1000, dtype: ScalarType.Float64);
foreach (var spec in new[] { "mse", "mae", "huber" })
{
    var loss = LossCatalog.Parse(spec);
    var elementwise = loss.Compute(x, y, Reduction.None);
    var atTruth = loss.Compute(y, y, Reduction.Sum).item<double>();
    Console.WriteLine($"{loss.Spec,-12} min over 1000 pairs = {elementwise.min().item<double>():F4}, loss at the truth = {atTruth}");
}
'''),
    md('''
## Machine learning and deep learning
In classical machine learning the loss often has a closed-form minimizer (least squares), and it also serves to
*evaluate* a model. In deep learning the loss is the **objective** that backpropagation (反向传播) differentiates,
so it must be differentiable almost everywhere and numerically stable. Every loss in the library carries its
formula and properties, shown here as a card:
'''),
    code('''
LossCatalog.Find("huber")
'''),
    md('''
## Summary
- A loss turns "how wrong" into one number; training minimizes its average over the data.
- Good losses are non-negative, zero at the truth, consistent, and differentiable.
- The library's losses carry their formula and properties, and every formula is checked numerically.

## Exercises
1. Compute the mean absolute error of the four predictions above by hand and check it with `L1Loss`.
2. Which constant prediction minimizes the squared error of `truth`? Which minimizes the absolute error?
3. Find a loss in `LossCatalog.All` that is bounded, and explain what that means for outliers.
'''),
    md('''
<details><summary>Solutions (click to open)</summary>

1. (0.5 + 0.5 + 0 + 1) / 4 = 0.5: `L1Loss(prediction, truth)` gives 0.5.
2. The mean (2.875) minimizes the squared error; any median (between 2 and 3) minimizes the absolute error.
3. `tukey_biweight_loss`: beyond c its loss is flat, so an outlier's gradient is zero: it stops pulling the fit.
</details>
'''),
])

write("02-regression-losses.ipynb", [
    md('''
# 02 · Regression losses
*回归损失 — documents 004 (MSE, MAE, outliers), 001 and 002 (Huber, Smooth L1)*

**Learning goals**
1. Compute MSE and MAE, and see why an outlier (离群值) dominates the MSE.
2. Know Huber and Smooth L1 exactly, and how they relate.
3. Read loss and gradient curves.

**Prerequisites:** 00.
'''),
    SETUP,
    md('''
## MSE and MAE
$$\\mathrm{MSE} = \\frac1N\\sum_i (\\hat y_i - y_i)^2, \\qquad \\mathrm{MAE} = \\frac1N\\sum_i |\\hat y_i - y_i|.$$

> **Common mistake.** Document 004 labels the MSE formula "L1 loss" and describes it as a sum of absolute values.
> L1 is the *absolute* error (MAE); the *squared* error is L2 (MSE). The cell shows the two differ.
'''),
    code('''
var a = tensor(new[] { 1.0, 2.0 });
var b = tensor(new[] { 0.0, 0.0 });
Console.WriteLine($"MSE (L2) = {MseLoss(a, b).item<double>()}   MAE (L1) = {L1Loss(a, b).item<double>()}");
'''),
    md('''
## The outlier example of document 004
Personal wealth in millions: four ordinary people and one billionaire, `[1, 2, 3, 4, 10000]`. A model that predicts
3 for everyone (the median) makes errors `[2, 1, 0, 1, 9997]`. One error dominates the squared loss.
'''),
    code('''
var wealth = tensor(new[] { 1.0, 2, 3, 4, 10000 });        // [5]
var guess = full(5, 3.0, dtype: ScalarType.Float64);       // [5]
var mse = MseLoss(guess, wealth).item<double>();
var mae = L1Loss(guess, wealth).item<double>();
Console.WriteLine($"MSE = {mse}");
Console.WriteLine($"MAE = {mae}");
Console.WriteLine($"share of the MSE due to the outlier: {9997.0 * 9997 / 5 / mse:P5}");
'''),
    md('''
The numbers check the formulas: MSE = (4 + 1 + 0 + 1 + 9997²)/5 = 19,988,003 and MAE = (2 + 1 + 0 + 1 + 9997)/5 =
2,000.2. The best constant under MSE is the **mean** (2,002), under MAE the **median** (3):
'''),
    code('''
Tensor FitConstant(Func<Tensor, Tensor, Tensor> loss, double learningRate, int steps)
{
    var c = zeros(1, dtype: ScalarType.Float64).requires_grad_(true);
    for (var step = 0; step < steps; step++)
    {
        loss(c.expand(5), wealth).backward();
        using (no_grad()) { c.sub_(c.grad! * learningRate); c.grad!.zero_(); }
    }
    return c.detach();
}
var underMse = FitConstant((p, t) => MseLoss(p, t), 0.4, 100).item<double>();
var underMae = FitConstant((p, t) => L1Loss(p, t), 0.05, 400).item<double>();
Console.WriteLine($"gradient descent under MSE: {underMse:F2} (mean {wealth.mean().item<double>()})");
Console.WriteLine($"gradient descent under MAE: {underMae:F2} (median {wealth.median().item<double>()})");
'''),
    md('''
## Huber and Smooth L1
Huber with threshold $\\delta$ is quadratic near zero and linear beyond:
$$\\ell_\\delta(r) = \\begin{cases} \\tfrac12 r^2 & |r| < \\delta \\\\ \\delta\\,(|r| - \\tfrac12\\delta) & \\text{otherwise.} \\end{cases}$$
Smooth L1 with width $\\beta$: $\\ \\tfrac12 r^2/\\beta$ if $|r| < \\beta$, else $|r| - \\tfrac12\\beta$.
They are related by $\\mathrm{Huber}_\\delta = \\delta \\cdot \\mathrm{SmoothL1}_{\\beta=\\delta}$.

> **Common mistake.** Documents 001 and 002 call Huber "Smooth L1" and write `SmoothL1Loss(beta)  # beta即delta`.
> The two agree only at δ = 1; for δ = 2 Huber is twice Smooth L1. Document 002's σ-form of Smooth L1 is also
> discontinuous; the correct form is ½(σx)² for |x| < 1/σ², else |x| − ½/σ², i.e. β = 1/σ².
'''),
    code('''
var r = tensor(new[] { -3.0, -1.5, -0.2, 0.0, 0.7, 2.5 });
var zero = zeros_like(r);
var huber2 = HuberLoss(r, zero, Reduction.None, delta: 2);
var smooth2 = SmoothL1Loss(r, zero, Reduction.None, beta: 2);
Console.WriteLine($"Huber(δ=2) = 2·SmoothL1(β=2): {huber2.allclose(2 * smooth2)}");
Console.WriteLine($"Huber(δ=2) = SmoothL1(β=2):   {huber2.allclose(smooth2)}");
Console.WriteLine($"by hand at r = -3: {2 * (3 - 0.5 * 2)}, library: {huber2[0].item<double>()}");
'''),
    md('''
## Loss and gradient curves
The curves come from the library's code under autograd, so a plot can never disagree with the implementation.
MSE's gradient grows with the residual; MAE's is ±1; Huber's is clipped at ±δ; Tukey's falls back to zero.
'''),
    code('''
Plots.LossAndGradient(new[] { "mse", "mae", "huber(delta=1)", "log_cosh", "tukey(c=2)" }, -4, 4)
'''),
    md('''
## Summary
- MSE squares errors: one outlier can own almost all of it; MAE grows linearly and estimates the median.
- Huber and Smooth L1 blend the two; Huber_δ = δ · SmoothL1_{β=δ}, equal only at δ = 1.
- Gradients tell the story: bounded gradients (MAE, Huber, log-cosh) limit an outlier's pull; Tukey removes it.

## Exercises
1. Recompute the outlier example's MSE and MAE for the guess 2,002 (the mean). Which loss prefers which guess?
2. Check $\\mathrm{Huber}_\\delta = \\delta\\,\\mathrm{SmoothL1}_{\\beta=\\delta}$ for δ = 0.5 on random residuals.
3. Plot the quantile loss for τ = 0.1, 0.5, 0.9 with `Plots.LossVsResidual`. Why is it asymmetric?
'''),
    md('''
<details><summary>Solutions (click to open)</summary>

1. For 2,002: MSE ≈ 1.5985e7 and MAE ≈ 3,998.4; MSE prefers the mean, MAE the median (3).
2. `HuberLoss(r, z, Reduction.None, delta: 0.5).allclose(0.5 * SmoothL1Loss(r, z, Reduction.None, beta: 0.5))` is true.
3. `Plots.LossVsResidual(new[] { "quantile(quantile=0.1)", "quantile(quantile=0.5)", "quantile(quantile=0.9)" })`:
   under-predictions cost τ per unit, over-predictions 1 − τ, so the fit moves to the τ-quantile.
</details>
'''),
])
print("wrote notebooks to", os.path.abspath(ROOT))
