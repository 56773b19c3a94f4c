using static LossNotebooks.Losses.LossGuard;
using static TorchSharp.torch;

namespace LossNotebooks.Losses;

/// <summary>
/// Transparent forms of the losses that <see cref="Functional"/> hands to libtorch's native kernels: a few tensor
/// operations mirroring each formula, for the notebooks to show. Tested equal to the entry points (values and
/// gradients). Losses whose entry point is already written from tensor operations are not repeated here.
/// </summary>
public static class FromScratch
{
    /// <summary>ℓ = (x − y)².</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
        => Reduce("mse_loss", (input - target).square(), reduction);

    /// <summary>ℓ = |x − y|.</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
        => Reduce("l1_loss", (input - target).abs(), reduction);

    /// <summary>ℓ = ½r² if |r| &lt; δ, else δ(|r| − ½δ).</summary>
    public static Tensor HuberLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double delta = 1.0)
    {
        var r = (input - target).abs();
        return Reduce("huber_loss", where(r < delta, 0.5 * r.square(), delta * (r - 0.5 * delta)), reduction);
    }

    /// <summary>
    /// ℓ = ½r²/β if |r| &lt; β, else |r| − ½β (β = 0: |r|). One boundary differs from libtorch (and so from
    /// <see cref="Functional.SmoothL1Loss"/>): with β = 0 at r = 0 exactly, this form's gradient is 0 (|r|'s symmetric
    /// subgradient, as <c>l1_loss</c> gives), libtorch's is −1 (its kernel takes the r ≤ −β branch).
    /// </summary>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0)
    {
        var r = (input - target).abs();
        if (beta == 0) return Reduce("smooth_l1_loss", r, reduction);
        return Reduce("smooth_l1_loss", where(r < beta, 0.5 * r.square() / beta, r - 0.5 * beta), reduction);
    }

    /// <summary>Cross-entropy as log_softmax followed by the weighted NLL (with ignore_index and label smoothing).</summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean, double labelSmoothing = 0.0)
    {
        var classDim = input.dim() == 1 ? 0 : 1;
        var logP = input.log_softmax(classDim);
        if (!target.is_floating_point())
            return Functional.WeightedNll("cross_entropy", logP, target, weight, ignoreIndex, reduction, labelSmoothing);

        var classes = input.shape[classDim];
        var smoothed = labelSmoothing > 0 ? target * (1 - labelSmoothing) + labelSmoothing / classes : target;
        var weighted = logP * smoothed;
        if (weight is not null)
        {
            var shape = Enumerable.Repeat(1L, (int)input.dim()).ToArray();
            shape[classDim] = classes;
            weighted = weighted * weight.reshape(shape);
        }
        var perSample = -weighted.sum(classDim);
        return Reduce("cross_entropy", perSample, reduction);
    }

    /// <summary>ℓ = −w[y·max(log x, −100) + (1 − y)·max(log(1 − x), −100)].</summary>
    /// <remarks>
    /// At an input of exactly 0 or 1 the value equals <see cref="Functional.BinaryCrossEntropy"/>'s, but the gradient
    /// does not: autograd differentiates log x as 1/x = ∞ there, and the clamp's zero slope times ∞ is NaN, while
    /// libtorch's own backward is (x − y) / max(x(1 − x), 10⁻¹²), finite. This form stays transparent and keeps that
    /// difference (chapter 03a shows it); train on logits (<see cref="BinaryCrossEntropyWithLogits"/>) instead.
    /// </remarks>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
    {
        var loss = -(target * input.log().clamp_min(-100) + (1 - target) * (1 - input).log().clamp_min(-100));
        return Reduce("binary_cross_entropy", weight is null ? loss : loss * weight, reduction);
    }

    /// <summary>ℓ = w[(1 − y)·x + (1 + (p − 1)·y)·log(1 + e^{−x})], the stable form of BCE on σ(x).</summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null,
        Reduction reduction = Reduction.Mean, Tensor? posWeight = null)
    {
        var logOnePlusExpMinusX = Softplus(-input);
        var coefficient = posWeight is null ? ones_like(target) : 1 + (posWeight - 1) * target;
        var loss = (1 - target) * input + coefficient * logOnePlusExpMinusX;
        return Reduce("binary_cross_entropy_with_logits", weight is null ? loss : loss * weight, reduction);
    }

    /// <summary>ℓₙ = Σ_{i ≠ yₙ} w[yₙ]·max(0, margin − x[yₙ] + x[i])ᵖ / C.</summary>
    public static Tensor MultiMarginLoss(Tensor input, Tensor target, int p = 1, double margin = 1.0, Tensor? weight = null,
        Reduction reduction = Reduction.Mean)
    {
        var batch = input.dim() == 1 ? input.unsqueeze(0) : input;
        var labels = (input.dim() == 1 ? target.unsqueeze(0) : target).unsqueeze(1);
        var classes = batch.shape[1];
        var correct = batch.gather(1, labels);
        // relu, not clamp_min(0): a hinge exactly at its margin has no gradient in PyTorch's kernel (clamp_min passes one)
        var hinge = (margin - correct + batch).relu().pow(p);
        if (weight is not null) hinge = hinge * weight.take(labels);
        var notTarget = ones_like(batch).scatter(1, labels, zeros_like(correct));
        var perSample = (hinge * notTarget).sum(1) / classes;
        return Reduce("multi_margin_loss", input.dim() == 1 ? perSample.squeeze(0) : perSample, reduction);
    }

    /// <summary>ℓₙ = Σ_{j ∈ Y} Σ_{i ∉ Y} max(0, 1 − (x[j] − x[i])) / C, Y = labels before the first −1.</summary>
    public static Tensor MultilabelMarginLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        var x = input.dim() == 1 ? input.unsqueeze(0) : input;
        var y = input.dim() == 1 ? target.unsqueeze(0) : target;
        var classes = x.shape[1];
        var valid = (y != -1).to(ScalarType.Int64).cumprod(1).to(x.dtype);       // 1 up to the first −1
        var labels = y.clamp_min(0);
        var inLabelSet = zeros_like(x).scatter_add(1, labels, valid) > 0;          // [N, C]
        var xj = x.gather(1, labels);                                              // [N, C]: x at each listed label
        var hinge = (1 - (xj.unsqueeze(2) - x.unsqueeze(1))).relu();               // [N, j, i]; no gradient at exactly 0
        var mask = valid.unsqueeze(2) * inLabelSet.logical_not().to(x.dtype).unsqueeze(1);
        var perSample = (hinge * mask).sum(new long[] { 1, 2 }) / classes;
        return Reduce("multilabel_margin_loss", input.dim() == 1 ? perSample.squeeze(0) : perSample, reduction);
    }

    /// <summary>ℓ = max(0, ‖a − p + eps‖_p − ‖a − n + eps‖_p + margin).</summary>
    public static Tensor TripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin = 1.0, double p = 2.0,
        double eps = 1e-6, bool swap = false, Reduction reduction = Reduction.Mean)
    {
        Tensor Distance(Tensor u, Tensor v) => (u - v + eps).abs().pow(p).sum(-1).pow(1 / p);
        var dNegative = Distance(anchor, negative);
        if (swap) dNegative = minimum(dNegative, Distance(positive, negative));
        return Reduce("triplet_margin_loss", (Distance(anchor, positive) - dNegative + margin).clamp_min(0), reduction);
    }
}
