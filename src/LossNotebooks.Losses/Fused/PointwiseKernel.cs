using System.Numerics;
using System.Runtime.CompilerServices;

namespace LossNotebooks.Losses.Fused;

/// <summary>
/// The memory the kernels read: input x and target y (n elements each), optionally an elementwise weight w (same
/// shape) and a positive-class weight row repeating with period <see cref="Period"/> along the last dimension, stored
/// with <c>Vector&lt;T&gt;.Count</c> extra wrapped elements so that a vector load at any phase stays inside it.
/// </summary>
internal readonly unsafe struct Operands<T>(T* x, T* y, T* weight, T* posWeightRow, long period) where T : unmanaged
{
    public readonly T* X = x, Y = y, Weight = weight, PosWeightRow = posWeightRow;
    public readonly long Period = period;
}

/// <summary>
/// One vectorized pass over the operands of a pointwise loss (<see cref="Vector{T}"/> lanes, chunked across cores):
/// Σ w·ℓ, the elementwise w·ℓ, the gradient g·w·ℓ′, or Σ w·ℓ and its gradient together (the forward pass of training,
/// so the backward pass has nothing left to read). Sums use two independent accumulators per block of 4,096
/// elements and add blocks in float64, so float32 sums are as accurate as libtorch's. The tail (fewer than two vectors
/// in a sum, one in a map) is padded (weight 0), so every lane goes through the same vector formula.
/// </summary>
internal static unsafe class PointwiseKernel<T, TLoss>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TLoss : struct, IPointwiseLoss<T>
{
    const int Block = 4096;

    /// <summary>Σ w·ℓ(x, y); <paramref name="rejected"/> when an input lane was rejected by the loss.</summary>
    public static double Sum(TLoss loss, Operands<T> ops, long n, out bool rejected) =>
        Reduce(loss, ops, n, null, T.Zero, out rejected);

    /// <summary>Σ w·ℓ(x, y), writing gradᵢ = scale·wᵢ·ℓ′(xᵢ, yᵢ) in the same pass.</summary>
    public static double SumAndGradient(TLoss loss, Operands<T> ops, long n, T* grad, double scale, out bool rejected) =>
        Reduce(loss, ops, n, grad, T.CreateChecked(scale), out rejected);

    /// <summary>outputᵢ = wᵢ·ℓ(xᵢ, yᵢ).</summary>
    public static void Values(TLoss loss, Operands<T> ops, long n, T* output, out bool rejected)
    {
        rejected = Chunked(n, (start, end) => MapRange(loss, ops, start, end, null, output, T.One, derivative: false));
    }

    /// <summary>gradᵢ = scale·gᵢ·wᵢ·ℓ′(xᵢ, yᵢ), with gᵢ = 1 when <paramref name="gradOutput"/> is null.</summary>
    public static void Gradient(TLoss loss, Operands<T> ops, long n, T* gradOutput, T* grad, double scale) =>
        Chunked(n, (start, end) => MapRange(loss, ops, start, end, gradOutput, grad, T.CreateChecked(scale), derivative: true));

    static double Reduce(TLoss loss, Operands<T> ops, long n, T* grad, T scale, out bool rejected)
    {
        var (chunks, size) = Chunks(n);
        var partials = new double[chunks];
        var bad = new bool[chunks];
        nint gradAddress = (nint)grad;
        var plain = ops.Weight is null && ops.PosWeightRow is null && grad is null;
        Run(chunks, c => partials[c] = plain
            ? SumRange<Plain>(loss, ops, c * size, Math.Min(n, (c + 1) * size), null, scale, out bad[c])
            : SumRange<General>(loss, ops, c * size, Math.Min(n, (c + 1) * size), (T*)gradAddress, scale, out bad[c]));
        rejected = bad.Contains(true);
        var total = 0.0;
        foreach (var partial in partials) total += partial; // in chunk order: the same result on every run
        return total;
    }

    static bool Chunked(long n, Func<long, long, bool> body)
    {
        var (chunks, size) = Chunks(n);
        var bad = new bool[chunks];
        Run(chunks, c => bad[c] = body(c * size, Math.Min(n, (c + 1) * size)));
        return bad.Contains(true);
    }

    /// <summary>One chunk per 2¹⁸ elements, at most 4 per core: small inputs stay on the calling thread.</summary>
    static (int Chunks, long Size) Chunks(long n)
    {
        const long minChunk = 1 << 18;
        var chunks = (int)Math.Clamp(n / minChunk, 1, Environment.ProcessorCount * 4L);
        var size = (n + chunks - 1) / chunks;
        size = (size + Block - 1) / Block * Block;
        return ((int)((n + size - 1) / size), size);
    }

    static void Run(int chunks, Action<int> body)
    {
        if (chunks == 1) body(0);
        else Parallel.For(0, chunks, body);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: fully optimized from the first call
    static double SumRange<TShape>(TLoss loss, Operands<T> ops, long start, long end, T* grad, T scale, out bool rejected)
        where TShape : struct, IOperandShape
    {
        var total = 0.0;
        var bad = Vector<T>.Zero;
        var scales = new Vector<T>(scale);
        for (var i = start; i < end; i += Block)
        {
            var blockEnd = Math.Min(end, i + Block);
            var pairsEnd = i + (blockEnd - i) / (2 * Vector<T>.Count) * (2 * Vector<T>.Count);
            var sum = SumPairs<TShape>(loss, ops, i, pairsEnd, grad, scales, out var blockBad);
            if (pairsEnd < blockEnd) sum += Tail(loss, ops, pairsEnd, (int)(blockEnd - pairsEnd), grad, scales, ref blockBad);
            bad |= blockBad;
            total += double.CreateChecked(Vector.Sum(sum));
        }
        rejected = !Vector.EqualsAll(bad, Vector<T>.Zero);
        return total;
    }

    /// <summary>
    /// Σ w·ℓ over [start, end), two vectors per step: two independent sums, and only two inlined copies of the loss
    /// (past the JIT's inlining budget, a third and fourth copy left calls in the loop). A method of its own, so that
    /// no call sits near its loop: no vector register survives a call, and the sums would live on the stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: fully optimized from the first call
    static Vector<T> SumPairs<TShape>(TLoss loss, Operands<T> ops, long start, long end, T* grad, Vector<T> scales, out Vector<T> rejected)
        where TShape : struct, IOperandShape
    {
        Vector<T> a0 = Vector<T>.Zero, a1 = Vector<T>.Zero, bad = Vector<T>.Zero;
        for (var i = start; i < end; i += 2 * Vector<T>.Count)
        {
            a0 += Lane<TShape>(loss, ops, i, grad, scales, ref bad);
            a1 += Lane<TShape>(loss, ops, i + Vector<T>.Count, grad, scales, ref bad);
        }
        rejected = bad;
        return a0 + a1;
    }

    /// <summary>w·ℓ over the lanes at <paramref name="i"/>; with <paramref name="grad"/>, also stores scale·w·ℓ′ there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<T> Lane<TShape>(TLoss loss, Operands<T> ops, long i, T* grad, Vector<T> scale, ref Vector<T> bad)
        where TShape : struct, IOperandShape
    {
        if (TShape.IsPlain)
        {
            var (x0, y0) = (Vector.Load(ops.X + i), Vector.Load(ops.Y + i));
            bad |= loss.Rejects(x0);
            return loss.Value(x0, y0, Vector<T>.One);
        }
        var x = Vector.Load(ops.X + i);
        var y = Vector.Load(ops.Y + i);
        var p = ops.PosWeightRow is null ? Vector<T>.One : Vector.Load(ops.PosWeightRow + i % ops.Period);
        bad |= loss.Rejects(x);
        var w = ops.Weight is null ? Vector<T>.One : Vector.Load(ops.Weight + i);
        if (grad is null) return loss.Value(x, y, p) * w;
        Vector<T> value, derivative;
        if (TLoss.SharesWork) value = loss.ValueAndDerivative(x, y, p, out derivative);
        else (value, derivative) = (loss.Value(x, y, p), loss.Derivative(x, y, p));
        (derivative * w * scale).Store(grad + i);
        return value * w;
    }

    /// <summary>The last <paramref name="count"/> (&lt; two vectors) elements, padded to two vectors with weight 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static Vector<T> Tail(TLoss loss, Operands<T> ops, long i, int count, T* grad, Vector<T> scale, ref Vector<T> bad)
    {
        var width = 2 * Vector<T>.Count;
        T* x = stackalloc T[width], y = stackalloc T[width], w = stackalloc T[width], p = stackalloc T[width], g = stackalloc T[width];
        var half = T.CreateChecked(0.5); // a valid probability, logit and residual for every loss
        for (var k = 0; k < width; k++)
        {
            var inside = k < count;
            x[k] = inside ? ops.X[i + k] : half;
            y[k] = inside ? ops.Y[i + k] : half;
            w[k] = inside ? ops.Weight is null ? T.One : ops.Weight[i + k] : T.Zero;
            p[k] = inside && ops.PosWeightRow is not null ? ops.PosWeightRow[(i + k) % ops.Period] : T.One;
        }
        var padded = new Operands<T>(x, y, w, ops.PosWeightRow is null ? null : p, ops.PosWeightRow is null ? 1 : width);
        var value = Vector<T>.Zero;
        for (var k = 0; k < count; k += Vector<T>.Count)
            value += Lane<General>(loss, padded, k, grad is null ? null : g, scale, ref bad);
        if (grad is not null)
            for (var k = 0; k < count; k++) grad[i + k] = g[k];
        return value; // padded lanes have weight 0 and finite values
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: fully optimized from the first call
    static bool MapRange(TLoss loss, Operands<T> ops, long start, long end, T* gradOutput, T* output, T scale, bool derivative)
    {
        var bad = Vector<T>.Zero;
        var scales = new Vector<T>(scale);
        var i = start;
        for (; i + Vector<T>.Count <= end; i += Vector<T>.Count)
            Map(loss, ops, i, gradOutput, output + i, scales, derivative, ref bad);
        if (i < end)
        {
            var width = Vector<T>.Count;
            T* x = stackalloc T[width], y = stackalloc T[width], w = stackalloc T[width], p = stackalloc T[width], g = stackalloc T[width], o = stackalloc T[width];
            var count = (int)(end - i);
            var half = T.CreateChecked(0.5);
            for (var k = 0; k < width; k++)
            {
                var inside = k < count;
                x[k] = inside ? ops.X[i + k] : half;
                y[k] = inside ? ops.Y[i + k] : half;
                w[k] = ops.Weight is not null && inside ? ops.Weight[i + k] : T.One;
                p[k] = inside && ops.PosWeightRow is not null ? ops.PosWeightRow[(i + k) % ops.Period] : T.One;
                g[k] = gradOutput is not null && inside ? gradOutput[i + k] : T.One;
            }
            var padded = new Operands<T>(x, y, ops.Weight is null ? null : w, ops.PosWeightRow is null ? null : p, ops.PosWeightRow is null ? 1 : width);
            Map(loss, padded, 0, gradOutput is null ? null : g, o, scales, derivative, ref bad);
            for (var k = 0; k < count; k++) output[i + k] = o[k];
        }
        return !Vector.EqualsAll(bad, Vector<T>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Map(TLoss loss, Operands<T> ops, long i, T* gradOutput, T* output, Vector<T> scale, bool derivative, ref Vector<T> bad)
    {
        var x = Vector.Load(ops.X + i);
        var y = Vector.Load(ops.Y + i);
        var p = ops.PosWeightRow is null ? Vector<T>.One : Vector.Load(ops.PosWeightRow + i % ops.Period);
        bad |= loss.Rejects(x);
        var v = derivative ? loss.Derivative(x, y, p) * scale : loss.Value(x, y, p);
        if (ops.Weight is not null) v *= Vector.Load(ops.Weight + i);
        if (gradOutput is not null) v *= Vector.Load(gradOutput + i);
        v.Store(output);
    }
}

/// <summary>
/// What a summing pass reads and writes, as a type so that each case compiles to its own loop: <see cref="Plain"/>
/// (input and target only, no gradient: the forward pass of evaluation) has no null checks or extra loads in it.
/// </summary>
internal interface IOperandShape
{
    /// <summary>True when there is no weight, no positive-class weight and no gradient to write.</summary>
    static abstract bool IsPlain { get; }
}

/// <summary>Input and target only, no gradient.</summary>
internal readonly struct Plain : IOperandShape
{
    /// <inheritdoc/>
    public static bool IsPlain => true;
}

/// <summary>Any operands (each checked for null), optionally writing the gradient.</summary>
internal readonly struct General : IOperandShape
{
    /// <inheritdoc/>
    public static bool IsPlain => false;
}
