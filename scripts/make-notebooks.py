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


def timing_code(text):
    """A code cell whose output is a live measurement: tagged volatile, so output comparisons skip it."""
    cell = code(text)
    cell.metadata["tags"] = ["volatile"]
    return cell


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
## A real data set: the stars of CYG OB1
The Hertzsprung–Russell diagram of the star cluster CYG OB1 (47 stars, Rousseeuw & Leroy 1987; `data/stars-cyg.csv`):
log surface temperature against log light intensity. Most stars lie on a rising band (the main sequence); four red
giants sit far left and high. They are outliers in $x$ (leverage points, 杠杆点), not just in $y$.
We fit a line $\\hat y = a + b\\,(x - \\bar x)$ under each loss by gradient descent (Adam) and compare slopes $b$.
'''),
    code('''
#r "project: ../src/LossNotebooks.Analysis"
var stars = LossNotebooks.Analysis.CsvTable.Load("../data/stars-cyg.csv", new[] { "log_temperature", "log_light" });
var temperature = tensor(stars.Columns["log_temperature"]);   // [47]
var light = tensor(stars.Columns["log_light"]);               // [47]
var meanTemperature = temperature.mean().item<double>();
var centered = temperature - meanTemperature;

(double Slope, double Intercept) FitLine(Func<Tensor, Tensor, Tensor> loss, double slope, double intercept, int steps = 4000)
{
    var a = new TorchSharp.Modules.Parameter(tensor(intercept + slope * meanTemperature, dtype: ScalarType.Float64));
    var b = new TorchSharp.Modules.Parameter(tensor(slope, dtype: ScalarType.Float64));
    var optimizer = optim.Adam(new[] { a, b }, 0.01);
    for (var step = 0; step < steps; step++)
    {
        optimizer.zero_grad();
        loss(a + b * centered, light).backward();
        optimizer.step();
    }
    var fitted = b.item<double>();
    return (fitted, a.item<double>() - fitted * meanTemperature);
}
var leastSquares = FitLine((p, y) => MseLoss(p, y), 0, 0);
var absolute = FitLine((p, y) => L1Loss(p, y), leastSquares.Slope, leastSquares.Intercept);
var huber = FitLine((p, y) => HuberLoss(p, y, delta: 0.5), leastSquares.Slope, leastSquares.Intercept);
Console.WriteLine($"least squares (MSE): slope {leastSquares.Slope:F3}, intercept {leastSquares.Intercept:F3}");
Console.WriteLine($"MAE:                 slope {absolute.Slope:F3}");
Console.WriteLine($"Huber (δ = 0.5):     slope {huber.Slope:F3}");
'''),
    md('''
The least-squares slope is **negative** (−0.413, the value every statistics package prints): hotter stars look
*dimmer*, which is wrong for the main sequence. MAE and Huber do not save it: they bound the pull of large
*residuals*, but a leverage point far out in $x$ makes its residual small by tilting the line. Only a *redescending*
loss such as Tukey's biweight, whose gradient returns to zero for far-away points, can ignore the giants — and only if
the fit starts near the right line, because Tukey's loss is not convex. A resistant start is the repeated median
(Siegel 1982): slope = median over $i$ of the median over $j$ of the pairwise slopes.
'''),
    code('''
double Median(IEnumerable<double> values) { var v = values.Order().ToArray(); return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2; }
var xs = stars.Columns["log_temperature"];
var ys = stars.Columns["log_light"];
var repeatedSlope = Median(xs.Select((xi, i) => Median(xs.Select((xj, j) => (xj, j)).Where(p => p.xj != xi).Select(p => (ys[p.j] - ys[i]) / (p.xj - xi)))));
var repeatedIntercept = Median(xs.Select((xi, i) => ys[i] - repeatedSlope * xi));
// Tukey's c is in units of the residual scale: 1.4826 · median |residual| estimates σ for Gaussian noise.
var scale = 1.4826 * Median(xs.Select((xi, i) => Math.Abs(ys[i] - repeatedIntercept - repeatedSlope * xi)));
var tukeyFromLeastSquares = FitLine((p, y) => TukeyBiweightLoss(p, y, c: 4.685 * scale), leastSquares.Slope, leastSquares.Intercept);
var tukey = FitLine((p, y) => TukeyBiweightLoss(p, y, c: 4.685 * scale), repeatedSlope, repeatedIntercept);
Console.WriteLine($"repeated median:            slope {repeatedSlope:F3}");
Console.WriteLine($"Tukey from least squares:   slope {tukeyFromLeastSquares.Slope:F3}");
Console.WriteLine($"Tukey from repeated median: slope {tukey.Slope:F2}, intercept {tukey.Intercept:F2}");
'''),
    code('''
var grid = new[] { 3.4, 4.7 };
var lines = new (string Name, (double Slope, double Intercept) Fit)[] { ("least squares", leastSquares), ("MAE", absolute), ("Huber", huber), ("Tukey (robust start)", tukey) };
Plots.Titled(Plotly.NET.CSharp.Chart.Combine(lines.Select(l => Plotly.NET.CSharp.Chart.Line<double, double, string>(grid, grid.Select(x => l.Fit.Intercept + l.Fit.Slope * x).ToArray(), Name: l.Name))
        .Prepend(Plotly.NET.CSharp.Chart.Point<double, double, string>(xs, ys, Name: "stars"))),
    "CYG OB1: lines fitted under each loss", "log surface temperature", "log light intensity")
'''),
    md('''
Tukey's fit from the resistant start (slope ≈ 2.26) is close to the robust MM-estimate of R's `robustbase::lmrob`
(2.253) and follows the main sequence; from the least-squares start it stays in the wrong valley. Robust losses
protect against outliers in $y$; against leverage points they need a redescending shape *and* a good start.
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
write("03-classification-losses.ipynb", [
    md('''
# 03 · Classification losses
*分类损失 — documents 002 and 004 (cross-entropy), 001 (focal loss), 002 (KL divergence)*

**Learning goals**
1. Compute cross-entropy (交叉熵) from logits with softmax, and binary cross-entropy with and without logits.
2. See why the log-sum-exp trick is needed, and what label smoothing and class weights change.
3. Know which direction of the KL divergence (KL散度) the library computes.

**Prerequisites:** 00, 02.
'''),
    SETUP,
    md('''
## Binary cross-entropy
For a predicted probability $\\hat y \\in (0, 1)$ and a label $y \\in \\{0, 1\\}$:
$$\\ell(\\hat y, y) = -\\big[\\,y \\log \\hat y + (1 - y) \\log(1 - \\hat y)\\,\\big].$$

> **Common mistake.** Document 002 writes $-[y \\log \\hat y] + [(1-y)\\log(1-\\hat y)]$ (the minus sign covers only the
> first term) and document 004 writes $(1-gt)\\log(y_i)$ for the second term. Both give wrong values; the cell compares.
'''),
    code('''
var p = tensor(new[] { 0.9, 0.2, 0.6 });   // predicted probabilities [3]
var y = tensor(new[] { 1.0, 0.0, 1.0 });   // labels [3]
var correct = -(y * p.log() + (1 - y) * (1 - p).log()).mean();
var signError = (-(y * p.log()) + (1 - y) * (1 - p).log()).mean();
var wrongLog = -(y * p.log() + (1 - y) * p.log()).mean();
Console.WriteLine($"library BCE           = {BinaryCrossEntropy(p, y).item<double>():F6}");
Console.WriteLine($"correct formula       = {correct.item<double>():F6}");
Console.WriteLine($"document 002 (sign)   = {signError.item<double>():F6}");
Console.WriteLine($"document 004 (log y)  = {wrongLog.item<double>():F6}");
'''),
    md('''
## From logits: softmax, cross-entropy and the log-sum-exp trick
A classifier outputs logits $z$; softmax turns them into probabilities $p_c = e^{z_c} / \\sum_k e^{z_k}$, and
cross-entropy is $-\\log p_y = -z_y + \\log\\sum_k e^{z_k}$. Computing $e^{z}$ directly overflows for large logits;
subtracting the maximum first (the log-sum-exp trick) does not change the value and never overflows.
'''),
    code('''
var logits = tensor(new[] { 1000.0f, 999.0f, 990.0f });   // float32 logits [3]
var naive = -(logits[0].exp() / logits.exp().sum()).log();
var m = logits.max();
var stable = -(logits[0] - m - (logits - m).exp().sum().log());
var library = CrossEntropy(logits.unsqueeze(0), tensor(new long[] { 0 }));
Console.WriteLine($"naive softmax: {naive.item<float>()}   log-sum-exp: {stable.item<float>():F6}   library: {library.item<float>():F6}");
'''),
    md('''
The naive form gives NaN (∞/∞); the stable one and the library agree. The library's `CrossEntropy` takes logits
(never probabilities) and class indices; it is `NllLoss` after `log_softmax`:
'''),
    code('''
var batch = randn(4, 3, dtype: ScalarType.Float64);   // [N=4, C=3]
var labels = tensor(new long[] { 0, 2, 1, 2 });         // [N]
var ce = CrossEntropy(batch, labels).item<double>();
var nll = NllLoss(batch.log_softmax(1), labels).item<double>();
Console.WriteLine($"cross_entropy = {ce:F6}, nll(log_softmax) = {nll:F6}, equal: {Math.Abs(ce - nll) < 1e-12}");
'''),
    md('''
## BCE on probabilities vs BCE with logits
`BinaryCrossEntropyWithLogits` fuses the sigmoid and the loss: stable for any logit. On probabilities, a saturated
sigmoid rounds to exactly 1 and PyTorch clamps the log at −100:
'''),
    code('''
var z = tensor(new[] { -40.0f, 0.0f, 40.0f });
var target = tensor(new[] { 1.0f, 1.0f, 0.0f });
Console.WriteLine($"BCE(sigmoid(z)):  {TensorFormatter.ToPlainText(BinaryCrossEntropy(z.sigmoid(), target, reduction: Reduction.None))}");
Console.WriteLine($"BCE with logits:  {TensorFormatter.ToPlainText(BinaryCrossEntropyWithLogits(z, target, reduction: Reduction.None))}");
'''),
    md('''
> **Common mistake.** Document 004 uses softmax cross-entropy for an image with both an apple and a pear (multi-hot
> labels). Softmax makes the classes compete; several labels at once need a sigmoid per class:
> `BinaryCrossEntropyWithLogits` (or `MultilabelSoftMarginLoss`).

## Label smoothing and class weights
Label smoothing ε moves ε of the target's mass to the uniform distribution; class weights rescale each class's
terms, and the mean divides by the sum of the weights of the targets.
'''),
    code('''
var weights = tensor(new[] { 1.0, 2.0, 0.5 });
var smoothed = CrossEntropy(batch, labels, labelSmoothing: 0.1).item<double>();
var logP = batch.log_softmax(1);
var byHand = 0.0;
for (var n = 0; n < 4; n++)
{
    var yn = (int)labels[n].item<long>();
    byHand += 0.9 * -logP[n, yn].item<double>() + 0.1 / 3 * -logP[n].sum().item<double>();
}
Console.WriteLine($"smoothed CE: library {smoothed:F6}, by hand {byHand / 4:F6}");
var weighted = CrossEntropy(batch, labels, weight: weights).item<double>();
var w = new[] { 1.0, 0.5, 2.0, 0.5 };  // weight of each target's class
var weightedByHand = Enumerable.Range(0, 4).Sum(n => w[n] * -logP[n, labels[n].item<long>()].item<double>()) / w.Sum();
Console.WriteLine($"weighted CE: library {weighted:F6}, by hand {weightedByHand:F6}");
'''),
    md('''
## Focal loss
Focal loss multiplies BCE by $(1 - p_t)^\\gamma$ so easy examples count less, and weights classes with
$\\alpha_t = \\alpha y + (1 - \\alpha)(1 - y)$.

> **Common mistake.** Document 001's code multiplies every element by the scalar α; the loss uses α for positives
> and 1 − α for negatives. The plot shows how γ flattens the loss of well-classified examples.
'''),
    code('''
Plots.FocalLossForGammas(new[] { 0.0, 0.5, 1.0, 2.0, 5.0 })
'''),
    md('''
### Focal loss on a real, imbalanced data set
The Wisconsin breast-cancer set (`data/breast-cancer-scores.csv`, 569 tumours, 212 malignant: imbalanced 37 % / 63 %)
with its 30 features. `TrainingStudy` (from the user-data library, chapter 08) trains a logistic model (linear) and a
small MLP under each loss on a seeded 80/20 split and scores them on the 114 held-out tumours.
'''),
    code('''
#r "project: ../src/LossNotebooks.Analysis"
using LossNotebooks.Analysis;
var cancerFile = "../data/breast-cancer-scores.csv";
var featureNames = File.ReadLines(cancerFile).First().Split(',').Take(30).ToArray();
var study = TrainingStudy.Run(cancerFile, "malignant", featureNames,
    new TrainingOptions { Losses = new[] { "bce_logits", "focal(alpha=-1,gamma=2)", "focal(alpha=0.25,gamma=2)" }, Epochs = 300 });
study
'''),
    code('''
foreach (var fit in study.Fits.Where(f => f.Model == "linear"))
    Console.WriteLine($"{fit.Loss,-40} accuracy {fit.Metrics["accuracy"]:F3}  AUC {fit.Metrics["auc"]:F3}  log-loss {fit.Metrics["log_loss"]:F3}");
'''),
    md('''
On this set every loss separates the classes well (AUC near 0.99): focal loss changes *calibration* more than
ranking — its log-loss is worse, because down-weighting confident examples pushes probabilities away from 0 and 1.
α multiplies the loss of class 1 and 1 − α that of class 0, so α = 0.25 (RetinaNet's default) gives the *positive*
class the *smaller* weight; RetinaNet pairs it with γ = 2, which already silences the many easy negatives. Read α
before copying it; `alpha=-1` switches the class weights off.
'''),
    md('''
## KL divergence: which direction?
`KlDiv(input, target)` takes `input` = log q (the model's log-probabilities) and `target` = p, and computes
$D_{KL}(p \\,\\|\\, q) = \\sum p (\\log p - \\log q)$. With `Reduction.BatchMean` it is the true KL per sample.

> **Common mistake.** Document 002 minimizes $D_{KL}(Q_\\phi \\| P)$ without saying which direction the library
> computes; KL is not symmetric, and the library computes D(target ‖ model).
'''),
    code('''
var pDist = tensor(new[] { 0.7, 0.2, 0.1 }).unsqueeze(0);
var qDist = tensor(new[] { 0.5, 0.3, 0.2 }).unsqueeze(0);
var klPQ = (pDist * (pDist.log() - qDist.log())).sum().item<double>();
var klQP = (qDist * (qDist.log() - pDist.log())).sum().item<double>();
Console.WriteLine($"D(p||q) = {klPQ:F6}, D(q||p) = {klQP:F6}, library KlDiv(log q, p) = {KlDiv(qDist.log(), pDist, Reduction.BatchMean).item<double>():F6}");
'''),
    md('''
## Summary
- Cross-entropy is $-\\log$ of the true class's softmax probability; compute it from logits (log-sum-exp inside).
- Prefer BCE with logits; use sigmoid BCE per class for multi-label problems.
- Label smoothing and class weights change the target and the averaging; focal loss down-weights easy examples.
- `KlDiv(log q, p)` is D(p ‖ q).

## Exercises
1. Show that cross-entropy with one-hot probability targets equals cross-entropy with class indices.
2. For which logit does BCE with logits equal log 2 when the label is 1? Check it.
3. Plot `Plots.LossVsMargin(new[] { "bce_logits", "soft_margin", "focal" })` and explain the differences.
'''),
    md('''
<details><summary>Solutions (click to open)</summary>

1. `CrossEntropy(batch, nn.functional.one_hot(labels, 3).to_type(ScalarType.Float64))` equals `CrossEntropy(batch, labels)`.
2. At logit 0: σ(0) = 0.5 and −log 0.5 = log 2: `BinaryCrossEntropyWithLogits(zeros(1), ones(1))`.
3. BCE with logits and soft margin coincide for y = 1 (both log(1 + e^{−z})); focal loss is smaller where the
   example is already well classified.
</details>
'''),
])

write("01-computing-and-learning.ipynb", [
    md('''
# 01 · Computing a loss and learning from it
*损失计算与反向传播 — documents 003 (§3) and 000 (§3)*

**Learning goals**
1. Follow the steps: forward pass, loss, backward pass (反向传播), parameter update.
2. Know what the reductions `None`, `Mean` and `Sum` do to the loss and its gradient.
3. Compare SGD, Momentum, RMSProp and Adam on one loss surface.

**Prerequisites:** 00.
'''),
    SETUP,
    md('''
## The four steps
For a linear model $\\hat y = w x + b$ and the squared error: (1) forward: compute $\\hat y$; (2) loss:
$L = \\frac1N\\sum (\\hat y_i - y_i)^2$; (3) backward: autograd computes $\\partial L/\\partial w = \\frac2N\\sum (\\hat y_i - y_i)x_i$;
(4) update: $w \\leftarrow w - \\eta\\,\\partial L/\\partial w$. The cell checks autograd against the formula.
'''),
    code('''
var x = tensor(new[] { 1.0, 2.0, 3.0, 4.0 });
var y = tensor(new[] { 3.1, 4.9, 7.2, 8.8 });          // roughly y = 2x + 1
var w = tensor(0.5).requires_grad_(true);
var b = tensor(0.0).requires_grad_(true);
var loss = MseLoss(w * x + b, y);
loss.backward();
var byHandW = (2.0 / 4) * ((w.detach() * x + b.detach() - y) * x).sum().item<double>();
Console.WriteLine($"loss = {loss.item<double>():F4}; dL/dw autograd = {w.grad!.item<double>():F6}, by hand = {byHandW:F6}");
'''),
    md('''
## Gradient descent by hand
Repeat the four steps. The learning rate η decides the step; too large diverges, too small crawls.
'''),
    code('''
var history = new TrainingHistory();
var wd = tensor(0.0).requires_grad_(true);
var bd = tensor(0.0).requires_grad_(true);
for (var epoch = 0; epoch < 200; epoch++)
{
    var l = MseLoss(wd * x + bd, y);
    l.backward();
    using (no_grad())
    {
        wd.sub_(0.05 * wd.grad!); bd.sub_(0.05 * bd.grad!);
        wd.grad!.zero_(); bd.grad!.zero_();
    }
    history.Add(("train loss", l.item<double>()));
}
Console.WriteLine($"w = {wd.item<double>():F3}, b = {bd.item<double>():F3}, final loss {history.Last("train loss"):F4}");
history
'''),
    md('''
## Reductions
`Reduction.None` keeps one loss per element, `Sum` adds them, `Mean` averages them. The gradient scales the same way:
with `Sum` each element's gradient is N times larger than with `Mean`, which is why learning rates depend on it.
'''),
    code('''
var p = tensor(new[] { 1.0, 2.0, 3.0 }).requires_grad_(true);
var t = zeros(3, dtype: ScalarType.Float64);
Console.WriteLine($"none: {TensorFormatter.ToPlainText(MseLoss(p, t, Reduction.None).detach())}");
MseLoss(p, t, Reduction.Sum).backward();
var sumGrad = p.grad!.clone(); p.grad!.zero_();
MseLoss(p, t, Reduction.Mean).backward();
Console.WriteLine($"sum gradient / mean gradient = {TensorFormatter.ToPlainText(sumGrad / p.grad!)}");
'''),
    md('''
## Optimizers on one loss surface
An elongated bowl $L(w_1, w_2) = \\tfrac12 w_1^2 + 5 w_2^2$ is hard for plain SGD: its step must be small enough
for the steep direction $w_2$, and then it crawls along the flat direction $w_1$. Momentum builds up speed along
$w_1$; RMSProp and Adam rescale each direction by its gradient history. All four get the same 40 steps.
'''),
    code('''
double Surface(double a, double c) => 0.5 * a * a + 5 * c * c;
IReadOnlyList<(double X, double Y)> Path(Func<TorchSharp.Modules.Parameter, TorchSharp.torch.optim.Optimizer> make, int steps = 40)
{
    var point = new TorchSharp.Modules.Parameter(tensor(new[] { -4.0, 1.5 }));
    var optimizer = make(point);
    var path = new List<(double, double)> { (-4.0, 1.5) };
    for (var i = 0; i < steps; i++)
    {
        optimizer.zero_grad();
        (0.5 * point[0].square() + 5 * point[1].square()).backward();
        optimizer.step();
        path.Add((point[0].item<double>(), point[1].item<double>()));
    }
    return path;
}
var paths = new Dictionary<string, IReadOnlyList<(double X, double Y)>>
{
    ["SGD (lr 0.05)"] = Path(q => TorchSharp.torch.optim.SGD(new[] { q }, 0.05)),
    ["Momentum (lr 0.05, 0.9)"] = Path(q => TorchSharp.torch.optim.SGD(new[] { q }, 0.05, momentum: 0.9)),
    ["RMSProp (lr 0.1)"] = Path(q => TorchSharp.torch.optim.RMSProp(new[] { q }, 0.1)),
    ["Adam (lr 0.3)"] = Path(q => TorchSharp.torch.optim.Adam(new[] { q }, 0.3)),
};
foreach (var (name, path) in paths) Console.WriteLine($"{name,-24} ends at loss {Surface(path[^1].X, path[^1].Y):F5}");
Plots.OptimizerPaths(Surface, (-4.5, 4.5), (-2, 2), paths)
'''),
    md('''
## Summary
- Training repeats forward, loss, backward, update; autograd computes exactly the gradient of the formula.
- The reduction scales the gradient: `Sum` is N × `Mean`.
- On ill-conditioned surfaces, momentum and adaptive methods (RMSProp, Adam) reach the minimum in fewer steps.

## Exercises
1. Set the learning rate of the hand-written loop to 0.2. What happens, and why?
2. Replace `MseLoss` by `L1Loss` in the loop. How does the path of the loss change?
3. Give SGD a learning rate of 0.21 on the surface. Why does it diverge in $w_2$ first?
'''),
    md('''
<details><summary>Solutions (click to open)</summary>

1. It diverges: the largest curvature of the loss in (w, b) is about 2·mean(x²) = 15, and gradient descent is
   stable only for η < 2/15 ≈ 0.13.
2. The L1 gradient has constant size, so the loss falls linearly and then oscillates around the minimum.
3. Along $w_2$ the curvature is 10; SGD is stable only for η < 2/10 = 0.2.
</details>
'''),
])

write("05-custom-losses.ipynb", [
    md('''
# 05 · Custom losses
*自定义损失函数 — documents 001 (§custom losses, Tukey) and 003 (§custom modules)*

**Learning goals**
1. Write a loss as a module and as a function with a hand-written backward pass.
2. Check a gradient numerically (梯度检验).
3. Combine tasks with a weighted sum, and see why Tukey's biweight must be written with care.

**Prerequisites:** 01, 02.
'''),
    SETUP,
    md('''
## A loss as a module
A module wraps options and can sit inside a model. Here a weighted MSE: $\\ell = \\frac1N\\sum_i w_i (\\hat y_i - y_i)^2$.
'''),
    code('''
sealed class WeightedMse(Tensor weights) : TorchSharp.torch.nn.Module<Tensor, Tensor, Tensor>("WeightedMse")
{
    public override Tensor forward(Tensor input, Tensor target) => (weights * (input - target).square()).mean();
}
var wm = new WeightedMse(tensor(new[] { 1.0, 2.0, 0.5 }));
var value = wm.call(tensor(new[] { 1.0, 2.0, 3.0 }), zeros(3, dtype: ScalarType.Float64)).item<double>();
Console.WriteLine($"weighted MSE = {value} (by hand: (1·1 + 2·4 + 0.5·9)/3 = {(1 + 8 + 4.5) / 3})");
'''),
    md('''
## A hand-written backward pass
`CustomLoss.Define(forward, backward)` is the counterpart of subclassing `torch.autograd.Function`: autograd calls
your backward. Here log-cosh with its derivative $\\tanh(r)$ written by hand.
'''),
    code('''
var logCosh = CustomLoss.Define(
    (input, target) => (input - target).cosh().log().mean(),
    (input, target, gradOutput) => gradOutput * (input - target).tanh() / input.numel());
var r = randn(6, dtype: ScalarType.Float64).requires_grad_(true);
logCosh(r, zeros_like(r)).backward();
var custom = r.grad!.clone();
r.grad!.zero_();
LogCoshLoss(r, zeros_like(r)).backward();
Console.WriteLine($"custom backward equals the library's autograd gradient: {custom.allclose(r.grad!)}");
'''),
    md('''
## Gradient checking
A hand-written backward can be wrong. Compare it with central finite differences
$\\frac{L(x + h e_i) - L(x - h e_i)}{2h}$ in float64:
'''),
    code('''
double Numeric(Func<Tensor, double> f, Tensor at, int i, double h = 1e-6)
{
    var plus = at.detach().clone(); plus[i] += h;
    var minus = at.detach().clone(); minus[i] -= h;
    return (f(plus) - f(minus)) / (2 * h);
}
var worst = Enumerable.Range(0, 6).Max(i => Math.Abs(Numeric(v => logCosh(v, zeros_like(v)).item<double>(), r, i) - custom[i].item<double>()));
Console.WriteLine($"largest difference to finite differences: {worst:E1}");
'''),
    md('''
## Multi-task weighting
Document 001 combines a regression and a classification head: $L = \\alpha\\,\\mathrm{MSE}(o_1, t_1) + (1 - \\alpha)\\,\\mathrm{CE}(o_2, t_2)$.
'''),
    code('''
var o1 = randn(4, dtype: ScalarType.Float64); var t1 = randn(4, dtype: ScalarType.Float64);
var o2 = randn(4, 3, dtype: ScalarType.Float64); var t2 = tensor(new long[] { 0, 2, 1, 1 });
var alpha = 0.3;
var total = Combinators.WeightedSum((alpha, MseLoss(o1, t1)), (1 - alpha, CrossEntropy(o2, t2)));
Console.WriteLine($"multi-task loss = {total.item<double>():F6}, by hand = {alpha * MseLoss(o1, t1).item<double>() + (1 - alpha) * CrossEntropy(o2, t2).item<double>():F6}");
'''),
    md('''
## Tukey's biweight, as the documents write it
$$\\rho(r) = \\begin{cases} \\frac{c^2}{6}\\big(1 - (1 - (r/c)^2)^3\\big) & |r| \\le c \\\\ \\frac{c^2}{6} & |r| > c \\end{cases}$$
Document 001 computes both branches and masks one away. The value is right, but for huge residuals the masked
branch overflows and $\\infty \\cdot 0$ is NaN — in the loss *and* in its gradient. The library clamps
$(r/c)^2$ at 1 instead, so the loss is flat and the gradient exactly 0 beyond $c$.
'''),
    code('''
Tensor DocumentTukey(Tensor residual, double c = 4.685)
{
    var mask = (residual.abs() <= c).to_type(residual.dtype);
    return (c * c / 6 * (1 - (1 - (residual / c).square()).pow(3)) * mask + c * c / 6 * (1 - mask)).mean();
}
var residuals = tensor(new[] { 0.5f, -2.0f, 1e13f }).requires_grad_(true);
var documentLoss = DocumentTukey(residuals);
documentLoss.backward();
Console.WriteLine($"document's form: loss {documentLoss.item<float>()}, gradient {TensorFormatter.ToPlainText(residuals.grad!)}");
residuals.grad!.zero_();
var libraryLoss = TukeyBiweightLoss(residuals, zeros_like(residuals));
libraryLoss.backward();
Console.WriteLine($"library:         loss {libraryLoss.item<float>():F4}, gradient {TensorFormatter.ToPlainText(residuals.grad!)}");
'''),
    md('''
## Why losses are memory-bound
A loss does very little arithmetic per element: MSE is one subtraction, one multiplication and one addition. What
costs is moving the data. With $N$ float32 elements, libtorch's `mse_loss` makes separate passes: $d = x - y$ (reads
$8N$ bytes, writes $4N$), $d^2$ (reads $4N$, writes $4N$), the mean (reads $4N$): $24N$ bytes. A fused kernel reads
$x$ and $y$ once and keeps $d$, $d^2$ and the running sum in registers: $8N$ bytes, the least any loss of two tensors
can move. Once $N$ no longer fits in the caches (1e7 elements are 40 MB per tensor), the time follows the bytes.
The library's entry points take the fused path for contiguous float32/float64 CPU tensors
(`src/LossNotebooks.Losses/Fused/`); `FusedKernels.Disable()` switches it off, `FusedKernels.CountCalls()` counts it.
'''),
    code('''
using LossNotebooks.Losses.Fused;
manual_seed(7);
var big = randn(10_000_000);
var bigTarget = randn(10_000_000);
double fusedValue, nativeValue;
using (var calls = FusedKernels.CountCalls())
{
    using (no_grad()) fusedValue = MseLoss(big, bigTarget).item<float>();
    Console.WriteLine($"fused calls: {calls.Calls}");
}
using (FusedKernels.Disable()) using (no_grad()) nativeValue = MseLoss(big, bigTarget).item<float>();
Console.WriteLine($"fused and libtorch agree to 1e-6: {Math.Abs(fusedValue - nativeValue) / nativeValue < 1e-6}");
'''),
    md('''
Now time it live, on this machine: the MSE forward (no gradient) on the fused path, on libtorch's path, and the
memory bound — copying both inputs once — from $10^4$ to $10^7$ elements. Each point is the median of 21 calls
after 10 warm-up calls. The numbers change from run to run (the cell is tagged `volatile`, so the course check skips
its output); the shape does not.
'''),
    timing_code('''
using System.Diagnostics;
double MedianMilliseconds(Action call)
{
    for (var i = 0; i < 10; i++) call();
    var times = new List<double>();
    for (var i = 0; i < 21; i++)
    {
        var clock = Stopwatch.StartNew();
        call();
        times.Add(clock.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    return times[times.Count / 2];
}
var timings = new Dictionary<string, List<(double Elements, double Milliseconds)>> { ["fused"] = new(), ["libtorch"] = new(), ["copy both inputs"] = new() };
foreach (var n in new[] { 10_000, 100_000, 1_000_000, 10_000_000 })
{
    using var sizeScope = NewDisposeScope();
    var (x, y, xCopy, yCopy) = (randn(n), randn(n), empty(n), empty(n));
    using (no_grad())
    {
        timings["fused"].Add((n, MedianMilliseconds(() => { using var s = NewDisposeScope(); MseLoss(x, y).item<float>(); })));
        using (FusedKernels.Disable())
            timings["libtorch"].Add((n, MedianMilliseconds(() => { using var s = NewDisposeScope(); MseLoss(x, y).item<float>(); })));
        timings["copy both inputs"].Add((n, MedianMilliseconds(() => { xCopy.copy_(x); yCopy.copy_(y); })));
    }
    Console.WriteLine($"{n,10:N0} elements: fused {timings["fused"][^1].Milliseconds,8:F3} ms, libtorch {timings["libtorch"][^1].Milliseconds,8:F3} ms, copy {timings["copy both inputs"][^1].Milliseconds,8:F3} ms");
}
Plots.Timings(timings.ToDictionary(t => t.Key, t => (IReadOnlyList<(double, double)>)t.Value), "MSE forward: time per call")
'''),
    md('''
Read the plot on its log–log axes. For small inputs a call costs mostly its fixed overhead (a few microseconds of
dispatch, allocation and reading back one number), so the lines start out flat and close together — at $10^4$ and
$10^5$ elements the two paths are within the noise of each other. Towards $10^7$ the lines turn into slope 1 (ten
times the elements, ten times the time), and the gap between them is the ratio of bytes moved: libtorch's $24N$
against the fused kernel's $8N$, with libtorch's temporaries written to and read back from main memory once they no
longer fit in the caches. There the fused line falls below the copy line: a copy reads $8N$ bytes *and writes* $8N$,
the loss only reads.

Measured side by side (BenchmarkDotNet, `scripts/benchmark-fused.sh`, table in `docs/benchmarks/fused.md`): at 1e7
elements the fused MSE forward takes about a third of the time of copying its two inputs once, and libtorch's about
nine times the fused one. With autograd, the fused forward pass writes the gradient as it goes (the derivative needs
the same $x$ and $y$), so `backward()` has nothing left to read; forward + backward is then about four times faster
than libtorch's. Two costs remain that no loss can avoid: autograd adds the gradient into `.grad` in a pass of its
own, and a fresh 40 MB block from the allocator first takes about 10,000 page faults — which is why the library keeps
such large outputs in memory the .NET garbage collector reuses.
'''),
    md('''
### When the arithmetic, not the memory, sets the time
Not every loss is that cheap per byte. BCE-with-logits needs, for every element,
$\\operatorname{softplus}(-x) = \\max(-x, 0) + \\ln(1 + e^{-|x|})$: an exponential and a logarithm. Neither is a
machine instruction; each is computed from a handful of multiply-adds. The library's float32 exponential reduces the
argument first,

$$e^x = 2^k\\,e^r,\\qquad k = \\operatorname{round}(x\\log_2 e),\\quad r = x - k\\ln 2 \\in \\big[-\\tfrac{\\ln 2}{2}, \\tfrac{\\ln 2}{2}\\big],$$

builds $2^k$ directly from its exponent bits, and sums $e^r = \\sum_{n=0}^{7} r^n/n!$ (the next term is below
$6\\cdot 10^{-9}$ of the result, under float32's rounding). $\\ln(1 + z)$ for $z = e^{-|x|} \\in (0, 1]$ is
$z + z^2 h(z)$ with $h$ a degree-9 polynomial fitted to $(\\ln(1+z) - z)/z^2$: no division, whose latency would
stall the pipeline. Both stay within 2 units in the last place of the float64 truth (tested over ten million
arguments each, subnormals, $\\pm\\infty$ and NaN included).

That is still about forty vector instructions per eight elements, so at $10^7$ elements the BCE-with-logits forward
pass takes longer than copying its two inputs, where MSE took a third of it. Wider vectors help directly: .NET's
`Vector<float>` has 8 lanes by default, even on CPUs with AVX-512; with `DOTNET_MaxVectorTBitWidth=512` (which this
kernel's kernelspec sets) it has 16 there, and the pass gets faster again (`docs/benchmarks/fused.md` has both
columns). The kernelspec sets one more variable, for the cores rather than the lanes: libtorch's OpenMP threads
busy-wait for milliseconds after every libtorch operation, so a fused loss that follows one (as in training, after
the model's forward pass) found one of this machine's two cores taken and ran up to twice as slow;
`GOMP_SPINCOUNT=10000` shortens the wait to a fraction of a millisecond, still long enough for libtorch's own
back-to-back operations. The usual mistake when writing such a kernel is a different one: computing $\\ln(1 + e^{-x})$ literally,
which overflows for $x \\ll 0$ and returns 0 instead of $e^{-x}$ for $x \\gg 0$; the
$\\max(-x, 0) + \\ln(1 + e^{-|x|})$ form is accurate in both directions.
'''),
    code('''
// The usual mistake and the stable form, in float32, for y = 1 (where BCE-with-logits is softplus(-x)):
var logits = tensor(new[] { -100f, -20f, 0f, 20f, 100f });
var naive = (1 + (-logits).exp()).log();                                 // ln(1 + e^-x) as written
var stable = (-logits).clamp_min(0) + (-logits.abs()).exp().log1p();     // max(-x, 0) + ln(1 + e^-|x|)
var library = BinaryCrossEntropyWithLogits(logits, ones(5), reduction: Reduction.None);
string Show(Tensor t) => string.Join(", ", t.data<float>().ToArray().Select(v => v.ToString("G4")));
Console.WriteLine($"x:       {Show(logits)}\\nnaive:   {Show(naive)}\\nstable:  {Show(stable)}\\nlibrary: {Show(library)}");
Console.WriteLine($"stable equals the library: {stable.allclose(library, rtol: 1e-6, atol: 0)}");
'''),
    md('''
## Summary
- A loss is a module (options + forward) or a function; `CustomLoss.Define` lets you write the backward pass.
- Check hand-written gradients against finite differences in float64.
- Write robust losses so that branches you mask away cannot overflow: clamp, don't mask.

## Exercises
1. Give `WeightedMse` a `Reduction` option like the library's losses.
2. Break the backward of `logCosh` (drop the division by N) and watch the gradient check fail.
3. Write Cauchy's loss $\\log(1 + (r/c)^2/2)$ as a custom loss and compare it with `BarronLoss(alpha: 0)`.
'''),
    md('''
<details><summary>Solutions (click to open)</summary>

1. Take `Reduction reduction` in the constructor and return `reduction switch { None => l, Sum => l.sum(), _ => l.mean() }`.
2. The largest difference becomes about 5/6 of the gradient, far above 1e-9.
3. `BarronLoss(x, y, alpha: 0, scale: c)` is exactly log(1 + (r/c)²/2).
</details>
'''),
])

write("06-projects.ipynb", [
    md('''
# 06 · Projects: linear regression and a small CNN
*项目实践 — document 003 (§5.1 linear regression with MSE, §5.2 image classification with cross-entropy)*

**Learning goals**
1. Train a linear regression with MSE end to end.
2. Train a small convolutional network on real images (the 8×8 digits in `data/`) with cross-entropy, watching live
   training curves.
3. Train the same model under other losses and compare held-out accuracy.

**Prerequisites:** 01, 03.
'''),
    SETUP,
    md('''
## 1. Linear regression with MSE (document 003, §5.1)
Seeded data from $y = 2x + 1$ plus noise; `nn.Linear(1, 1)` learns the slope and the intercept.
'''),
    code('''
manual_seed(1);
var xs = rand(100, 1, dtype: ScalarType.Float32) * 10;                  // [100, 1]
var ys = 2 * xs + 1 + randn(100, 1, dtype: ScalarType.Float32) * 0.5;   // [100, 1]
var linear = TorchSharp.torch.nn.Linear(1, 1);
var optimizer = TorchSharp.torch.optim.Adam(linear.parameters(), 0.1);
for (var epoch = 0; epoch < 2000; epoch++)
{
    optimizer.zero_grad();
    MseLoss(linear.call(xs), ys).backward();
    optimizer.step();
}
// The least-squares solution of the same data, from the normal equations, for comparison.
var design = cat(new[] { xs, ones_like(xs) }, 1);                     // [100, 2]
var leastSquares = linalg.solve(design.t().matmul(design), design.t().matmul(ys)).squeeze(1);
Console.WriteLine($"least squares: y = {leastSquares[0].item<float>():F2}·x + {leastSquares[1].item<float>():F2}");
Console.WriteLine($"learned y = {linear.weight!.item<float>():F2}·x + {linear.bias!.item<float>():F2} (data made from 2·x + 1 plus noise)");
'''),
    md('''
## 2. A small CNN on the digits (document 003, §5.2)
`data/digits.csv` holds 1,797 images of 8×8 pixels (values 0–16) and their digit (see `data/README.md`). The CSV is
read with CsvHelper, referenced straight from NuGet in the cell.
'''),
    code('''
#r "nuget: CsvHelper, 34.0.0"
using System.Globalization;
using CsvHelper;
var rows = new List<float[]>();
using (var csv = CsvReader.FromFile("../data/digits.csv", new CsvReaderOptions()))
{
    csv.ReadHeader();
    while (csv.Read()) rows.Add(Enumerable.Range(0, 65).Select(i => float.Parse(csv.GetString(i), CultureInfo.InvariantCulture)).ToArray());
}
var images = tensor(rows.SelectMany(r => r.Take(64)).ToArray()).reshape(rows.Count, 1, 8, 8) / 16;   // [N, 1, 8, 8]
var digits = tensor(rows.Select(r => (long)r[64]).ToArray());                                       // [N]
manual_seed(0);
var order = randperm(rows.Count);
var train = order[..1437]; var test = order[1437..];
Console.WriteLine($"{rows.Count} images: {train.shape[0]} for training, {test.shape[0]} held out");
'''),
    md('''
The model: two 3×3 convolutions with ReLU and 2×2 max-pooling, then a linear layer to 10 logits. The training
curves update live while it trains (a display handle's `Update`).
'''),
    code('''
TorchSharp.torch.nn.Module<Tensor, Tensor> MakeCnn()
{
    manual_seed(42);
    return TorchSharp.torch.nn.Sequential(
        ("conv1", TorchSharp.torch.nn.Conv2d(1, 16, 3, padding: 1)), ("relu1", TorchSharp.torch.nn.ReLU()), ("pool1", TorchSharp.torch.nn.MaxPool2d(2)),
        ("conv2", TorchSharp.torch.nn.Conv2d(16, 32, 3, padding: 1)), ("relu2", TorchSharp.torch.nn.ReLU()), ("pool2", TorchSharp.torch.nn.MaxPool2d(2)),
        ("flatten", TorchSharp.torch.nn.Flatten()), ("out", TorchSharp.torch.nn.Linear(32 * 2 * 2, 10)));
}
double Accuracy(TorchSharp.torch.nn.Module<Tensor, Tensor> model, Tensor index)
{
    using var _ = no_grad();
    return (model.call(images.index_select(0, index)).argmax(1) == digits.index_select(0, index)).to_type(ScalarType.Float32).mean().item<float>();
}
TrainingHistory Train(TorchSharp.torch.nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor, Tensor> loss, int epochs = 8, DisplayHandle? live = null)
{
    var history = new TrainingHistory();
    var adam = TorchSharp.torch.optim.Adam(model.parameters(), 0.01);
    for (var epoch = 0; epoch < epochs; epoch++)
    {
        var shuffled = train.index_select(0, randperm(train.shape[0]));
        var total = 0.0;
        for (var start = 0; start < shuffled.shape[0]; start += 64)
        {
            var batch = shuffled[start..Math.Min(start + 64, (int)shuffled.shape[0])];
            adam.zero_grad();
            var l = loss(model.call(images.index_select(0, batch)), digits.index_select(0, batch));
            l.backward();
            adam.step();
            total += l.item<float>() * batch.shape[0];
        }
        history.Add(("train loss", total / train.shape[0]), ("test accuracy", Accuracy(model, test)));
        live?.Update(history);
    }
    return history;
}
var cnn = MakeCnn();
var handle = display(new TrainingHistory());
var ceHistory = Train(cnn, (logits, labels) => CrossEntropy(logits, labels), live: handle);
Console.WriteLine($"cross-entropy: held-out accuracy {ceHistory.Last("test accuracy"):P1}");
'''),
    md('''
## 3. The same model under other losses
Same initialization, same data order seed, same epochs: only the loss changes.
'''),
    code('''
var losses = new (string Name, Func<Tensor, Tensor, Tensor> Loss)[]
{
    ("cross_entropy", (z, y) => CrossEntropy(z, y)),
    ("cross_entropy(label_smoothing=0.1)", (z, y) => CrossEntropy(z, y, labelSmoothing: 0.1)),
    ("softmax_focal_loss(gamma=2)", (z, y) => SoftmaxFocalLoss(z, y, gamma: 2)),
    ("multi_margin_loss (multi-class hinge)", (z, y) => MultiMarginLoss(z, y)),
};
var results = losses.Select(l => { manual_seed(7); var h = Train(MakeCnn(), l.Loss); return (l.Name, Accuracy: h.Last("test accuracy")); }).ToList();
foreach (var (name, accuracy) in results) Console.WriteLine($"{name,-40} held-out accuracy {accuracy:P1}");
'''),
    md('''
On a clean, balanced data set like the digits all four reach similar accuracy: the loss matters most when the data
is imbalanced (focal), noisy (label smoothing, robust losses) or when margins matter (hinge).

## Summary
- MSE trains a linear regression; cross-entropy trains a classifier from logits.
- A display handle turns a `TrainingHistory` into live training curves.
- Swapping the loss is one line; compare on held-out data, not on the training loss.

## Exercises
1. Remove the second convolution block. How much accuracy do you lose?
2. Make the training set imbalanced (drop most 0s and 1s) and compare cross-entropy with focal loss again.
3. Train the linear regression with `L1Loss` on data with a few large outliers. Which fit is closer to 2·x + 1?
'''),
    md('''
<details><summary>Solutions (click to open)</summary>

1. With one block the linear layer sees 16·4·4 features; accuracy usually drops by a point or two.
2. Focal loss keeps more of the rare classes right, because it down-weights the easy, frequent ones.
3. The L1 fit: outliers pull the MSE line towards them.
</details>
'''),
])

write("07-choosing-a-loss.ipynb", [
    md('''
# 07 · Choosing a loss
*如何选择损失函数 — documents 000 (§6 applications), 003 (§6) and 004 (§selection)*

**Learning goals**
1. Read the selection guide generated from the library's metadata.
2. Match losses to application scenarios (vision, NLP, recommendation, finance, anomaly detection).
3. Run each scenario's loss on a small example.

**Prerequisites:** 02, 03.
'''),
    SETUP,
    md('''
## The selection guide
Generated from `LossCatalog.All`, so it never disagrees with the code: task, loss, key properties, and when to use it.
'''),
    code('''
string Escape(string s) => System.Net.WebUtility.HtmlEncode(s);
var rows = LossCatalog.All.OrderBy(l => l.Task).ThenBy(l => l.Name).Select(l =>
    $"<tr><td>{l.Task}</td><td><code>{Escape(l.Name)}</code></td><td>{Escape(l.Properties.ToString())}</td><td style=\\"text-align:left\\">{Escape(l.UseWhen)}</td></tr>");
display(HTML("<table class=\\"lossnb-table\\"><tr><th>task</th><th>loss</th><th>properties</th><th>use when</th></tr>" + string.Concat(rows) + "</table>"));
Console.WriteLine($"{LossCatalog.All.Count} losses, {LossCatalog.All.Count(l => l.Properties.HasFlag(LossProperties.RobustToOutliers))} robust to outliers");
'''),
    md('''
## Scenarios
**Vision** — image classification uses cross-entropy; dense detection with many easy background pixels uses focal
loss; segmentation with small objects uses Dice.
'''),
    code('''
var logits = tensor(new[,] { { 2.0, 0.5, -1.0 }, { 0.1, 0.2, 3.0 } });
Console.WriteLine($"CE = {CrossEntropy(logits, tensor(new long[] { 0, 2 })).item<double>():F4}");
var mask = tensor(new[,] { { 0.0, 1.0 }, { 1.0, 1.0 } }).unsqueeze(0);
var predicted = tensor(new[,] { { 0.1, 0.8 }, { 0.7, 0.9 } }).unsqueeze(0);
Console.WriteLine($"Dice = {DiceLoss(predicted, mask).item<double>():F4}, focal = {SigmoidFocalLoss(tensor(new[] { 3.0, -2.0 }), tensor(new[] { 1.0, 0.0 }), reduction: Reduction.Mean).item<double>():F4}");
'''),
    md('''
**NLP** — next-token prediction uses cross-entropy with label smoothing; speech and handwriting recognition without
alignments use CTC.
'''),
    code('''
var tokenLogits = randn(5, 10, dtype: ScalarType.Float64);
var tokens = tensor(new long[] { 1, 4, 4, 7, 2 });
Console.WriteLine($"CE with label smoothing 0.1 = {CrossEntropy(tokenLogits, tokens, labelSmoothing: 0.1).item<double>():F4}");
var logProbs = randn(12, 1, 6, dtype: ScalarType.Float64).log_softmax(2);   // [T, N, C]
var ctc = CtcLoss(logProbs, tensor(new long[] { 1, 2, 2, 3 }).unsqueeze(0), tensor(new long[] { 12 }), tensor(new long[] { 4 }));
Console.WriteLine($"CTC = {ctc.item<double>():F4}");
'''),
    md('''
**Recommendation** — from implicit feedback, rank clicked items above the rest: BPR or margin ranking.
'''),
    code('''
var clicked = tensor(new[] { 2.0, 0.5, 1.5 });
var notClicked = tensor(new[] { 1.0, 1.0, -0.5 });
Console.WriteLine($"BPR = {BprLoss(clicked, notClicked).item<double>():F4}, margin ranking = {MarginRankingLoss(clicked, notClicked, ones(3, dtype: ScalarType.Float64), margin: 1).item<double>():F4}");
'''),
    md('''
**Finance** — a value-at-risk model predicts a low quantile of returns: the quantile (pinball) loss with τ = 0.05
penalizes predictions above the outcome 19 times more than below.
'''),
    code('''
var returns = tensor(new[] { -0.02, 0.01, 0.03, -0.05, 0.00 });
var varPrediction = full(5, -0.03, dtype: ScalarType.Float64);
Console.WriteLine($"pinball(τ=0.05) = {QuantileLoss(varPrediction, returns, quantile: 0.05).item<double>():F5}");
'''),
    md('''
**Anomaly detection** — fit normal behaviour with a robust loss so anomalies do not pull the fit; their residuals
then stand out. Tukey's biweight ignores them entirely.
'''),
    code('''
var readings = tensor(new[] { 10.1, 9.8, 10.0, 10.3, 55.0, 9.9 });
foreach (var spec in new[] { "mse", "huber", "tukey(c=1)" })
{
    var level = zeros(1, dtype: ScalarType.Float64).requires_grad_(true);
    var loss = LossCatalog.Parse(spec);
    for (var step = 0; step < 2000; step++)
    {
        loss.Compute(level.expand(6), readings).backward();
        using (no_grad()) { level.sub_(0.05 * level.grad!); level.grad!.zero_(); }
    }
    Console.WriteLine($"{loss.Spec,-22} fitted level {level.item<double>():F2}");
}
'''),
    md('''
The MSE fit is pulled towards the anomaly (17.5); Huber much less; Tukey started from 0 stays stuck far away,
because beyond c its gradient is zero — robust losses need a good starting point (here, the median).

## Summary
- The guide comes from the catalog's metadata: task, properties and "use when".
- Vision: CE, focal, Dice; NLP: CE + label smoothing, CTC; recommendation: BPR, ranking; finance: quantile;
  anomalies: robust losses.
- Redescending losses (Tukey) need a robust start.

## Exercises
1. Start the Tukey fit at the median of `readings`. Where does it end?
2. Which losses in the catalog are bounded? List them with a LINQ query.
3. Pick a loss for predicting delivery times where late deliveries cost three times more than early ones.
'''),
    md('''
<details><summary>Solutions (click to open)</summary>

1. At about 10.0: the anomaly is beyond c and contributes no gradient.
2. `LossCatalog.All.Where(l => l.Properties.HasFlag(LossProperties.Bounded))`: Tukey's biweight.
3. The quantile loss with τ = 0.75: under-predictions (late) cost 3 times as much as over-predictions.
</details>
'''),
])

write("04-ranking-and-metric-learning.ipynb", [
    md('''
# 04 · Ranking and metric learning
*排序与度量学习损失 — documents 001 (contrastive, triplet), 003 (hinge) and 000 (recommendation)*

**Learning goals**
1. Use margin losses: hinge embedding, margin ranking, cosine embedding.
2. Learn an embedding (嵌入) with contrastive and triplet losses, and see it before and after.
3. Rank items from implicit feedback with BPR.

**Prerequisites:** 01, 03.
'''),
    SETUP,
    md('''
## Margin losses
PyTorch has no class called "HingeLoss" (document 003's name): the hinge appears as `HingeEmbeddingLoss`
(distances of similar/dissimilar pairs), `MultiMarginLoss` (multi-class SVM) and `MarginRankingLoss`
($\\max(0, -y(x_1 - x_2) + m)$: which of two items should score higher).
'''),
    code('''
var distance = tensor(new[] { 0.3, 1.8, 0.4 });
var same = tensor(new[] { 1.0, -1.0, -1.0 });             // 1 similar, -1 dissimilar
Console.WriteLine($"hinge embedding = {HingeEmbeddingLoss(distance, same, margin: 1.0).item<double>():F4} (by hand (0.3 + 0 + 0.6)/3 = {(0.3 + 0 + 0.6) / 3:F4})");
var scoreA = tensor(new[] { 2.0, 0.5 }); var scoreB = tensor(new[] { 1.0, 1.5 });
Console.WriteLine($"margin ranking (A above B, m = 0.5) = {MarginRankingLoss(scoreA, scoreB, ones(2, dtype: ScalarType.Float64), margin: 0.5).item<double>():F4} (by hand (0 + 1.5)/2 = 0.75)");
var u = tensor(new[,] { { 1.0, 0.0 }, { 1.0, 1.0 } }); var v = tensor(new[,] { { 1.0, 0.1 }, { -1.0, 1.0 } });
Console.WriteLine($"cosine embedding = {CosineEmbeddingLoss(u, v, tensor(new[] { 1.0, -1.0 })).item<double>():F4}");
'''),
    md('''
## Contrastive loss (Hadsell, Chopra and LeCun 2006)
With $d = \\lVert x_1 - x_2 \\rVert_2$ and $y = 1$ for similar pairs (the documents' convention; the paper writes
$Y = 0$ for similar pairs):
$$\\ell = \\tfrac12\\big[\\,y\\,d^2 + (1 - y)\\max(0, m - d)^2\\,\\big].$$

> **Common mistake.** Document 001's formula has $\\frac{1}{2N}$ but its code takes a plain mean without ½: the code
> computes twice the formula. The cell shows both.
'''),
    code('''
var a = tensor(new[,] { { 0.0, 0.0 }, { 1.0, 1.0 }, { 0.0, 1.0 } });
var b = tensor(new[,] { { 0.6, 0.8 }, { 1.2, 1.0 }, { 0.0, 1.5 } });
var similar = tensor(new[] { 1.0, 0.0, 0.0 });
var d = (a - b).square().sum(1).sqrt();
var formula = (0.5 * (similar * d.square() + (1 - similar) * (2.0 - d).clamp_min(0).square())).mean();
var documentCode = (similar * d.square() + (1 - similar) * (2.0 - d).clamp_min(0).square()).mean();
Console.WriteLine($"library {ContrastiveLoss(a, b, similar, margin: 2.0).item<double>():F4}, formula {formula.item<double>():F4}, document's code {documentCode.item<double>():F4}");
'''),
    md('''
## Learning an embedding with the triplet loss
Points of three clusters live in 6 dimensions, mixed by a random linear map; we learn a linear map to 2-D so that
an anchor is closer to a positive (same cluster) than to a negative by a margin:
$\\ell = \\max(0, d(a, p) - d(a, n) + m)$.
'''),
    code('''
var generator = new Random(4);
var centres = randn(3, 6, dtype: ScalarType.Float64) * 3;
var labels = tensor(Enumerable.Range(0, 90).Select(i => (long)(i % 3)).ToArray());
var points = centres.index_select(0, labels) + randn(90, 6, dtype: ScalarType.Float64) + randn(6, 6, dtype: ScalarType.Float64).matmul(randn(6, dtype: ScalarType.Float64)).unsqueeze(0);
var map = new TorchSharp.Modules.Parameter(randn(6, 2, dtype: ScalarType.Float64) * 0.1);
var before = points.matmul(map).detach();
var optimizer = TorchSharp.torch.optim.Adam(new[] { map }, 0.05);
var history = new TrainingHistory();
for (var step = 0; step < 150; step++)
{
    var anchors = Enumerable.Range(0, 32).Select(_ => generator.Next(90)).ToArray();
    var positives = anchors.Select(i => { int j; do j = generator.Next(90); while (j % 3 != i % 3 || j == i); return j; }).ToArray();
    var negatives = anchors.Select(i => { int j; do j = generator.Next(90); while (j % 3 == i % 3); return j; }).ToArray();
    Tensor Embed(int[] index) => points.index_select(0, tensor(index.Select(i => (long)i).ToArray())).matmul(map);
    optimizer.zero_grad();
    var loss = TripletMarginLoss(Embed(anchors), Embed(positives), Embed(negatives), margin: 1.0);
    loss.backward();
    optimizer.step();
    history.Add(("triplet loss", loss.item<double>()));
}
var after = points.matmul(map).detach();
Console.WriteLine($"triplet loss: first step {history.Series["triplet loss"][0]:F3}, last step {history.Last("triplet loss"):F3}");
'''),
    code('''
Plotly.NET.GenericChart Scatter(Tensor embedded, string title)
{
    var charts = Enumerable.Range(0, 3).Select(c =>
    {
        var rows = embedded.index_select(0, (labels == c).nonzero().squeeze(1));
        return Plotly.NET.CSharp.Chart.Point<double, double, string>(rows[.., 0].data<double>().ToArray(), rows[.., 1].data<double>().ToArray(), Name: $"cluster {c}");
    });
    return Plots.Titled(Plotly.NET.CSharp.Chart.Combine(charts), title, "embedding 1", "embedding 2");
}
display(Scatter(before, "Embedding before training"));
Scatter(after, "Embedding after triplet training")
'''),
    md('''
## BPR: ranking from implicit feedback
Bayesian personalized ranking (Rendle et al. 2009) learns scores so that an item a user interacted with scores above
one they did not: $\\ell = -\\log\\sigma(s^+ - s^-)$. A seeded synthetic data set: 30 users, 40 items, each user
prefers items of one of three genres.
'''),
    code('''
var rng = new Random(7);
int users = 30, items = 40;
var userGenre = Enumerable.Range(0, users).Select(_ => rng.Next(3)).ToArray();
var itemGenre = Enumerable.Range(0, items).Select(i => i % 3).ToArray();
var clicks = Enumerable.Range(0, users).SelectMany(uid => Enumerable.Range(0, items)
    .Where(i => itemGenre[i] == userGenre[uid] ? rng.NextDouble() < 0.6 : rng.NextDouble() < 0.05).Select(i => (uid, i))).ToList();
var clicked = clicks.ToHashSet();
var userFactors = new TorchSharp.Modules.Parameter(randn(users, 4, dtype: ScalarType.Float64) * 0.1);
var itemFactors = new TorchSharp.Modules.Parameter(randn(items, 4, dtype: ScalarType.Float64) * 0.1);
var bpr = TorchSharp.torch.optim.Adam(new[] { userFactors, itemFactors }, 0.05);
for (var epoch = 0; epoch < 60; epoch++)
{
    var batch = clicks.Select(c => { int j; do j = rng.Next(items); while (clicked.Contains((c.uid, j))); return (c.uid, pos: c.i, neg: j); }).ToList();
    var uIdx = tensor(batch.Select(t => (long)t.uid).ToArray());
    var uVec = userFactors.index_select(0, uIdx);
    var pos = (uVec * itemFactors.index_select(0, tensor(batch.Select(t => (long)t.pos).ToArray()))).sum(1);
    var neg = (uVec * itemFactors.index_select(0, tensor(batch.Select(t => (long)t.neg).ToArray()))).sum(1);
    bpr.zero_grad();
    BprLoss(pos, neg).backward();
    bpr.step();
}
var scores = userFactors.matmul(itemFactors.t()).detach();
var hits = Enumerable.Range(0, users).Count(uid => itemGenre[(int)scores[uid].argmax().item<long>()] == userGenre[uid]);
Console.WriteLine($"top-scored item is of the user's genre for {hits} of {users} users");
'''),
    md('''
## Summary
- Margin losses compare scores or distances against a margin; PyTorch names them by use, not "HingeLoss".
- Contrastive loss pulls similar pairs together and pushes dissimilar ones beyond the margin (mind the ½ and the
  label convention); triplet loss orders distances around an anchor.
- BPR ranks observed interactions above unobserved ones.

## Exercises
1. Set `swap: true` in the triplet loss. What does it change?
2. Replace the triplet loss by `ContrastiveLoss` on pairs and compare the embeddings.
3. Count how often BPR's top item is one the user already clicked. How would you exclude those?
'''),
    md('''
<details><summary>Solutions (click to open)</summary>

1. The negative's distance becomes min(d(a, n), d(p, n)): the harder of the two, which speeds up training.
2. Sample pairs with `similar = 1` for the same cluster; the clusters separate too, with a margin set by `margin`.
3. Mask clicked items with `scores.masked_fill(clickedMask, double.NegativeInfinity)` before `argmax`.
</details>
'''),
])

write("08-your-own-data.ipynb", [
    md('''
# 08 · Your own data
*你自己的数据 — documents 003 and 004 (choosing a loss in practice)*

**Learning goals**
1. Load predictions and targets from a CSV and let the library compare how each loss judges several models.
2. Read the report: the loss table, the curves over the data, the samples that dominate each loss, robustness.
3. Answer "which loss should I train with?" on held-out data.

**Prerequisites:** 02, 03, 07.

Everything here is also a command: `lossnb compare FILE --target y --pred a,b [--html report.html]`.
'''),
    code('''
#r "project: ../src/LossNotebooks.Analysis"
using LossNotebooks.Analysis;
using LossNotebooks.Analysis.Reports;
using LossNotebooks.Losses;
using static LossNotebooks.Losses.Functional;
using static TorchSharp.torch;
manual_seed(0);
'''),
    md('''
## Regression: two models of diabetes progression
`data/diabetes-predictions.csv` holds the disease progression of 442 patients one year after baseline and the
predictions of two least-squares fits: `pred_bmi` (body-mass index only) and `pred_all` (all ten baseline
variables). One call loads the file, picks the task (and says why), and computes the report:
'''),
    code('''
var diabetes = LossComparison.Compare("../data/diabetes-predictions.csv", "progression", new[] { "pred_bmi", "pred_all" });
diabetes
'''),
    md('''
**Reading the report.** The table gives each model's mean loss under each loss (损失); the best per loss is
highlighted. The curves show each loss over the residual range of *this* data, with the residuals drawn underneath:
where the residuals lie decides which part of each curve matters. The top-k table names the file lines that dominate
each loss — under MSE a few large residuals carry a large share, under Tukey's biweight every far residual costs the
same. The robustness table corrupts a seeded fraction of the targets (±5 standard deviations) and shows how far each
loss moves.

Every number is the library's: the table's MSE is exactly `MseLoss` on the two columns.
'''),
    code('''
var table = CsvTable.Load("../data/diabetes-predictions.csv", new[] { "progression", "pred_all" });
var direct = MseLoss(tensor(table.Columns["pred_all"]), tensor(table.Columns["progression"])).item<double>();
Console.WriteLine($"report MSE of pred_all = {diabetes.Table[0].ValueByModel["pred_all"]:F4}, MseLoss = {direct:F4}");
Console.WriteLine($"best model under every loss: {string.Join(", ", diabetes.Table.Select(r => r.Best).Distinct())}");
var worst = diabetes.Top.First(t => t.Loss == "mse_loss" && t.Model == "pred_all").Samples[0];
Console.WriteLine($"largest MSE contribution: line {worst.Line}, residual {worst.Abscissa:F1}, {worst.Share:P1} of the total");
'''),
    md('''
## Classification: scores as probabilities or logits
For classifiers, give the label column and each model's score columns: one column for binary, one per class
otherwise. The library reads them as probabilities when they lie in [0, 1] (rows summing to 1), else as logits, and
hands every loss the input it is defined on (probabilities to BCE, logits to BCE-with-logits and focal loss).
'''),
    code('''
var cancer = LossComparison.Compare("../data/breast-cancer-scores.csv", "malignant",
    ModelColumns.FromScores(new[] { "size=p_size", "all=p_all" }), fromScores: true);
Console.WriteLine(cancer.Task.Reason);
foreach (var row in cancer.Table) Console.WriteLine($"{row.Loss,-30} size {row.ValueByModel["size"]:F4}   all {row.ValueByModel["all"]:F4}");
'''),
    md('''
BCE on probabilities and soft margin on logits with ±1 labels give the same number: both are $\\log(1 + e^{-m})$ of
the margin $m$. Three classes work the same way, with the logits of each model:
'''),
    code('''
var iris = LossComparison.Compare("../data/iris-scores.csv", "species",
    ModelColumns.FromScores(new[] { "sepal=sepal_0,sepal_1,sepal_2", "all=all_0,all_1,all_2" }), fromScores: true);
Console.WriteLine(iris.Task.Reason);
foreach (var row in iris.Table) Console.WriteLine($"{row.Loss,-36} sepal {row.ValueByModel["sepal"]:F4}   all {row.ValueByModel["all"]:F4}");
'''),
    md('''
## Which loss should I train with?
Comparing losses on *fixed* predictions says how each loss judges them. To choose a training loss, train under each
one and score the fits on held-out rows with the metrics you care about. `TrainingStudy` fits a linear model and a
small MLP under each loss (seeded 80/20 split, features standardized) and scores MSE, MAE and quantiles of the
absolute error:
'''),
    code('''
var features = new[] { "age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6" };
var choice = TrainingStudy.Run("../data/diabetes-predictions.csv", "progression", features,
    new TrainingOptions { Losses = new[] { "mse", "mae", "huber(delta=20)" }, Epochs = 300 });
choice
'''),
    code('''
foreach (var (metric, fit) in choice.BestPerMetric)
    Console.WriteLine($"best {metric,-12}: {fit.Loss} ({fit.Model}) = {fit.Metrics[metric]:F2}");
'''),
    md('''
Here Huber (δ = 20) wins both mean metrics, MAE training gives the smallest *median* error and MSE training the
smallest *tail* errors (90th and 99th percentiles): each loss pays off on the metric that resembles it — MAE estimates
the median, MSE punishes large errors most. There is no best loss in general, only a best loss *for the metric you will
be judged by*, checked on held-out data.

## Your own file
Point the same calls at your CSV (or TSV): a target column and one prediction column per model, or a label column and
score columns. Missing values stop the load with the line and column unless you ask to drop such rows, and every
bad value is named. The report also exports as a standalone offline HTML page, JSON and CSV:
'''),
    code('''
var myFile = "../data/diabetes-predictions.csv";   // your path here
var mine = LossComparison.Compare(myFile, "progression", new[] { "pred_all" },
    new ComparisonOptions { Losses = new[] { "mse", "quantile(quantile=0.9)" }, Missing = MissingValuePolicy.Drop });
var folder = Directory.CreateTempSubdirectory("lossnb-report-").FullName;
ReportExport.Write(mine, Path.Combine(folder, "report.html"), Path.Combine(folder, "report.json"), Path.Combine(folder, "table.csv"));
Console.WriteLine(File.ReadAllText(Path.Combine(folder, "table.csv")));
try { LossComparison.Compare(myFile, "progresion", new[] { "pred_all" }); }
catch (ArgumentException e) { Console.WriteLine(e.Message.Replace(Path.GetFullPath("../data"), "../data")); }
'''),
    md('''
## Summary
- `LossComparison.Compare` loads a CSV, detects the task (and says why), and reports every loss for every model,
  the curves over your data, the dominating samples and the robustness to corrupted targets.
- Classification scores may be probabilities or logits; each loss gets the input it is defined on.
- To choose a training loss, train under each and score on held-out data (`TrainingStudy`).

## Exercises
1. Compare `pred_bmi` and `pred_all` under `quantile(quantile=0.1)` and `quantile(quantile=0.9)`. Which model
   under-predicts more?
2. In the breast-cancer comparison, compare `bce` with `focal(alpha=-1,gamma=5)`. Does the ranking of the two models
   change? Why are the focal values so much smaller?
3. Run the training study on the iris features (`sepal_length`, …, `petal_width`, target `species`) with `ce` and
   `multi_margin`.
'''),
    md('''
<details><summary>Solutions (click to open)</summary>

1. `LossComparison.Compare(path, "progression", new[] { "pred_bmi", "pred_all" }, new ComparisonOptions { Losses = new[] { "quantile(quantile=0.1)", "quantile(quantile=0.9)" } })`;
   the quantile loss with τ = 0.9 charges under-predictions 9× more than over-predictions, so the model with the larger
   τ = 0.9 loss relative to its τ = 0.1 loss under-predicts more.
2. The ranking holds (`all` is better under both). Focal loss multiplies each sample's BCE by $(1 - p_t)^\\gamma < 1$,
   which nearly silences the many confidently right samples, so its mean is far smaller; only the hard samples remain.
3. `TrainingStudy.Run("../data/iris-scores.csv", "species", new[] { "sepal_length", "sepal_width", "petal_length", "petal_width" }, new TrainingOptions { Losses = new[] { "ce", "multi_margin" } })`.
</details>
'''),
])

write("09-outlook-and-faq.ipynb", [
    md('''
# 09 · Outlook and FAQ
*总结与展望、常见问题 — documents 000 (§7–8), 001 (§8), 003 (§7–8)*

**Learning goals**
1. Meet an adaptive robust loss (Barron's general loss) that contains the others.
2. Answer the documents' FAQ: how to choose and customize a loss, metrics vs losses, overfitting and regularization.

**Prerequisites:** 02, 05, 07.
'''),
    SETUP,
    md('''
## One loss for many: Barron's general robust loss (CVPR 2019)
With $z = (r/c)^2$ and $b = |\\alpha - 2|$: $\\rho(r) = \\frac{b}{\\alpha}\\big((z/b + 1)^{\\alpha/2} - 1\\big)$. The shape
parameter α moves continuously from L2 (α = 2) through Charbonnier (α = 1), Cauchy (α = 0) and Geman–McClure
(α = −2) to Welsch (α → −∞); it can even be learned.
'''),
    code('''
Plots.LossVsResidual(new[] { "barron(alpha=2)", "barron(alpha=1)", "barron(alpha=0)", "barron(alpha=-2)", "barron(alpha=-inf)" }, -6, 6)
'''),
    code('''
var r = tensor(new[] { 0.5, 3.0 });
var zero = zeros_like(r);
Console.WriteLine($"α = 2 equals ½ MSE: {BarronLoss(r, zero, alpha: 2, reduction: Reduction.None).allclose(0.5 * r.square())}");
Console.WriteLine($"α = 1 equals √(r² + 1) − 1: {BarronLoss(r, zero, alpha: 1, reduction: Reduction.None).allclose((r.square() + 1).sqrt() - 1)}");
Console.WriteLine($"α = 0 equals log(r²/2 + 1): {BarronLoss(r, zero, alpha: 0, reduction: Reduction.None).allclose((r.square() / 2 + 1).log())}");
'''),
    md('''
## FAQ
**How do I choose a loss?** Start from the task and the noise: regression with Gaussian noise → MSE; outliers → Huber
or log-cosh; gross outliers → Tukey (with a robust start); quantiles → pinball; classification → cross-entropy from
logits; imbalance → class weights or focal loss; multi-label → BCE with logits; ranking → BPR or margin ranking;
embeddings → contrastive or triplet. Chapter 07's guide lists them all.

**How do I customize a loss?** Write it from tensor operations (autograd differentiates it), or with a hand-written
backward (`CustomLoss.Define`) when you need speed or a special gradient — and check it with finite differences
(chapter 05).

**Are evaluation metrics and losses the same?** No. A loss must be differentiable and is what you optimize;
a metric (accuracy, F1, AUC, MAE in business units) is what you report. Accuracy is not differentiable, so we
optimize cross-entropy and report accuracy.

**How do losses relate to overfitting and regularization?** The training loss keeps falling while the validation
loss rises when a model overfits. Regularization adds a penalty to the loss, e.g. $L + \\lambda\\lVert w\\rVert^2$ (weight decay):
'''),
    code('''
var w = tensor(new[] { 0.5, -2.0, 1.0 }).requires_grad_(true);
var x = tensor(new[] { 1.0, 2.0, 3.0 });
var lambda = 0.1;
var regularized = MseLoss((w * x).sum().unsqueeze(0), tensor(new[] { 1.0 })) + lambda * w.square().sum();
regularized.backward();
Console.WriteLine($"gradient with weight decay: {TensorFormatter.ToPlainText(w.grad!)} (the penalty adds 2λw = {TensorFormatter.ToPlainText(2 * lambda * w.detach())})");
'''),
    md('''
## Summary
- Barron's loss unifies L2, Charbonnier, Cauchy, Geman–McClure and Welsch with one parameter.
- Choose by task and noise; customize with autograd; check gradients; report metrics, optimize losses.

## Exercises
1. Make α a learnable parameter (a `Parameter`) and fit it together with a line on data with outliers.
2. Show numerically that Barron's loss with α = 1 and scale c is c²(√((r/c)² + 1) − 1)/c².
'''),
    md('''
<details><summary>Solutions (click to open)</summary>

1. Keep α in a range (e.g. α = 2·sigmoid(θ) − 1) and add the normalizing term of Barron's paper, or α runs off to −∞
   (which makes every loss small).
2. `BarronLoss(r, 0, alpha: 1, scale: c)` equals `((r / c).square() + 1).sqrt() - 1` elementwise.
</details>
'''),
])

write("appendix-glossary.ipynb", [
    md('''
# Appendix · Glossary English – 中文
The terms of the course with the Chinese terms the source documents use.

| English | 中文 | where |
|---|---|---|
| loss function | 损失函数 | 00 |
| empirical risk | 经验风险 | 00 |
| objective function | 目标函数 | 00 |
| consistency | 一致性 | 00 |
| differentiable | 可微 | 00 |
| backpropagation | 反向传播 | 01 |
| gradient descent | 梯度下降 | 01 |
| learning rate | 学习率 | 01 |
| optimizer | 优化器 | 01 |
| mean squared error (MSE, L2) | 均方误差 | 02 |
| mean absolute error (MAE, L1) | 平均绝对误差 | 02 |
| outlier | 离群值 | 02 |
| robustness | 鲁棒性 | 02 |
| Huber loss | Huber损失 | 02 |
| smooth L1 loss | 平滑L1损失 | 02 |
| quantile loss | 分位数损失 | 02 |
| cross-entropy | 交叉熵 | 03 |
| one-hot encoding | 独热编码 | 03 |
| softmax | 归一化指数函数 (softmax) | 03 |
| binary / multi-class classification | 二分类 / 多分类 | 03 |
| label smoothing | 标签平滑 | 03 |
| class imbalance | 类别不平衡 | 03 |
| focal loss | 焦点损失 | 03 |
| KL divergence | KL散度 | 03 |
| hinge loss | 合页损失 | 04 |
| metric learning | 度量学习 | 04 |
| embedding | 嵌入 | 04 |
| contrastive loss | 对比损失 | 04 |
| triplet loss | 三元组损失 | 04 |
| ranking | 排序 | 04 |
| gradient checking | 梯度检验 | 05 |
| multi-task learning | 多任务学习 | 05 |
| regularization | 正则化 | 09 |
| overfitting | 过拟合 | 09 |
| evaluation metric | 评估指标 | 09 |
'''),
    SETUP,
    code('''
// The catalog's losses, by the English names used above.
string.Join(", ", LossNotebooks.Losses.LossCatalog.All.Select(l => l.DisplayName))
'''),
])

print("wrote notebooks to", os.path.abspath(ROOT))
