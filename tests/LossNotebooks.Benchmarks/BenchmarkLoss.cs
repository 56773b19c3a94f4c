using LossNotebooks.Losses;
using static TorchSharp.torch;

namespace LossNotebooks.Benchmarks;

/// <summary>
/// The three losses the fused-kernel benchmarks time, with their seeded float32 inputs: mse and bce_logits over n
/// elements, cross_entropy over scores [n / 1000, 1000] with class-index targets.
/// </summary>
public static class BenchmarkLoss
{
    /// <summary>The losses, by the names the benchmark tables use.</summary>
    public static readonly string[] Names = { "mse", "bce_logits", "cross_entropy" };

    /// <summary>Input and target for <paramref name="loss"/> at <paramref name="n"/> elements (seed 0).</summary>
    public static (Tensor Input, Tensor Target) Inputs(string loss, int n)
    {
        manual_seed(0);
        var input = loss == "cross_entropy" ? randn(n / 1000, 1000) : randn(n);
        var target = loss switch
        {
            "cross_entropy" => randint(0, 1000, n / 1000, dtype: ScalarType.Int64),
            "bce_logits" => rand(n),
            _ => randn(n),
        };
        return (input, target);
    }

    /// <summary>The loss through the library's entry point.</summary>
    public static Tensor Compute(string loss, Tensor input, Tensor target) => loss switch
    {
        "mse" => Functional.MseLoss(input, target),
        "bce_logits" => Functional.BinaryCrossEntropyWithLogits(input, target),
        _ => Functional.CrossEntropy(input, target),
    };
}
