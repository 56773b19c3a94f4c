using static LossNotebooks.Losses.LossGuard;
using static TorchSharp.torch;

namespace LossNotebooks.Losses;

public static partial class Functional
{
    /// <summary>
    /// Tukey's biweight loss (robust regression): ℓ = c²/6 · (1 − (1 − min(1, (r/c)²))³), c = 4.685 by default.
    /// Bounded by c²/6: residuals beyond c no longer pull (ψ = r(1 − (r/c)²)² inside, 0 outside).
    /// </summary>
    [Loss("tukey_biweight_loss", "Tukey biweight", LossCategory.Robust, LossTask.Regression,
        Formula = @"\ell(r) = \frac{c^2}{6}\Big(1 - \big(1 - \min(1, (r/c)^2)\big)^3\Big),\ r = x - y",
        Properties = LossProperties.RobustToOutliers | LossProperties.Bounded | LossProperties.Smooth,
        UseWhen = "Gross outliers that should be ignored entirely (redescending M-estimator).",
        Aliases = new[] { "tukey" },
        InTorch = false)]
    public static Tensor TukeyBiweightLoss(
        Tensor input,
        Tensor target,
        [Option("> 0", "residual beyond which the loss is flat (95% efficiency at the default)")] double c = 4.685,
        Reduction reduction = Reduction.Mean)
    {
        Positive("tukey_biweight_loss", nameof(c), c);
        return Pointwise("tukey_biweight_loss", input, target, reduction, Fused.FusedLoss.TukeyBiweight(c), _ =>
        {
            var u = ((input - target) / c).square().clamp_max(1.0);
            return Reduce("tukey_biweight_loss", (1 - (1 - u).pow(3)) * (c * c / 6), reduction);
        });
    }

    /// <summary>
    /// Barron's general and adaptive robust loss (CVPR 2019), with z = (r/c)² and b = |α − 2|:
    /// α = 2: z/2; α = 0: log(z/2 + 1); α = −∞: 1 − e^{−z/2}; α = +∞: e^{z/2} − 1;
    /// otherwise (b/α)((z/b + 1)^{α/2} − 1). α = 1 is Charbonnier (pseudo-Huber), α = −2 Geman–McClure.
    /// </summary>
    [Loss("barron_loss", "Barron's general robust loss", LossCategory.Robust, LossTask.Regression,
        Formula = @"\ell(r) = \frac{|\alpha - 2|}{\alpha}\Big(\big(\tfrac{(r/c)^2}{|\alpha - 2|} + 1\big)^{\alpha/2} - 1\Big)",
        Properties = LossProperties.RobustToOutliers | LossProperties.Smooth,
        UseWhen = "One knob (alpha) spanning L2, Charbonnier, Cauchy, Geman-McClure and Welsch.",
        Aliases = new[] { "barron", "general_robust" },
        InTorch = false)]
    public static Tensor BarronLoss(
        Tensor input,
        Tensor target,
        [Option("any real, or ±inf", "shape: 2 = L2, 1 = Charbonnier, 0 = Cauchy, -2 = Geman-McClure")] double alpha = 1.0,
        [Option("> 0", "residual scale c of the quadratic bowl")] double scale = 1.0,
        Reduction reduction = Reduction.Mean)
    {
        Positive("barron_loss", nameof(scale), scale);
        if (double.IsNaN(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "barron_loss: alpha is NaN");
        return Pointwise("barron_loss", input, target, reduction, Fused.FusedLoss.Barron(alpha, scale), _ =>
        {
            var z = ((input - target) / scale).square();
            Tensor loss;
            if (alpha == 2) loss = z * 0.5;
            else if (alpha == 0) loss = (z * 0.5).log1p();
            else if (double.IsNegativeInfinity(alpha)) loss = 1 - (z * -0.5).exp();
            else if (double.IsPositiveInfinity(alpha)) loss = (z * 0.5).expm1();
            else
            {
                var b = Math.Abs(alpha - 2);
                loss = ((z / b + 1).pow(alpha / 2) - 1) * (b / alpha);
            }
            return Reduce("barron_loss", loss, reduction);
        });
    }
}
