namespace LossNotebooks.Losses;

/// <summary>How per-element losses are combined, with PyTorch's meaning.</summary>
public enum Reduction
{
    /// <summary>No reduction: the per-element (or per-sample) losses.</summary>
    None,
    /// <summary>The mean over elements (for CE/NLL with weights: the weighted mean). Zero elements give NaN.</summary>
    Mean,
    /// <summary>The sum over elements. Zero elements give 0.</summary>
    Sum,
    /// <summary>KL divergence only: the sum divided by the batch size (the true KL per sample).</summary>
    BatchMean,
}

/// <summary>Parses and prints <see cref="Reduction"/> as PyTorch spells it (none, mean, sum, batchmean).</summary>
public static class ReductionNames
{
    /// <summary>PyTorch's name of the reduction.</summary>
    public static string ToTorchName(this Reduction reduction) => reduction.ToString().ToLowerInvariant();

    /// <summary>Parses a PyTorch reduction name; throws an <see cref="ArgumentException"/> naming the valid ones.</summary>
    public static Reduction Parse(string name) => name.ToLowerInvariant() switch
    {
        "none" => Reduction.None,
        "mean" => Reduction.Mean,
        "sum" => Reduction.Sum,
        "batchmean" => Reduction.BatchMean,
        _ => throw new ArgumentException($"unknown reduction '{name}': expected none, mean, sum or batchmean", nameof(name)),
    };
}
