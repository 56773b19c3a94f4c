using BenchmarkDotNet.Attributes;
using LossNotebooks.Losses;
using static TorchSharp.torch;
using TF = TorchSharp.torch.nn.functional;

namespace LossNotebooks.Benchmarks;

/// <summary>
/// Forward+backward of each loss libtorch has natively, float32 on CPU: the library's entry point and its
/// from-scratch form against TorchSharp's native call, side by side in one run (ratios against Native).
/// </summary>
[ShortRunJob]
[MemoryDiagnoser(false)]
public class LossBenchmarks
{
    Tensor input = null!, target = null!, probabilities = null!;

    /// <summary>Number of elements.</summary>
    [Params(10_000, 1_000_000, 10_000_000)]
    public int N { get; set; }

    /// <summary>The loss measured.</summary>
    [Params("mse", "l1", "huber", "smooth_l1", "bce_with_logits")]
    public string Loss { get; set; } = "mse";

    /// <summary>Creates seeded inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        manual_seed(0);
        input = randn(N).requires_grad_(true);
        target = randn(N);
        probabilities = rand(N);
    }

    Tensor Run(Func<Tensor, Tensor, Tensor> loss, Tensor y)
    {
        using var scope = NewDisposeScope();
        input.grad?.zero_();
        var value = loss(input, y);
        value.backward();
        return value.detach().MoveToOuterDisposeScope();
    }

    /// <summary>libtorch's native loss through TorchSharp.</summary>
    [Benchmark(Baseline = true)]
    public Tensor Native() => Loss switch
    {
        "mse" => Run((x, y) => TF.mse_loss(x, y), target),
        "l1" => Run((x, y) => TF.l1_loss(x, y), target),
        "huber" => Run((x, y) => TF.huber_loss(x, y), target),
        "smooth_l1" => Run((x, y) => TF.smooth_l1_loss(x, y), target),
        _ => Run((x, y) => TF.binary_cross_entropy_with_logits(x, y), probabilities),
    };

    /// <summary>The library's entry point (<see cref="Functional"/>).</summary>
    [Benchmark]
    public Tensor EntryPoint() => Loss switch
    {
        "mse" => Run((x, y) => Functional.MseLoss(x, y), target),
        "l1" => Run((x, y) => Functional.L1Loss(x, y), target),
        "huber" => Run((x, y) => Functional.HuberLoss(x, y), target),
        "smooth_l1" => Run((x, y) => Functional.SmoothL1Loss(x, y), target),
        _ => Run((x, y) => Functional.BinaryCrossEntropyWithLogits(x, y), probabilities),
    };

    /// <summary>The transparent form (<see cref="FromScratch"/>).</summary>
    [Benchmark]
    public Tensor FromScratchForm() => Loss switch
    {
        "mse" => Run((x, y) => FromScratch.MseLoss(x, y), target),
        "l1" => Run((x, y) => FromScratch.L1Loss(x, y), target),
        "huber" => Run((x, y) => FromScratch.HuberLoss(x, y), target),
        "smooth_l1" => Run((x, y) => FromScratch.SmoothL1Loss(x, y), target),
        _ => Run((x, y) => FromScratch.BinaryCrossEntropyWithLogits(x, y), probabilities),
    };
}

/// <summary>Cross-entropy forward+backward at [N = 65536, C = 1000], float32.</summary>
[ShortRunJob]
public class CrossEntropyBenchmarks
{
    Tensor logits = null!, labels = null!;

    /// <summary>Creates seeded inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        manual_seed(0);
        logits = randn(65536, 1000).requires_grad_(true);
        labels = randint(0, 1000, new long[] { 65536 }, dtype: ScalarType.Int64);
    }

    Tensor Run(Func<Tensor, Tensor, Tensor> loss)
    {
        using var scope = NewDisposeScope();
        logits.grad?.zero_();
        var value = loss(logits, labels);
        value.backward();
        return value.detach().MoveToOuterDisposeScope();
    }

    /// <summary>libtorch's native cross_entropy.</summary>
    [Benchmark(Baseline = true)]
    public Tensor Native() => Run((x, y) => TF.cross_entropy(x, y));

    /// <summary>The library's entry point.</summary>
    [Benchmark]
    public Tensor EntryPoint() => Run((x, y) => Functional.CrossEntropy(x, y));

    /// <summary>log_softmax + weighted NLL written out.</summary>
    [Benchmark]
    public Tensor FromScratchForm() => Run((x, y) => FromScratch.CrossEntropy(x, y));
}

/// <summary>
/// MSE forward at 1e7 float32 elements against the machine's memory bandwidth: a copy of one 1e7 tensor
/// (reads 40 MB, writes 40 MB) measured in the same run. MSE reads 80 MB (input and target).
/// </summary>
[ShortRunJob]
public class MemoryBoundBenchmarks
{
    Tensor input = null!, target = null!, destination = null!;

    /// <summary>Creates seeded inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        manual_seed(0);
        input = randn(10_000_000);
        target = randn(10_000_000);
        destination = empty(10_000_000);
    }

    /// <summary>Copy of one input (the bandwidth reference).</summary>
    [Benchmark(Baseline = true)]
    public Tensor CopyOneInput() => destination.copy_(input);

    /// <summary>MSE forward through the entry point.</summary>
    [Benchmark]
    public Tensor MseForward()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Functional.MseLoss(input, target).MoveToOuterDisposeScope();
    }
}

/// <summary>Formatting a 1e7-element tensor (summarized: edge items only) as HTML and as text.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class TensorFormatterBenchmarks
{
    Tensor big = null!;

    /// <summary>Creates the tensor.</summary>
    [GlobalSetup]
    public void Setup() => big = arange(10_000_000, dtype: ScalarType.Float32).reshape(1000, 10_000);

    /// <summary>HTML table of the 1e7-element tensor.</summary>
    [Benchmark]
    public int Html() => LossNotebooks.Formatting.TensorFormatter.ToHtml(big).Length;

    /// <summary>PyTorch-style text of the 1e7-element tensor.</summary>
    [Benchmark]
    public int PlainText() => LossNotebooks.Formatting.TensorFormatter.ToPlainText(big).Length;
}
