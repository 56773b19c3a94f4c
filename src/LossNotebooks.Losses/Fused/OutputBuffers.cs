using static TorchSharp.torch;

namespace LossNotebooks.Losses.Fused;

/// <summary>
/// The tensors the fused kernels write (gradients, elementwise losses). Up to 32 MiB they come from libtorch's
/// allocator, as <c>empty_like</c> does. Larger ones are .NET arrays wrapped without a copy (<c>torch.from_array</c>;
/// the array stays pinned until libtorch frees the tensor): glibc's <c>malloc</c> serves every block above 32 MiB (the
/// ceiling of its dynamic mmap threshold) from fresh pages, so writing a 40 MB gradient first takes ~10,000 page
/// faults, on every training step. The garbage collector reuses the space of freed large arrays instead, whose pages
/// are already there (the gain is measured in docs/benchmarks/fused.md, fresh versus accumulated .grad).
/// </summary>
internal static class OutputBuffers
{
    /// <summary>Blocks from this size on are .NET arrays.</summary>
    public const long ManagedFromBytes = 32L << 20;

    /// <summary>An uninitialized contiguous tensor of <paramref name="input"/>'s shape and dtype (float32 or float64).</summary>
    public static Tensor Like(Tensor input)
    {
        var n = input.numel();
        if (n * input.ElementSize < ManagedFromBytes || n > Array.MaxLength) return empty_like(input, requires_grad: false);
        Array array = input.dtype == ScalarType.Float32
            ? GC.AllocateUninitializedArray<float>((int)n)
            : GC.AllocateUninitializedArray<double>((int)n);
        return from_array(array).view(input.shape);
    }
}
