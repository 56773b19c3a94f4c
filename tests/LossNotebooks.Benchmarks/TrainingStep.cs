using System.Diagnostics;
using LossNotebooks.Losses;
using LossNotebooks.Losses.Fused;
using static TorchSharp.torch;

namespace LossNotebooks.Benchmarks;

/// <summary>
/// Whole training steps, as users run them: a small MLP's forward (16 → 64 → K, ReLU), the loss, backward and an SGD
/// step, at 1e5, 1e6 and 1e7 output elements, float32. Per loss and size: the step through the library's entry point,
/// the same under <see cref="FusedKernels.Disable"/> (libtorch's kernels), and with the loss replaced by the output's
/// mean (the step without a loss worth the name: the difference is what the loss costs). Medians of timed steps after
/// warm-up steps, the three variants interleaved step by step so they see the same machine. Prints one line per
/// loss and size: <c>loss outputs entry_ms native_ms baseline_ms</c>
/// (<c>dotnet run -c Release --project tests/LossNotebooks.Benchmarks -- training-step</c>; scripts/benchmark-training-step.sh).
/// </summary>
public static class TrainingStep
{
    /// <summary>The losses and their output width K (classes for cross-entropy).</summary>
    public static readonly (string Name, int Width)[] Losses = { ("mse", 10), ("huber", 10), ("bce_logits", 10), ("cross_entropy", 100) };

    /// <summary>Output elements per step.</summary>
    public static readonly int[] Outputs = { 100_000, 1_000_000, 10_000_000 };

    /// <summary>Runs every loss and size and prints the medians.</summary>
    public static void Run()
    {
        // The first loss measured would otherwise also pay for JIT, libtorch's thread pool and the first fresh pages.
        foreach (var (loss, width) in Losses) Measure(loss, width, 1_000_000, warmUp: 3, timed: 0);
        foreach (var (loss, width) in Losses)
            foreach (var outputs in Outputs)
            {
                var (warmUp, timed) = outputs >= 10_000_000 ? (2, 9) : outputs >= 1_000_000 ? (3, 21) : (10, 60);
                var (entry, native, baseline) = Measure(loss, width, outputs, warmUp, timed);
                Console.WriteLine(FormattableString.Invariant($"{loss} {outputs} {entry:F3} {native:F3} {baseline:F3}"));
            }
    }

    /// <summary>Median step times of the three variants, interleaved step by step.</summary>
    static (double Entry, double Native, double Baseline) Measure(string loss, int width, int outputs, int warmUp, int timed)
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        var rows = outputs / width;
        var features = randn(rows, 16);
        var target = loss switch
        {
            "cross_entropy" => randint(0, width, rows, dtype: ScalarType.Int64),
            "bce_logits" => rand(rows, width),
            _ => randn(rows, width),
        };
        var model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, width));
        var optimizer = optim.SGD(model.parameters(), 1e-3);
        var times = new List<double>[3] { new(), new(), new() };
        for (var step = 0; step < warmUp + timed; step++)
            for (var variant = 0; variant < 3; variant++)
            {
                var elapsed = Step(model, optimizer, features, target, loss, variant);
                if (step >= warmUp) times[variant].Add(elapsed);
            }
        return timed == 0 ? default : (Median(times[0]), Median(times[1]), Median(times[2]));
    }

    /// <summary>One step: 0 entry point, 1 libtorch's kernels (fused off), 2 the output's mean as the loss.</summary>
    static double Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor features, Tensor target, string loss, int variant)
    {
        using var scope = NewDisposeScope();
        using var off = variant == 1 ? FusedKernels.Disable() : null;
        var clock = Stopwatch.StartNew();
        optimizer.zero_grad();
        var output = model.forward(features);
        var value = variant == 2 ? output.mean() : Compute(loss, output, target);
        value.backward();
        optimizer.step();
        return clock.Elapsed.TotalMilliseconds;
    }

    static Tensor Compute(string loss, Tensor output, Tensor target) => loss switch
    {
        "mse" => Functional.MseLoss(output, target),
        "huber" => Functional.HuberLoss(output, target),
        "bce_logits" => Functional.BinaryCrossEntropyWithLogits(output, target),
        _ => Functional.CrossEntropy(output, target),
    };

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
