using static LossNotebooks.Losses.LossGuard;
using static TorchSharp.torch;

namespace LossNotebooks.Losses;

public static partial class Functional
{
    /// <summary>Soft margin loss (two-class logistic): ℓ = log(1 + e^{−y·x}), y ∈ {1, −1}, computed stably.</summary>
    [Loss("soft_margin_loss", "Soft margin", LossCategory.Margin, LossTask.BinaryClassification,
        Formula = @"\ell(x, y) = \log\big(1 + e^{-y x}\big),\ y \in \{-1, 1\}",
        Properties = LossProperties.SignedTargets | LossProperties.Convex | LossProperties.Smooth | LossProperties.NeedsLogits,
        UseWhen = "Binary labels coded ±1 (logistic loss).",
        Aliases = new[] { "soft_margin", "logistic" })]
    public static Tensor SoftMarginLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        return Pointwise("soft_margin_loss", input, target, reduction, Fused.FusedLoss.SoftMargin, _ => Reduce("soft_margin_loss", Softplus(-(target * input)), reduction));
    }

    /// <summary>
    /// Multi-label soft margin loss: ℓₙ = −(1/C)·Σ_c w_c[y_c·log σ(x_c) + (1 − y_c)·log σ(−x_c)], y ∈ {0, 1}.
    /// Shapes: input and target (N, C); None gives (N). Divides by C, not by Σw.
    /// </summary>
    [Loss("multilabel_soft_margin_loss", "Multi-label soft margin", LossCategory.Margin, LossTask.MultiLabelClassification,
        Formula = @"\ell_n = -\frac1C \sum_c \big[y_c \log\sigma(x_c) + (1 - y_c)\log\sigma(-x_c)\big]",
        Properties = LossProperties.Convex | LossProperties.Smooth | LossProperties.NeedsLogits,
        UseWhen = "Multi-label classification (several labels per sample).",
        Aliases = new[] { "multilabel_soft_margin" })]
    public static Tensor MultilabelSoftMarginLoss(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
    {
        const string loss = "multilabel_soft_margin_loss";
        Elementwise(loss, input, target);
        var classes = input.shape[^1];
        if (weight is not null && (weight.dim() != 1 || weight.shape[0] != classes))
            throw new ArgumentException($"{loss}: expected weight shape [{classes}], got {Shape(weight)}", nameof(weight));
        var perClass = -(target * nn.functional.logsigmoid(input) + (1 - target) * nn.functional.logsigmoid(-input));
        if (weight is not null) perClass = perClass * weight;
        return Reduce(loss, perClass.sum(-1) / classes, reduction);
    }

    /// <summary>
    /// Multi-class hinge loss: ℓₙ = Σ_{i ≠ yₙ} w[yₙ]·max(0, margin − x[yₙ] + x[i])ᵖ / C, p ∈ {1, 2}.
    /// Shapes: input (N, C) or (C); target (N) or () int64.
    /// </summary>
    [Loss("multi_margin_loss", "Multi-class hinge", LossCategory.Margin, LossTask.MultiClassClassification,
        Formula = @"\ell_n = \frac1C \sum_{i \ne y} \max(0, m - x_y + x_i)^p",
        Properties = LossProperties.Convex | LossProperties.NeedsLogits,
        UseWhen = "Multi-class SVM-style training (margin instead of probabilities).",
        Aliases = new[] { "multi_margin", "hinge", "multiclass_hinge" })]
    public static Tensor MultiMarginLoss(
        Tensor input,
        Tensor target,
        [Option("1 or 2", "power of the hinge")] int p = 1,
        [Option("real", "required margin")] double margin = 1.0,
        Tensor? weight = null,
        Reduction reduction = Reduction.Mean)
    {
        const string loss = "multi_margin_loss";
        if (p is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(p), p, $"{loss}: expected p = 1 or 2, got {p}");
        CheckClassInputs(loss, input, target, weight, allowProbabilities: false);
        if (input.dim() > 2) throw new ArgumentException($"{loss}: expected input (N, C) or (C), got {Shape(input)}", nameof(input));
        return Translate(loss, () => nn.functional.multi_margin_loss(input, target, p, margin, weight, ToTorch(loss, reduction)));
    }

    /// <summary>
    /// Multi-label margin loss: for the label set Y of each row (the target's leading labels, ended by the first −1),
    /// ℓₙ = Σ_{j ∈ Y} Σ_{i ∉ Y} max(0, 1 − (x[j] − x[i])) / C. Shapes: input (N, C) or (C); target int64 of the
    /// same shape.
    /// </summary>
    [Loss("multilabel_margin_loss", "Multi-label hinge", LossCategory.Margin, LossTask.MultiLabelClassification,
        Formula = @"\ell_n = \frac1C \sum_{j \in Y} \sum_{i \notin Y} \max\big(0, 1 - (x_j - x_i)\big)",
        Properties = LossProperties.Convex | LossProperties.NeedsLogits,
        UseWhen = "Multi-label ranking of labels above non-labels.",
        Aliases = new[] { "multilabel_margin" })]
    public static Tensor MultilabelMarginLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        const string loss = "multilabel_margin_loss";
        Floating(loss, "input", input);
        if (target.dtype != ScalarType.Int64)
            throw new ArgumentException($"{loss}: expected target of int64 labels, got dtype {target.dtype}", nameof(target));
        SameShape(loss, input, target);
        return Translate(loss, () => nn.functional.multi_label_margin_loss(input, target, ToTorch(loss, reduction)));
    }

    /// <summary>
    /// Hinge embedding loss: ℓ = x where y = 1, max(0, margin − x) where y = −1 (x is usually a distance).
    /// Margin defaults to 1 as in PyTorch (TorchSharp's functional defaults to 0).
    /// </summary>
    [Loss("hinge_embedding_loss", "Hinge embedding", LossCategory.Margin, LossTask.MetricLearning,
        Formula = @"\ell(x, y) = \begin{cases} x & y = 1 \\ \max(0, m - x) & y = -1 \end{cases}",
        Properties = LossProperties.SignedTargets | LossProperties.Convex,
        UseWhen = "Learning whether pairs are similar from a distance x.",
        Aliases = new[] { "hinge_embedding" })]
    public static Tensor HingeEmbeddingLoss(
        Tensor input,
        Tensor target,
        [Option("real", "required distance of dissimilar pairs")] double margin = 1.0,
        Reduction reduction = Reduction.Mean)
    {
        Elementwise("hinge_embedding_loss", input, target);
        var marginPart = where(target != 1, (margin - input).clamp_min(0), zeros_like(input));
        var selfPart = where(target != -1, input, zeros_like(input));
        return Reduce("hinge_embedding_loss", marginPart + selfPart, reduction);
    }

    /// <summary>
    /// Margin ranking loss: ℓ = max(0, −y·(x1 − x2) + margin), y ∈ {1, −1} says which input should rank higher.
    /// Shapes: (N) or () for all three.
    /// </summary>
    [Loss("margin_ranking_loss", "Margin ranking", LossCategory.Ranking, LossTask.Ranking,
        Formula = @"\ell(x_1, x_2, y) = \max\big(0, -y (x_1 - x_2) + m\big)",
        Properties = LossProperties.SignedTargets | LossProperties.Convex,
        UseWhen = "Learning which of two items should score higher.",
        Aliases = new[] { "margin_ranking", "ranking" })]
    public static Tensor MarginRankingLoss(
        Tensor input1,
        Tensor input2,
        Tensor target,
        [Option("real", "required score gap")] double margin = 0.0,
        Reduction reduction = Reduction.Mean)
    {
        const string loss = "margin_ranking_loss";
        Elementwise(loss, input1, input2);
        SameShape(loss, input1, target, "input1");
        return Reduce(loss, (-target * (input1 - input2) + margin).clamp_min(0), reduction);
    }
}
