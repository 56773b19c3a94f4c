using static TorchSharp.torch;
using static LossNotebooks.Losses.LossGuard;

namespace LossNotebooks.Losses;

public static partial class Functional
{
    /// <summary>
    /// Tukey's biweight loss (robust regression): ℓ = c²/6 · (1 − (1 − min(1, (r/c)²))³), c = 4.685 by default.
    /// Bounded by c²/6: residuals beyond c no longer pull (ψ = r(1 − (r/c)²)² inside, 0 outside).
    /// </summary>
    public static Tensor TukeyBiweightLoss(Tensor input, Tensor target, double c = 4.685, Reduction reduction = Reduction.Mean)
    {
        Elementwise("tukey_biweight_loss", input, target);
        Positive("tukey_biweight_loss", nameof(c), c);
        if (Fused.FusedPointwise.TryCompute(Fused.FusedLoss.TukeyBiweight(c), input, target, reduction, out var fused)) return fused;
        var u = ((input - target) / c).square().clamp_max(1.0);
        return Reduce("tukey_biweight_loss", (1 - (1 - u).pow(3)) * (c * c / 6), reduction);
    }

    /// <summary>
    /// Barron's general and adaptive robust loss (CVPR 2019), with z = (r/c)² and b = |α − 2|:
    /// α = 2: z/2; α = 0: log(z/2 + 1); α = −∞: 1 − e^{−z/2}; α = +∞: e^{z/2} − 1;
    /// otherwise (b/α)((z/b + 1)^{α/2} − 1). α = 1 is Charbonnier (pseudo-Huber), α = −2 Geman–McClure.
    /// </summary>
    public static Tensor BarronLoss(Tensor input, Tensor target, double alpha = 1.0, double scale = 1.0,
        Reduction reduction = Reduction.Mean)
    {
        Elementwise("barron_loss", input, target);
        Positive("barron_loss", nameof(scale), scale);
        if (double.IsNaN(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "barron_loss: alpha is NaN");
        if (Fused.FusedPointwise.TryCompute(Fused.FusedLoss.Barron(alpha, scale), input, target, reduction, out var fused)) return fused;
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
    }
}
