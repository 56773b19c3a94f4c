using LossNotebooks.Losses.Fused;
using static TorchSharp.torch;

namespace LossNotebooks.Benchmarks;

/// <summary>
/// The forward goal measured the robust way: each loss's entry point at 1e7 elements (no autograd) and a copy of its
/// inputs, alternating call by call in one process, with the median of the per-pair ratios. The copy is a libtorch
/// operation, so each loss call starts as it does in training, right after libtorch's threads ran. Prints a line per
/// loss: <c>loss n copy_ms entry_ms median_ratio lanes</c>.
/// </summary>
public static class CopyRatio
{
    const int Pairs = 300, WarmUp = 20, N = 10_000_000;

    /// <summary>Measures each loss and prints one line per loss.</summary>
    public static void Run()
    {
        foreach (var loss in BenchmarkLoss.Names)
        {
            var (input, target) = BenchmarkLoss.Inputs(loss, N);
            var (inputCopy, targetCopy) = (empty_like(input), empty_like(target));
            void Forward()
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                BenchmarkLoss.Compute(loss, input, target).item<float>();
            }
            using (var calls = FusedKernels.CountCalls())
            {
                Forward();
                if (calls.Calls == 0) throw new InvalidOperationException($"{loss} did not take the fused path");
            }
            var medians = AlternatingPairs.Measure(Forward, () =>
            {
                inputCopy.copy_(input);
                targetCopy.copy_(target);
            }, Pairs, WarmUp);
            Console.WriteLine(FormattableString.Invariant(
                $"{loss} {N} {medians.Second / 1000:F4} {medians.First / 1000:F4} {medians.Ratio:F3} {System.Numerics.Vector<float>.Count}"));
        }
    }
}
