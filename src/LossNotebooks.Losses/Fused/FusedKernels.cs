using TorchSharp;
using static TorchSharp.torch;

namespace LossNotebooks.Losses.Fused;

/// <summary>
/// The switch and the dispatch rule of the fused CPU kernels. A loss over large tensors is memory-bound, and libtorch
/// makes several passes (difference, square, reduce; the same again backward); a fused kernel reads each input once.
/// The entry points of <see cref="Functional"/> take the fused path for contiguous float32/float64 CPU tensors of the
/// same shape whose target needs no gradient; everything else (GPU, other dtypes, non-contiguous, broadcasting) takes
/// libtorch. <see cref="Disable"/> turns the fused path off in a scope, for comparisons.
/// </summary>
public static class FusedKernels
{
    static readonly AsyncLocal<int> disabledDepth = new();

    /// <summary>True unless a <see cref="Disable"/> scope is active in this async context.</summary>
    public static bool IsEnabled => disabledDepth.Value == 0;

    /// <summary>
    /// Turns the fused path off until the returned scope is disposed. The switch flows with the async context
    /// (awaits, tasks started inside), so parallel tests do not see each other's scopes.
    /// </summary>
    public static IDisposable Disable()
    {
        disabledDepth.Value++;
        return new Restore(() => disabledDepth.Value--);
    }

    static readonly AsyncLocal<FusedCallCounter?> counter = new();

    /// <summary>
    /// Counts the calls that take a fused kernel in this async context until the counter is disposed (to check that a
    /// code path, such as the user-data comparisons, is fused).
    /// </summary>
    public static FusedCallCounter CountCalls()
    {
        var created = new FusedCallCounter(counter.Value, c => counter.Value = c);
        counter.Value = created;
        return created;
    }

    /// <summary>Notes one fused call for the active counters.</summary>
    internal static void Record()
    {
        for (var c = counter.Value; c is not null; c = c.Outer) c.Add();
    }

    /// <summary>
    /// Below this many elements (2²¹, 8 MiB of float32), a loss whose input needs a gradient, a loss with exponentials
    /// or logarithms, and cross-entropy take libtorch: with the inputs in cache, the custom autograd function's fixed
    /// cost and libtorch's own accumulation pass outweigh the passes saved, and libtorch's multithreaded exp/log keeps
    /// up (docs/benchmarks/fused.md measures where the fused forward and backward pull ahead). Polynomial losses (MSE,
    /// L1, Huber, …) without autograd are fused at every size.
    /// </summary>
    public const long MinElements = 1 << 21;

    static readonly AsyncLocal<bool> anySize = new();

    /// <summary>For tests: inside the scope, the size thresholds are off, so the kernels run on small inputs too.</summary>
    internal static IDisposable AtAnySize()
    {
        var previous = anySize.Value;
        anySize.Value = true;
        return new Restore(() => anySize.Value = previous);
    }

    /// <summary>True when <paramref name="input"/> is large enough for the fused path.</summary>
    internal static bool LargeEnough(Tensor input, bool needsGrad, bool transcendental) =>
        anySize.Value || !(needsGrad || transcendental) || input.numel() >= MinElements;

    /// <summary>The address of a CPU tensor's data (native memory: it stays valid while the tensor lives).</summary>
    internal static unsafe nint Address(Tensor tensor)
    {
        fixed (byte* data = tensor.bytes) return (nint)data;
    }

    /// <summary>A scope that undoes its setting once, on the first Dispose.</summary>
    sealed class Restore(Action restore) : IDisposable
    {
        bool disposed;

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            restore();
        }
    }

    /// <summary>True when the fused kernels apply to this input and target.</summary>
    public static bool Applies(Tensor input, Tensor target) =>
        IsEnabled
        && input.device_type == DeviceType.CPU && target.device_type == DeviceType.CPU
        && input.dtype == target.dtype && input.dtype is ScalarType.Float32 or ScalarType.Float64
        && input.numel() > 0 && input.numel() * input.ElementSize <= int.MaxValue
        && input.shape.SequenceEqual(target.shape)
        && input.is_contiguous() && target.is_contiguous()
        && !target.requires_grad;
}

/// <summary>The number of fused calls seen by a <see cref="FusedKernels.CountCalls"/> scope.</summary>
public sealed class FusedCallCounter : IDisposable
{
    readonly Action<FusedCallCounter?> restore;
    int calls;

    internal FusedCallCounter(FusedCallCounter? outer, Action<FusedCallCounter?> restore)
    {
        Outer = outer;
        this.restore = restore;
    }

    internal FusedCallCounter? Outer { get; }

    /// <summary>Fused calls so far.</summary>
    public int Calls => Volatile.Read(ref calls);

    internal void Add() => Interlocked.Increment(ref calls);

    /// <summary>Stops counting (the enclosing counter, if any, goes on).</summary>
    public void Dispose() => restore(Outer);
}
