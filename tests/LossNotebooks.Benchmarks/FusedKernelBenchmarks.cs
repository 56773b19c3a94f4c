using BenchmarkDotNet.Attributes;
using LossNotebooks.Losses.Fused;
using static TorchSharp.torch;

namespace LossNotebooks.Benchmarks;

/// <summary>
/// The fused kernels against libtorch's native path (the same entry point under <see cref="FusedKernels.Disable"/>)
/// and against copying both inputs once (the memory bound), float32, forward (no grad) and forward + backward (into an
/// accumulating .grad, and into a cleared one).
/// </summary>
[ShortRunJob]
public class FusedKernelBenchmarks
{
    Tensor input = null!, target = null!, trainable = null!, inputCopy = null!, targetCopy = null!;

    /// <summary>Elements per tensor.</summary>
    [Params(10_000, 1_000_000, 10_000_000)]
    public int N { get; set; }

    /// <summary>The loss (cross_entropy: scores of shape [N / 1000, 1000] and class-index targets).</summary>
    [Params("mse", "bce_logits", "cross_entropy")]
    public string Loss { get; set; } = "mse";

    /// <summary>Creates seeded inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Console.WriteLine($"// Vector<float>.Count = {System.Numerics.Vector<float>.Count}"); // 16 under DOTNET_MaxVectorTBitWidth=512 on AVX-512
        (input, target) = BenchmarkLoss.Inputs(Loss, N);
        trainable = input.clone().requires_grad_(true);
        inputCopy = empty_like(input);
        targetCopy = empty_like(target);
    }

    Tensor Compute(Tensor x) => BenchmarkLoss.Compute(Loss, x, target);

    /// <summary>Copying both inputs once: what any loss must at least read.</summary>
    [Benchmark(Baseline = true)]
    public void CopyInputs()
    {
        inputCopy.copy_(input);
        targetCopy.copy_(target);
    }

    /// <summary>Forward through the entry point, fused path.</summary>
    [Benchmark]
    public double FusedForward()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Compute(input).item<float>();
    }

    /// <summary>Forward through the entry point, libtorch's native path.</summary>
    [Benchmark]
    public double NativeForward()
    {
        using var off = FusedKernels.Disable();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Compute(input).item<float>();
    }

    /// <summary>Forward and backward, fused path.</summary>
    [Benchmark]
    public void FusedForwardBackward()
    {
        using var scope = NewDisposeScope();
        Compute(trainable).backward();
    }

    /// <summary>Forward and backward, libtorch's native path.</summary>
    [Benchmark]
    public void NativeForwardBackward()
    {
        using var off = FusedKernels.Disable();
        using var scope = NewDisposeScope();
        Compute(trainable).backward();
    }

    /// <summary>
    /// Forward and backward into a cleared .grad (as after optimizer.zero_grad(), which sets it to None by default),
    /// fused path. (The two methods above accumulate into .grad, as gradient accumulation does.)
    /// </summary>
    [Benchmark]
    public void FusedForwardBackwardFreshGrad()
    {
        using var scope = NewDisposeScope();
        trainable.grad = null;
        Compute(trainable).backward();
    }

    /// <summary>Forward and backward into a cleared .grad, libtorch's native path.</summary>
    [Benchmark]
    public void NativeForwardBackwardFreshGrad()
    {
        using var off = FusedKernels.Disable();
        using var scope = NewDisposeScope();
        trainable.grad = null;
        Compute(trainable).backward();
    }
}
