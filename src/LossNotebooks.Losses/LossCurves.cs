using static TorchSharp.torch;

namespace LossNotebooks.Losses;

/// <summary>A loss and its derivative sampled over a range, for plots.</summary>
/// <param name="Label">What the curve shows, e.g. <c>huber_loss(delta=2)</c>.</param>
/// <param name="X">The residuals, logits or margins sampled.</param>
/// <param name="Loss">ℓ at each x.</param>
/// <param name="Gradient">dℓ/dx at each x, from autograd.</param>
public sealed record LossCurve(string Label, double[] X, double[] Loss, double[] Gradient);

/// <summary>
/// Teaching helpers: loss and gradient curves computed by running the library's code under autograd, so a plot
/// can never disagree with the implementation.
/// </summary>
public static class LossCurves
{
    /// <summary>
    /// ℓ(x) and dℓ/dx for an elementwise function of a 1-D float64 tensor of <paramref name="points"/> values
    /// evenly spaced in [<paramref name="from"/>, <paramref name="to"/>].
    /// </summary>
    public static LossCurve Of(string label, Func<Tensor, Tensor> elementwise, double from, double to, int points = 201)
    {
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "expected at least 2 points");
        if (!(to > from)) throw new ArgumentException($"expected from < to, got [{from}, {to}]", nameof(to));
        using var scope = NewDisposeScope();
        var x = linspace(from, to, points, dtype: ScalarType.Float64).requires_grad_(true);
        var loss = elementwise(x);
        if (!loss.shape.SequenceEqual(x.shape))
            throw new ArgumentException($"{label}: the function must return one loss per point, got shape [{string.Join(", ", loss.shape)}]");
        loss.sum().backward();
        var grad = x.grad ?? zeros_like(x);
        return new LossCurve(label, x.detach().data<double>().ToArray(), loss.detach().data<double>().ToArray(), grad.data<double>().ToArray());
    }

    /// <summary>A regression loss over the residual r = x − y (target 0), e.g. from <c>LossCatalog.Parse("huber(delta=2)")</c>.</summary>
    public static LossCurve OverResidual(BoundLoss loss, double from = -3, double to = 3, int points = 201)
        => Of(loss.Spec, r => loss.Compute(r, zeros_like(r), Reduction.None), from, to, points);

    /// <summary>
    /// A binary loss over the margin: the logit x with target 1 (target +1 for ±1-coded losses). Probability
    /// losses (binary_cross_entropy) are evaluated at σ(x) so the axis stays a logit.
    /// </summary>
    public static LossCurve OverMargin(BoundLoss loss, double from = -4, double to = 4, int points = 201)
    {
        var needsProbabilities = loss.Info.Properties.HasFlag(LossProperties.NeedsProbabilities);
        return Of(loss.Spec, z => loss.Compute(needsProbabilities ? z.sigmoid() : z, ones_like(z), Reduction.None), from, to, points);
    }
}
