using LossNotebooks.Losses.Fused;
using static TorchSharp.torch;

namespace LossNotebooks.Benchmarks;

/// <summary>
/// What the entry points' dispatch costs where it hands the call to libtorch (1e4 elements): the same call through
/// the entry point and under <see cref="FusedKernels.Disable"/>, alternating call by call in one process (separate
/// BenchmarkDotNet runs drift by more than the microsecond measured here). Prints a markdown table of medians.
/// </summary>
public static class DispatchOverhead
{
    const int Pairs = 20_000, WarmUp = 2_000;

    /// <summary>Measures each loss, forward and forward + backward, and prints one table row per case.</summary>
    public static void Run()
    {
        Console.WriteLine("| loss | pass | entry point | native | entry − native (median of pairs) |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var loss in BenchmarkLoss.Names)
        {
            var (input, target) = BenchmarkLoss.Inputs(loss, 10_000);
            var trainable = input.clone().requires_grad_(true);
            Tensor Compute(Tensor x) => BenchmarkLoss.Compute(loss, x, target);
            Row(loss, "forward", () =>
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                Compute(input).item<float>();
            });
            Row(loss, "forward + backward", () =>
            {
                using var scope = NewDisposeScope();
                Compute(trainable).backward();
            });
        }
    }

    static void Row(string loss, string pass, Action call)
    {
        void Native()
        {
            using var off = FusedKernels.Disable();
            call();
        }
        var medians = AlternatingPairs.Measure(call, Native, Pairs, WarmUp);
        Console.WriteLine($"| {loss} | {pass} | {medians.First:F1} µs | {medians.Second:F1} µs | {medians.Difference:+0.0;-0.0} µs |");
    }
}
