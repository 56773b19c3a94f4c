using static TorchSharp.torch;

namespace LossNotebooks.Losses.Tests;

/// <summary>
/// Random test tensors drawn from a generator of their own. libtorch's default generator is one per process, and
/// xUnit runs test classes in parallel: a <c>manual_seed</c> there does not make a test's data reproducible.
/// </summary>
public sealed class SeededRandom(ulong seed) : IDisposable
{
    readonly Generator generator = new(seed);

    /// <summary>Standard normal values.</summary>
    public Tensor Normal(long[] shape, ScalarType type = ScalarType.Float32) => randn(shape, type, generator: generator);

    /// <summary>Standard normal values of the given shape, float32.</summary>
    public Tensor Normal(params long[] shape) => Normal(shape, ScalarType.Float32);

    /// <summary>Uniform values in [0, 1).</summary>
    public Tensor Uniform(long[] shape, ScalarType type = ScalarType.Float32) => rand(shape, type, generator: generator);

    /// <summary>Uniform values in [0, 1) of the given shape, float32.</summary>
    public Tensor Uniform(params long[] shape) => Uniform(shape, ScalarType.Float32);

    /// <summary>Integers in [low, high).</summary>
    public Tensor Integers(long low, long high, long[] shape, ScalarType type = ScalarType.Int64) =>
        randint(low, high, shape, type, generator: generator);

    /// <summary>Releases the generator.</summary>
    public void Dispose() => generator.Dispose();
}
