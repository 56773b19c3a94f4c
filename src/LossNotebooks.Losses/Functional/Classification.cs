using static LossNotebooks.Losses.LossGuard;
using static TorchSharp.torch;

namespace LossNotebooks.Losses;

public static partial class Functional
{
    /// <summary>
    /// Cross-entropy from logits. Class-index targets: ℓₙ = −w[yₙ]·log softmax(xₙ)[yₙ]; probability targets:
    /// ℓₙ = −Σ_c w_c·y_nc·log softmax(xₙ)_c. Shapes: input (N, C), (C) or (N, C, d1, …); target (N), () or
    /// (N, d1, …) of int64 class indices, or probabilities of input's shape. Mean with class indices is the weighted
    /// mean Σ w[yₙ]ℓₙ / Σ w[yₙ] over targets ≠ <paramref name="ignoreIndex"/>; label smoothing ε mixes in ε/C of
    /// the uniform distribution.
    /// </summary>
    [Loss("cross_entropy", "Cross-entropy", LossCategory.Classification, LossTask.MultiClassClassification,
        Formula = @"\ell(x, y) = -\log \frac{e^{x_{y}}}{\sum_{c} e^{x_c}}",
        Properties = LossProperties.Convex | LossProperties.Smooth | LossProperties.NeedsLogits,
        UseWhen = "Single-label classification over C classes from logits; the default classifier loss.",
        Aliases = new[] { "ce", "xent" })]
    public static Tensor CrossEntropy(
        Tensor input,
        Tensor target,
        Tensor? weight = null,
        [Option("integer", "target value that contributes nothing")] long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean,
        [Option("[0, 1]", "mass moved to the uniform distribution")] double labelSmoothing = 0.0)
    {
        const string loss = "cross_entropy";
        CheckClassInputs(loss, input, target, weight, allowProbabilities: true);
        InRange(loss, nameof(labelSmoothing), labelSmoothing, 0, 1);
        var mode = ToTorch(loss, reduction);
        if (Fused.CrossEntropyRows.TryCompute(input, target, weight, ignoreIndex, reduction, labelSmoothing, out var fused)) return fused;
        return Translate(loss, () => nn.functional.cross_entropy(input, target, weight, ignoreIndex, mode, labelSmoothing));
    }

    /// <summary>
    /// Negative log-likelihood on log-probabilities: ℓₙ = −w[yₙ]·x[n, yₙ]; mean is Σ w[yₙ]ℓₙ / Σ w[yₙ] over targets
    /// ≠ <paramref name="ignoreIndex"/> (all ignored: NaN). Shapes as <see cref="CrossEntropy"/> with class indices:
    /// (N, C) with (N), (N, C, d1, …) with (N, d1, …), or unbatched (C) with a 0-dimensional target.
    /// TorchSharp's nll_loss takes no ignore_index and uses libtorch's default, −100: with that index this calls it
    /// (one pass forward, a gradient autograd adopts as is), with any other it composes the loss from libtorch ops.
    /// </summary>
    [Loss("nll_loss", "Negative log-likelihood", LossCategory.Classification, LossTask.MultiClassClassification,
        Formula = @"\ell(x, y) = -x_{y}",
        Properties = LossProperties.Convex | LossProperties.Smooth | LossProperties.NeedsLogProbabilities,
        UseWhen = "After a log_softmax layer (cross-entropy split in two).",
        Aliases = new[] { "nll" })]
    public static Tensor NllLoss(
        Tensor input,
        Tensor target,
        Tensor? weight = null,
        [Option("integer", "target value that contributes nothing")] long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean)
    {
        const string loss = "nll_loss";
        CheckClassInputs(loss, input, target, weight, allowProbabilities: false);
        var mode = ToTorch(loss, reduction);
        if (input.dim() == 1)
        {
            // Unbatched, as PyTorch accepts it: input (C), target (); libtorch's kernel wants a batch dimension, and
            // reduction none then gives a 0-dimensional loss, as PyTorch's does.
            var batched = NllLoss(input.unsqueeze(0), target.unsqueeze(0), weight, ignoreIndex, reduction);
            return reduction == Reduction.None ? batched.squeeze(0) : batched;
        }
        if (ignoreIndex == LibtorchIgnoreIndex) return Translate(loss, () => nn.functional.nll_loss(input, target, weight, mode));
        return Translate(loss, () => WeightedNll(loss, input, target, weight, ignoreIndex, reduction, smoothing: 0));
    }

    /// <summary>
    /// Binary cross-entropy on probabilities x ∈ [0, 1]: ℓ = −w[y·log x + (1 − y)·log(1 − x)], each log clamped
    /// at −100 as PyTorch does. Prefer <see cref="BinaryCrossEntropyWithLogits"/> for numerical stability.
    /// </summary>
    [Loss("binary_cross_entropy", "Binary cross-entropy", LossCategory.Classification, LossTask.BinaryClassification,
        Formula = @"\ell(x, y) = -\big[y \log x + (1 - y)\log(1 - x)\big]",
        Properties = LossProperties.Convex | LossProperties.Smooth | LossProperties.NeedsProbabilities,
        UseWhen = "Binary targets when the model already outputs probabilities (prefer the logits form).",
        Aliases = new[] { "bce" })]
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
    {
        return Pointwise("binary_cross_entropy", input, target, reduction, Fused.FusedLoss.BinaryCrossEntropy,
            mode => nn.functional.binary_cross_entropy(input, target, weight, mode), weight);
    }

    /// <summary>
    /// Binary cross-entropy from logits, computed stably: ℓ = −w[p·y·log σ(x) + (1 − y)·log σ(−x)] with
    /// p = <paramref name="posWeight"/> broadcast along the last (class) dimension. Soft targets allowed.
    /// </summary>
    [Loss("binary_cross_entropy_with_logits", "Binary cross-entropy with logits", LossCategory.Classification, LossTask.BinaryClassification,
        Formula = @"\ell(x, y) = -\big[p\,y \log \sigma(x) + (1 - y)\log(1 - \sigma(x))\big]",
        Properties = LossProperties.Convex | LossProperties.Smooth | LossProperties.NeedsLogits,
        UseWhen = "Binary or multi-label targets from logits; numerically stable; pos_weight for imbalance.",
        Aliases = new[] { "bce_logits", "bce_with_logits" })]
    public static Tensor BinaryCrossEntropyWithLogits(
        Tensor input,
        Tensor target,
        Tensor? weight = null,
        Reduction reduction = Reduction.Mean,
        [Option("> 0", "weight of positive examples", Neutral = 1.0)] Tensor? posWeight = null)
    {
        return Pointwise("binary_cross_entropy_with_logits", input, target, reduction, Fused.FusedLoss.BinaryCrossEntropyWithLogits,
            mode => nn.functional.binary_cross_entropy_with_logits(input, target, weight, mode, posWeight), weight, posWeight);
    }

    /// <summary>
    /// Sigmoid focal loss (Lin et al. 2017, as torchvision's sigmoid_focal_loss): with p = σ(x),
    /// p_t = p·y + (1 − p)(1 − y) and ce = BCE-with-logits(x, y), ℓ = α_t·(1 − p_t)^γ·ce where
    /// α_t = α·y + (1 − α)(1 − y); α &lt; 0 disables the weighting. Default reduction None, as torchvision's.
    /// </summary>
    [Loss("sigmoid_focal_loss", "Focal (sigmoid)", LossCategory.Classification, LossTask.BinaryClassification,
        Formula = @"\ell(x, y) = -\alpha_t (1 - p_t)^{\gamma} \log p_t,\ p_t = \begin{cases} \sigma(x) & y = 1 \\ 1 - \sigma(x) & y = 0 \end{cases}",
        Properties = LossProperties.Smooth | LossProperties.NeedsLogits,
        UseWhen = "Heavy class imbalance (dense detection): down-weights easy examples.",
        Aliases = new[] { "focal" },
        InTorch = false)]
    public static Tensor SigmoidFocalLoss(
        Tensor input,
        Tensor target,
        [Option("[0, 1], or < 0 to disable", "weight of the positive class")] double alpha = 0.25,
        [Option(">= 0", "focusing strength; 0 gives alpha-weighted BCE")] double gamma = 2.0,
        Reduction reduction = Reduction.None)
    {
        const string loss = "sigmoid_focal_loss";
        Elementwise(loss, input, target);
        NonNegative(loss, nameof(gamma), gamma);
        var p = input.sigmoid();
        var ce = nn.functional.binary_cross_entropy_with_logits(input, target, reduction: nn.Reduction.None);
        var pT = p * target + (1 - p) * (1 - target);
        var focal = ce * (1 - pT).pow(gamma);
        if (alpha >= 0) focal = focal * (target * alpha + (1 - target) * (1 - alpha));
        return Reduce(loss, focal, reduction);
    }

    /// <summary>
    /// Multi-class (softmax) focal loss: ℓ = −α[y]·(1 − p_t)^γ·log p_t with log p_t = log softmax(x)[y].
    /// Shapes as <see cref="CrossEntropy"/> with class indices. Mean is the sum over the count of non-ignored
    /// targets (not α-weighted). γ = 0 and no α is cross-entropy.
    /// </summary>
    [Loss("softmax_focal_loss", "Focal (softmax)", LossCategory.Classification, LossTask.MultiClassClassification,
        Formula = @"\ell(x, y) = -(1 - p_y)^{\gamma} \log p_y,\ p = \operatorname{softmax}(x)",
        Properties = LossProperties.Smooth | LossProperties.NeedsLogits,
        UseWhen = "Imbalanced multi-class problems; gamma = 0 is cross-entropy.",
        Aliases = new[] { "focal_multiclass", "softmax_focal" },
        InTorch = false)]
    public static Tensor SoftmaxFocalLoss(
        Tensor input,
        Tensor target,
        [Option(">= 0", "focusing strength")] double gamma = 2.0,
        Tensor? alpha = null,
        [Option("integer", "target value that contributes nothing")] long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean)
    {
        const string loss = "softmax_focal_loss";
        CheckClassInputs(loss, input, target, alpha, allowProbabilities: false);
        NonNegative(loss, nameof(gamma), gamma);
        return Translate(loss, () =>
        {
            var (logP, batchInput, batchTarget) = BatchedLogSoftmax(input, target);
            var keep = batchTarget != ignoreIndex;
            var safeTarget = batchTarget.masked_fill(keep.logical_not(), 0).unsqueeze(1);
            var logPt = logP.gather(1, safeTarget).squeeze(1);
            var focal = -(1 - logPt.exp()).pow(gamma) * logPt;
            if (alpha is not null) focal = focal * alpha.take(safeTarget.squeeze(1));
            focal = focal * keep.to(focal.dtype);
            focal = batchInput.dim() == input.dim() ? focal : focal.squeeze(0);
            return reduction switch
            {
                Reduction.None => focal,
                Reduction.Sum => focal.sum(),
                Reduction.Mean => SafeMean(focal.sum(), keep.sum().to(focal.dtype)),
                _ => throw new ArgumentException($"{loss}: reduction BatchMean is only defined for kl_div", nameof(reduction)),
            };
        });
    }

    /// <summary>
    /// Kullback–Leibler divergence D_KL(target ‖ model) with input = log q (log-probabilities of the model) and
    /// target = p: ℓ = p·(log p − log q), 0·log 0 = 0; with <paramref name="logTarget"/>, target = log p and
    /// ℓ = e^{log p}(log p − log q). <see cref="Reduction.BatchMean"/> gives the true KL per sample (sum / N);
    /// <see cref="Reduction.Mean"/> averages over every element, as PyTorch does. Unlike TorchSharp, logTarget
    /// defaults to false, as in PyTorch.
    /// </summary>
    [Loss("kl_div", "Kullback-Leibler divergence", LossCategory.Classification, LossTask.Distribution,
        Formula = @"\ell(x, y) = y\,(\log y - x),\ x = \log q",
        Properties = LossProperties.Convex | LossProperties.Smooth | LossProperties.NeedsLogProbabilities,
        UseWhen = "Matching a target distribution (distillation, VAEs); use reduction batchmean for the true KL.",
        Aliases = new[] { "kl", "kld" })]
    public static Tensor KlDiv(
        Tensor input,
        Tensor target,
        Reduction reduction = Reduction.Mean,
        [Option("true/false", "target is given as log-probabilities")] bool logTarget = false)
    {
        const string loss = "kl_div";
        Elementwise(loss, input, target);
        var pointwise = logTarget
            ? target.exp() * (target - input)
            : xlogy(target, target) - target * input;
        return reduction switch
        {
            Reduction.BatchMean => input.dim() == 0 ? pointwise.sum() : pointwise.sum() / input.shape[0],
            _ => Reduce(loss, pointwise, reduction),
        };
    }

    /// <summary>
    /// Dice loss for segmentation, per sample n: ℓₙ = 1 − (2Σxy + s)/(Σx + Σy + s), sums over all non-batch
    /// dimensions; <paramref name="squared"/> uses Σx² + Σy² in the denominator. Inputs are probabilities (apply
    /// sigmoid or softmax to logits first). Shapes: input and target (N, *).
    /// </summary>
    [Loss("dice_loss", "Dice", LossCategory.Segmentation, LossTask.Segmentation,
        Formula = @"\ell_n = 1 - \frac{2\sum x y + s}{\sum x + \sum y + s}",
        Properties = LossProperties.Smooth | LossProperties.NeedsProbabilities,
        UseWhen = "Segmentation with small foreground regions (overlap matters more than pixels).",
        Aliases = new[] { "dice" },
        InTorch = false)]
    public static Tensor DiceLoss(
        Tensor input,
        Tensor target,
        [Option(">= 0", "added to numerator and denominator")] double smooth = 1.0,
        [Option("true/false", "square the sums in the denominator")] bool squared = false,
        Reduction reduction = Reduction.Mean)
    {
        const string loss = "dice_loss";
        Elementwise(loss, input, target);
        NonNegative(loss, nameof(smooth), smooth);
        if (input.dim() < 1) throw new ArgumentException($"{loss}: expected input of shape (N, *), got a scalar", nameof(input));
        var x = input.reshape(input.shape[0], -1);
        var y = target.reshape(target.shape[0], -1);
        var intersection = (x * y).sum(1);
        var denominator = squared ? x.square().sum(1) + y.square().sum(1) : x.sum(1) + y.sum(1);
        return Reduce(loss, 1 - (2 * intersection + smooth) / (denominator + smooth), reduction);
    }

    /// <summary>Checks shapes and dtypes of class-score inputs: (N, C) / (C) / (N, C, d…) and their targets.</summary>
    internal static void CheckClassInputs(string loss, Tensor input, Tensor target, Tensor? weight, bool allowProbabilities)
    {
        Floating(loss, "input", input);
        if (input.dim() == 0) throw new ArgumentException($"{loss}: expected input of shape (N, C), (C) or (N, C, d1, ...), got a scalar", nameof(input));
        var classes = input.dim() == 1 ? input.shape[0] : input.shape[1];
        if (target.is_floating_point())
        {
            if (!allowProbabilities)
                throw new ArgumentException($"{loss}: expected target of int64 class indices, got dtype {target.dtype}", nameof(target));
            SameShape(loss, input, target);
        }
        else
        {
            if (target.dtype != ScalarType.Int64)
                throw new ArgumentException($"{loss}: expected target of int64 class indices, got dtype {target.dtype}", nameof(target));
            var expected = input.dim() == 1 ? Array.Empty<long>() : input.shape.Take(1).Concat(input.shape.Skip(2)).ToArray();
            if (!target.shape.SequenceEqual(expected))
                throw new ArgumentException($"{loss}: expected target shape [{string.Join(", ", expected)}] for input " +
                                            $"{Shape(input)}, got {Shape(target)}", nameof(target));
        }
        if (weight is not null && (weight.dim() != 1 || weight.shape[0] != classes))
            throw new ArgumentException($"{loss}: expected weight shape [{classes}] (one per class), got {Shape(weight)}", nameof(weight));
    }

    /// <summary>log_softmax over the class dimension, with unbatched (C) inputs given a batch dimension.</summary>
    static (Tensor LogP, Tensor Input, Tensor Target) BatchedLogSoftmax(Tensor input, Tensor target)
    {
        var batchInput = input.dim() == 1 ? input.unsqueeze(0) : input;
        var batchTarget = input.dim() == 1 ? target.unsqueeze(0) : target;
        return (batchInput.log_softmax(1), batchInput, batchTarget);
    }

    /// <summary>libtorch's default ignore_index, the one TorchSharp's nll_loss applies.</summary>
    const long LibtorchIgnoreIndex = -100;

    /// <summary>
    /// The weighted NLL of PyTorch on log-probabilities (N, C, d…), with ignore_index and optional label
    /// smoothing ε: (1 − ε)·nll + ε/C·Σ_c w_c(−log p_c), both over the same denominator Σ w[yₙ].
    /// </summary>
    internal static Tensor WeightedNll(string loss, Tensor logP, Tensor target, Tensor? weight, long ignoreIndex,
        Reduction reduction, double smoothing)
    {
        var unbatched = logP.dim() == 1;
        if (unbatched) { logP = logP.unsqueeze(0); target = target.unsqueeze(0); }
        var classes = logP.shape[1];
        var counted = target != ignoreIndex;
        var outOfRange = counted.logical_and(target.lt(0).logical_or(target.ge(classes)));
        if (outOfRange.any().item<bool>())
            throw new ArgumentException($"{loss}: Target {target.masked_select(outOfRange)[0].item<long>()} is out of bounds.", nameof(target));
        var keep = counted.to(logP.dtype);
        var safeTarget = target.masked_fill(target == ignoreIndex, 0);
        var classWeight = weight ?? ones(classes, dtype: logP.dtype, device: logP.device);
        var sampleWeight = classWeight.take(safeTarget) * keep;
        var nll = -logP.gather(1, safeTarget.unsqueeze(1)).squeeze(1) * sampleWeight;
        var perSample = nll;
        Tensor? smooth = null;
        if (smoothing > 0)
        {
            var shape = new long[logP.dim()];
            Array.Fill(shape, 1L);
            shape[1] = classes;
            smooth = -(logP * classWeight.reshape(shape)).sum(1) * keep;
            perSample = nll * (1 - smoothing) + smooth * (smoothing / classes);
        }
        if (unbatched) perSample = perSample.squeeze(0);
        return reduction switch
        {
            Reduction.None => perSample,
            Reduction.Sum => perSample.sum(),
            Reduction.Mean => SafeMean(perSample.sum(), sampleWeight.sum()),
            _ => throw new ArgumentException($"{loss}: reduction BatchMean is only defined for kl_div", nameof(reduction)),
        };
    }
}
