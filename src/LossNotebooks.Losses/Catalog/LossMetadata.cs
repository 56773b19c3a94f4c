namespace LossNotebooks.Losses;

/// <summary>The family a loss belongs to.</summary>
public enum LossCategory
{
    /// <summary>Regression on real-valued targets.</summary>
    Regression,
    /// <summary>Robust regression: bounded or slowly growing penalties for outliers.</summary>
    Robust,
    /// <summary>Classification from logits or probabilities.</summary>
    Classification,
    /// <summary>Margin-based (hinge-like) classification losses.</summary>
    Margin,
    /// <summary>Ranking and metric learning on embeddings or scores.</summary>
    Ranking,
    /// <summary>Sequence losses (alignment-free).</summary>
    Sequence,
    /// <summary>Segmentation overlap losses.</summary>
    Segmentation,
}

/// <summary>The task a loss is meant for.</summary>
public enum LossTask
{
    /// <summary>Real-valued targets.</summary>
    Regression,
    /// <summary>Two classes (one score per sample).</summary>
    BinaryClassification,
    /// <summary>One of C classes.</summary>
    MultiClassClassification,
    /// <summary>Any subset of C labels.</summary>
    MultiLabelClassification,
    /// <summary>Ordering pairs or lists of items.</summary>
    Ranking,
    /// <summary>Learning an embedding where distances mean similarity.</summary>
    MetricLearning,
    /// <summary>Sequence labelling without alignment.</summary>
    Sequence,
    /// <summary>Pixel-wise segmentation.</summary>
    Segmentation,
    /// <summary>Distribution matching.</summary>
    Distribution,
}

/// <summary>Properties of a loss that a reader can reason with.</summary>
[Flags]
public enum LossProperties
{
    /// <summary>No listed property.</summary>
    None = 0,
    /// <summary>Convex in the input.</summary>
    Convex = 1,
    /// <summary>Grows at most linearly (or is bounded) in the residual: outliers pull less than under MSE.</summary>
    RobustToOutliers = 2,
    /// <summary>The loss per element has a finite upper bound.</summary>
    Bounded = 4,
    /// <summary>Differentiable everywhere (no kink).</summary>
    Smooth = 8,
    /// <summary>The input is probabilities in [0, 1].</summary>
    NeedsProbabilities = 16,
    /// <summary>The input is unnormalized scores (logits).</summary>
    NeedsLogits = 32,
    /// <summary>The input is log-probabilities.</summary>
    NeedsLogProbabilities = 64,
    /// <summary>Binary targets are coded −1 and 1 (not 0 and 1).</summary>
    SignedTargets = 128,
}

/// <summary>The kind of value an option takes.</summary>
public enum LossOptionKind
{
    /// <summary>A real number.</summary>
    Real,
    /// <summary>An integer.</summary>
    Integer,
    /// <summary>true or false.</summary>
    Boolean,
}

/// <summary>One option of a loss, as the catalog and spec strings name it (PyTorch's snake_case name).</summary>
/// <param name="Name">The option's snake_case name, e.g. <c>delta</c> or <c>label_smoothing</c>.</param>
/// <param name="Default">Its default value (booleans as 0 or 1).</param>
/// <param name="Range">Its valid range in words, e.g. <c>&gt; 0</c> or <c>[0, 1]</c>.</param>
/// <param name="Description">What it does, in one line.</param>
/// <param name="Kind">The kind of value.</param>
/// <param name="AcceptsList">True when a spec may give a list of values (<c>quantile=[0.1, 0.9]</c>).</param>
public sealed record LossOption(string Name, double Default, string Range, string Description, LossOptionKind Kind = LossOptionKind.Real,
    bool AcceptsList = false)
{
    /// <summary>The default printed as a spec string would write it.</summary>
    public string DefaultText => LossSpec.FormatValue(Default, Kind);
}
