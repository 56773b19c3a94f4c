using static LossNotebooks.Losses.LossGuard;
using static TorchSharp.torch;

namespace LossNotebooks.Losses;

public static partial class Functional
{
    /// <summary>
    /// Cosine embedding loss: with cos = x1·x2 / √((‖x1‖² + 1e−12)(‖x2‖² + 1e−12)), ℓ = 1 − cos where y = 1 and
    /// max(0, cos − margin) where y = −1. Shapes: x1, x2 (N, D) or (D); y (N) or ().
    /// </summary>
    [Loss("cosine_embedding_loss", "Cosine embedding", LossCategory.Ranking, LossTask.MetricLearning,
        Formula = @"\ell = \begin{cases} 1 - \cos(x_1, x_2) & y = 1 \\ \max(0, \cos(x_1, x_2) - m) & y = -1 \end{cases}",
        Properties = LossProperties.SignedTargets,
        UseWhen = "Similarity of embeddings by angle (text, faces).",
        Aliases = new[] { "cosine_embedding" })]
    public static Tensor CosineEmbeddingLoss(
        Tensor input1,
        Tensor input2,
        Tensor target,
        [Option("[-1, 1]", "cosine below which dissimilar pairs cost nothing")] double margin = 0.0,
        Reduction reduction = Reduction.Mean)
    {
        const string loss = "cosine_embedding_loss";
        Elementwise(loss, input1, input2);
        CheckPairTarget(loss, input1, target);
        const double epsilon = 1e-12;
        var dot = (input1 * input2).sum(-1);
        var norms = ((input1.square().sum(-1) + epsilon) * (input2.square().sum(-1) + epsilon)).sqrt();
        var cos = dot / norms;
        var result = where(target == 1, 1 - cos, zeros_like(cos)) + where(target == -1, (cos - margin).clamp_min(0), zeros_like(cos));
        return Reduce(loss, result, reduction);
    }

    /// <summary>
    /// Contrastive loss (Hadsell, Chopra and LeCun 2006) with d = ‖x1 − x2 + eps‖₂:
    /// ℓ = ½[y·d² + (1 − y)·max(0, margin − d)²], where y = 1 marks a similar pair and y = 0 a dissimilar one.
    /// (The paper writes Y = 0 for similar pairs; this library follows the documents' y = 1.) Shapes: x1, x2 (N, D).
    /// </summary>
    [Loss("contrastive_loss", "Contrastive (Hadsell 2006)", LossCategory.Ranking, LossTask.MetricLearning,
        Formula = @"\ell = \tfrac12\big[y\,d^2 + (1 - y)\max(0, m - d)^2\big],\ d = \lVert x_1 - x_2 \rVert_2",
        UseWhen = "Siamese networks on labelled pairs (y = 1 similar, 0 dissimilar).",
        Aliases = new[] { "contrastive" },
        InTorch = false)]
    public static Tensor ContrastiveLoss(
        Tensor input1,
        Tensor input2,
        Tensor target,
        [Option(">= 0", "distance dissimilar pairs must exceed")] double margin = 1.0,
        double eps = 1e-6,
        Reduction reduction = Reduction.Mean)
    {
        const string loss = "contrastive_loss";
        Elementwise(loss, input1, input2);
        CheckPairTarget(loss, input1, target);
        NonNegative(loss, nameof(margin), margin);
        var d = nn.functional.pairwise_distance(input1, input2, 2, eps);
        var result = (target * d.square() + (1 - target) * (margin - d).clamp_min(0).square()) * 0.5;
        return Reduce(loss, result, reduction);
    }

    /// <summary>
    /// Triplet margin loss: ℓ = max(0, d(a, p) − d(a, n) + margin), d(u, v) = ‖u − v + eps‖_p; with
    /// <paramref name="swap"/>, d(a, n) ← min(d(a, n), d(p, n)). Shapes: (N, D) or (D). p may be any positive real.
    /// </summary>
    [Loss("triplet_margin_loss", "Triplet margin", LossCategory.Ranking, LossTask.MetricLearning,
        Formula = @"\ell(a, p, n) = \max\big(0, d(a, p) - d(a, n) + m\big),\ d(u, v) = \lVert u - v \rVert_p",
        UseWhen = "Embeddings where an anchor is closer to a positive than to a negative (face recognition).",
        Aliases = new[] { "triplet" })]
    public static Tensor TripletMarginLoss(
        Tensor anchor,
        Tensor positive,
        Tensor negative,
        [Option("> 0", "required gap")] double margin = 1.0,
        [Option("> 0", "norm degree")] double p = 2.0,
        double eps = 1e-6,
        [Option("true/false", "use the harder of d(a,n) and d(p,n)")] bool swap = false,
        Reduction reduction = Reduction.Mean)
    {
        const string loss = "triplet_margin_loss";
        Positive(loss, nameof(p), p);
        return TripletCore(loss, anchor, positive, negative, (u, v) => nn.functional.pairwise_distance(u, v, p, eps), margin, swap, reduction);
    }

    /// <summary>
    /// Triplet loss with a user distance: ℓ = max(0, d(a, p) − d(a, n) + margin); the default distance is the
    /// Euclidean pairwise distance. Shapes: (N, *).
    /// </summary>
    [Loss("triplet_margin_with_distance_loss", "Triplet with a custom distance", LossCategory.Ranking, LossTask.MetricLearning,
        Formula = @"\ell(a, p, n) = \max\big(0, d(a, p) - d(a, n) + m\big)",
        UseWhen = "Triplet training with cosine or any learned distance.",
        Aliases = new[] { "triplet_distance" })]
    public static Tensor TripletMarginWithDistanceLoss(
        Tensor anchor,
        Tensor positive,
        Tensor negative,
        Func<Tensor, Tensor, Tensor>? distanceFunction = null,
        [Option("> 0", "required gap")] double margin = 1.0,
        [Option("true/false", "distance swap")] bool swap = false,
        Reduction reduction = Reduction.Mean)
    {
        const string loss = "triplet_margin_with_distance_loss";
        Positive(loss, nameof(margin), margin);
        var distance = distanceFunction ?? ((u, v) => nn.functional.pairwise_distance(u, v));
        return TripletCore(loss, anchor, positive, negative, distance, margin, swap, reduction);
    }

    /// <summary>
    /// Bayesian personalized ranking (Rendle et al. 2009): ℓ = −log σ(s⁺ − s⁻) = softplus(s⁻ − s⁺), computed
    /// exactly as max(z, 0) + log1p(e^{−|z|}). Shapes: positive and negative scores the same shape.
    /// </summary>
    [Loss("bpr_loss", "Bayesian personalized ranking", LossCategory.Ranking, LossTask.Ranking,
        Formula = @"\ell(s^+, s^-) = -\log \sigma(s^+ - s^-)",
        Properties = LossProperties.Convex | LossProperties.Smooth,
        UseWhen = "Recommendation from implicit feedback (clicked above not clicked).",
        Aliases = new[] { "bpr" },
        InTorch = false)]
    public static Tensor BprLoss(Tensor posScores, Tensor negScores, Reduction reduction = Reduction.Mean)
    {
        const string loss = "bpr_loss";
        Floating(loss, "posScores", posScores);
        Floating(loss, "negScores", negScores);
        SameShape(loss, posScores, negScores, "posScores", "negScores");
        return Reduce(loss, Softplus(negScores - posScores), reduction);
    }

    static Tensor TripletCore(string loss, Tensor anchor, Tensor positive, Tensor negative,
        Func<Tensor, Tensor, Tensor> distance, double margin, bool swap, Reduction reduction)
    {
        Floating(loss, "anchor", anchor);
        SameShape(loss, anchor, positive, "anchor", "positive");
        SameShape(loss, anchor, negative, "anchor", "negative");
        var dPositive = distance(anchor, positive);
        var dNegative = distance(anchor, negative);
        if (swap) dNegative = minimum(dNegative, distance(positive, negative));
        return Reduce(loss, (dPositive - dNegative + margin).clamp_min(0), reduction);
    }

    static void CheckPairTarget(string loss, Tensor input1, Tensor target)
    {
        var expected = input1.shape.Take(Math.Max(0, input1.shape.Length - 1)).ToArray();
        if (!target.shape.SequenceEqual(expected))
            throw new ArgumentException($"{loss}: expected target shape [{string.Join(", ", expected)}] for inputs {Shape(input1)}, " +
                                        $"got {Shape(target)}", nameof(target));
    }
}
