using static LossNotebooks.Losses.LossGuard;
using static TorchSharp.torch;

namespace LossNotebooks.Losses;

/// <summary>
/// The functional face of the library, mirroring <c>torch.nn.functional</c>: one static method per loss, named
/// after PyTorch's functional name in PascalCase, parameters named and ordered as PyTorch's. Grouped by family in
/// partial files (Regression, Robust, Classification, Margin, Embedding, Sequence). <c>using static
/// LossNotebooks.Losses.Functional;</c> lets a cell write <c>MseLoss(x, y)</c>. Notation: x = input, y = target,
/// r = x − y.
/// </summary>
public static partial class Functional
{
    /// <summary>Mean squared error (L2 loss): ℓ = (x − y)². Shapes: input and target the same shape (*).</summary>
    /// <remarks>A frequent mistake is to call this the "L1 loss": L1 is |x − y| (see <see cref="L1Loss"/>).</remarks>
    [Loss("mse_loss", "Mean squared error (L2)", LossCategory.Regression, LossTask.Regression,
        Formula = @"\ell(x, y) = (x - y)^2",
        Properties = LossProperties.Convex | LossProperties.Smooth,
        UseWhen = "Gaussian-like noise, no outliers; the default for regression.",
        Aliases = new[] { "mse", "l2" })]
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        return Pointwise("mse_loss", input, target, reduction, Fused.FusedLoss.Mse, mode => nn.functional.mse_loss(input, target, mode));
    }

    /// <summary>Mean absolute error (L1 loss): ℓ = |x − y|; gradient sign(r), 0 at r = 0.</summary>
    [Loss("l1_loss", "Mean absolute error (L1)", LossCategory.Regression, LossTask.Regression,
        Formula = @"\ell(x, y) = |x - y|",
        Properties = LossProperties.Convex | LossProperties.RobustToOutliers,
        UseWhen = "Heavy-tailed noise or outliers; estimates the median.",
        Aliases = new[] { "mae", "l1" })]
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        return Pointwise("l1_loss", input, target, reduction, Fused.FusedLoss.L1, mode => nn.functional.l1_loss(input, target, mode));
    }

    /// <summary>
    /// Huber loss: ℓ = ½r² if |r| &lt; δ, else δ(|r| − ½δ). Quadratic near zero, δ-scaled L1 in the tails.
    /// Huber_δ = δ · SmoothL1_{β=δ}; the two agree only at δ = 1.
    /// </summary>
    [Loss("huber_loss", "Huber", LossCategory.Regression, LossTask.Regression,
        Formula = @"\ell(x, y) = \begin{cases} \tfrac12 (x-y)^2 & |x-y| < \delta \\ \delta\,(|x-y| - \tfrac12\delta) & \text{otherwise} \end{cases}",
        Properties = LossProperties.Convex | LossProperties.RobustToOutliers | LossProperties.Smooth,
        UseWhen = "Mostly Gaussian noise with some outliers; quadratic near 0, linear beyond delta.",
        Aliases = new[] { "huber" })]
    public static Tensor HuberLoss(
        Tensor input,
        Tensor target,
        Reduction reduction = Reduction.Mean,
        [Option("> 0", "where the quadratic part turns linear")] double delta = 1.0)
    {
        Positive("huber_loss", nameof(delta), delta);
        return Pointwise("huber_loss", input, target, reduction, Fused.FusedLoss.Huber(delta), mode => nn.functional.huber_loss(input, target, delta, mode));
    }

    /// <summary>
    /// Smooth L1 loss: ℓ = ½r²/β if |r| &lt; β, else |r| − ½β; β = 0 gives L1. Continuous at |r| = β.
    /// In the σ notation of Fast R-CNN, β = 1/σ².
    /// </summary>
    [Loss("smooth_l1_loss", "Smooth L1", LossCategory.Regression, LossTask.Regression,
        Formula = @"\ell(x, y) = \begin{cases} \tfrac{0.5 (x-y)^2}{\beta} & |x-y| < \beta \\ |x-y| - \tfrac12\beta & \text{otherwise} \end{cases}",
        Properties = LossProperties.Convex | LossProperties.RobustToOutliers | LossProperties.Smooth,
        UseWhen = "Bounding-box regression (Fast R-CNN); equals Huber/beta with delta = beta.",
        Aliases = new[] { "smooth_l1" })]
    public static Tensor SmoothL1Loss(
        Tensor input,
        Tensor target,
        Reduction reduction = Reduction.Mean,
        [Option(">= 0", "width of the quadratic zone; 0 gives L1")] double beta = 1.0)
    {
        NonNegative("smooth_l1_loss", nameof(beta), beta);
        return Pointwise("smooth_l1_loss", input, target, reduction, Fused.FusedLoss.SmoothL1(beta), mode => nn.functional.smooth_l1_loss(input, target, mode, beta));
    }

    /// <summary>
    /// Log-cosh loss: ℓ = log cosh(r), computed as |r| + log1p(e^{−2|r|}) − log 2 so it never overflows;
    /// gradient tanh(r). Behaves like ½r² near 0 and |r| − log 2 far out.
    /// </summary>
    [Loss("log_cosh_loss", "Log-cosh", LossCategory.Regression, LossTask.Regression,
        Formula = @"\ell(x, y) = \log\cosh(x - y)",
        Properties = LossProperties.Convex | LossProperties.RobustToOutliers | LossProperties.Smooth,
        UseWhen = "Like Huber but twice differentiable everywhere, with no parameter.",
        Aliases = new[] { "logcosh", "log_cosh" },
        InTorch = false)]
    public static Tensor LogCoshLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        return Pointwise("log_cosh_loss", input, target, reduction, Fused.FusedLoss.LogCosh, _ =>
        {
            var absolute = (input - target).abs();
            return Reduce("log_cosh_loss", absolute + (absolute * -2).exp().log1p() - Math.Log(2), reduction);
        });
    }

    /// <summary>
    /// Quantile (pinball) loss for quantile τ ∈ (0, 1): with r = y − x, ℓ = max(τr, (τ − 1)r).
    /// Gradient with respect to x: −τ where r ≥ 0 (the subgradient chosen at r = 0), 1 − τ where r &lt; 0.
    /// </summary>
    [Loss("quantile_loss", "Quantile (pinball)", LossCategory.Regression, LossTask.Regression,
        Formula = @"\ell(x, y) = \max\big(\tau (y - x),\ (\tau - 1)(y - x)\big)",
        Properties = LossProperties.Convex | LossProperties.RobustToOutliers,
        UseWhen = "Predicting a quantile (prediction intervals, risk); tau = 0.5 is half the L1 loss.",
        Aliases = new[] { "quantile", "pinball" },
        InTorch = false)]
    public static Tensor QuantileLoss(
        Tensor input,
        Tensor target,
        [Option("(0, 1); a list gives one output column each", "the quantile tau to estimate", AcceptsList = true)] double quantile = 0.5,
        Reduction reduction = Reduction.Mean)
    {
        if (!(quantile > 0 && quantile < 1))
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, $"quantile_loss: expected quantile in (0, 1), got {quantile}");
        return Pointwise("quantile_loss", input, target, reduction, Fused.FusedLoss.Quantile(quantile), _ =>
        {
            var r = target - input;
            return Reduce("quantile_loss", where(r >= 0, r * quantile, r * (quantile - 1)), reduction);
        });
    }

    /// <summary>
    /// Quantile (pinball) loss for several quantiles at once, the usual form of quantile regression: the model predicts
    /// one column per quantile τ_q. With r_nq = y_n − x_nq, ℓ_nq = max(τ_q·r_nq, (τ_q − 1)·r_nq); the reduction runs
    /// over all N·Q elements (mean: their average).
    /// </summary>
    /// <param name="input">Predictions, shape (N, Q): column q estimates quantile τ_q.</param>
    /// <param name="target">Observations, shape (N) or (N, 1), the same for every column.</param>
    /// <param name="quantiles">The Q quantiles, each in (0, 1).</param>
    /// <param name="reduction">How the N·Q losses are combined.</param>
    /// <example><code>QuantileLoss(predictions, y, new[] { 0.1, 0.5, 0.9 })   // predictions: [N, 3]</code></example>
    public static Tensor QuantileLoss(Tensor input, Tensor target, double[] quantiles, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(quantiles);
        return QuantileLoss(input, target, tensor(quantiles, dtype: input.is_floating_point() ? input.dtype : ScalarType.Float64, device: input.device), reduction);
    }

    /// <summary>The multi-quantile pinball loss with the quantiles as a 1-D tensor of Q values; see the <c>double[]</c> overload.</summary>
    public static Tensor QuantileLoss(Tensor input, Tensor target, Tensor quantiles, Reduction reduction = Reduction.Mean)
    {
        const string loss = "quantile_loss";
        Floating(loss, "input", input);
        Floating(loss, "target", target);
        Floating(loss, "quantiles", quantiles);
        if (quantiles.dim() != 1 || quantiles.shape[0] == 0)
            throw new ArgumentException($"{loss}: expected quantiles as a list of Q values (shape [Q]), got {Shape(quantiles)}", nameof(quantiles));
        var count = quantiles.shape[0];
        if (!(quantiles > 0).logical_and(quantiles < 1).all().item<bool>())
            throw new ArgumentOutOfRangeException(nameof(quantiles),
                $"{loss}: expected every quantile in (0, 1), got [{string.Join(", ", quantiles.to_type(ScalarType.Float64).data<double>().ToArray())}]");
        if (input.dim() != 2 || input.shape[1] != count)
            throw new ArgumentException($"{loss}: expected input of shape (N, {count}) for {count} quantiles, got {Shape(input)}", nameof(input));
        var rows = input.shape[0];
        if (!(target.dim() == 1 && target.shape[0] == rows) && !(target.dim() == 2 && target.shape[0] == rows && target.shape[1] == 1))
            throw new ArgumentException($"{loss}: expected target of shape [{rows}] or [{rows}, 1] for input {Shape(input)}, got {Shape(target)}", nameof(target));
        // One quantile per column: libtorch ops (the fused kernel takes a single quantile).
        var r = (target.dim() == 1 ? target.unsqueeze(1) : target) - input;
        var q = quantiles.to(input.dtype);
        return Reduce(loss, where(r >= 0, r * q, r * (q - 1)), reduction);
    }

    /// <summary>
    /// Poisson negative log-likelihood. log_input: ℓ = eˣ − y·x; otherwise ℓ = x − y·log(x + eps). With
    /// <paramref name="full"/>, Stirling's term y·log y − y + ½log(2πy) is added where y &gt; 1.
    /// </summary>
    [Loss("poisson_nll_loss", "Poisson NLL", LossCategory.Regression, LossTask.Regression,
        Formula = @"\ell(x, y) = e^{x} - y\,x \quad(\text{log input})",
        Properties = LossProperties.Convex | LossProperties.Smooth,
        UseWhen = "Count targets (events per interval) with a log-rate prediction.",
        Aliases = new[] { "poisson" })]
    public static Tensor PoissonNllLoss(
        Tensor input,
        Tensor target,
        [Option("true/false", "input is the log-rate")] bool logInput = true,
        [Option("true/false", "add Stirling's term")] bool full = false,
        [Option("> 0", "added inside the log when log_input is false")] double eps = 1e-8,
        Reduction reduction = Reduction.Mean)
    {
        return Pointwise("poisson_nll_loss", input, target, reduction, Fused.FusedLoss.PoissonNll(logInput, full, eps), _ =>
        {
            var loss = logInput ? input.exp() - target * input : input - target * (input + eps).log();
            if (full)
            {
                var safe = where(target > 1, target, ones_like(target));
                var stirling = safe * safe.log() - safe + (safe * (2 * Math.PI)).log() * 0.5;
                loss = loss + where(target > 1, stirling, zeros_like(target));
            }
            return Reduce("poisson_nll_loss", loss, reduction);
        });
    }

    /// <summary>
    /// Gaussian negative log-likelihood with predicted variance v: ℓ = ½(log v + (x − y)²/v) (+ ½log 2π if
    /// <paramref name="full"/>), where v = max(var, eps) is clamped without blocking the gradient. Shapes: input and
    /// target (N, *); var the same shape, one dimension short, or with last dimension 1. Mean is over all elements
    /// (TorchSharp's own version sums per sample first; this one follows PyTorch).
    /// </summary>
    [Loss("gaussian_nll_loss", "Gaussian NLL", LossCategory.Regression, LossTask.Regression,
        Formula = @"\ell(x, y, v) = \tfrac12\Big(\log v + \frac{(x - y)^2}{v}\Big)",
        Properties = LossProperties.Smooth,
        UseWhen = "Regression that also predicts its own uncertainty (heteroscedastic variance).",
        Aliases = new[] { "gaussian_nll" })]
    public static Tensor GaussianNllLoss(
        Tensor input,
        Tensor target,
        Tensor var,
        [Option("true/false", "add the constant 0.5 log(2 pi)")] bool full = false,
        [Option("> 0", "variance clamp")] double eps = 1e-6,
        Reduction reduction = Reduction.Mean)
    {
        const string loss = "gaussian_nll_loss";
        Elementwise(loss, input, target);
        Floating(loss, "var", var);
        if (!var.shape.SequenceEqual(input.shape))
        {
            if (input.dim() == var.dim() + 1 && input.shape.Take(var.shape.Length).SequenceEqual(var.shape))
                var = var.unsqueeze(-1);
            else if (!(input.dim() == var.dim() && var.shape[^1] == 1 && input.shape[..^1].SequenceEqual(var.shape[..^1])))
                throw new ArgumentException($"{loss}: expected var shape {Shape(input)}, that shape without its last dimension, " +
                                            $"or with last dimension 1, got {Shape(var)}", nameof(var));
        }
        if (var.lt(0).any().item<bool>()) throw new ArgumentException($"{loss}: var has negative entries", nameof(var));

        var clamped = var.clone();
        using (no_grad()) clamped.clamp_(min: eps);
        var result = (clamped.log() + (input - target).square() / clamped) * 0.5;
        if (full) result = result + 0.5 * Math.Log(2 * Math.PI);
        return Reduce(loss, result, reduction);
    }
}
