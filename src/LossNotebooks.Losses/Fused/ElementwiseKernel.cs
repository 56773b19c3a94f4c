using System.Numerics;

namespace LossNotebooks.Losses.Fused;

/// <summary>The elementwise losses with a fused kernel; each is a function of the residual r = x − y.</summary>
public enum FusedLoss
{
    /// <summary>ℓ = r², ℓ′ = 2r.</summary>
    Mse,
    /// <summary>ℓ = |r|, ℓ′ = sign r.</summary>
    L1,
    /// <summary>ℓ = ½r² if |r| &lt; δ else δ(|r| − ½δ); ℓ′ = clamp(r, −δ, δ).</summary>
    Huber,
    /// <summary>ℓ = ½r²/β if |r| &lt; β else |r| − ½β; ℓ′ = clamp(r/β, −1, 1) (β = 0: |r|, with libtorch's ℓ′(0) = −1).</summary>
    SmoothL1,
}

/// <summary>
/// One vectorized pass over the residuals (<see cref="Vector{T}"/>, chunked across cores): the sum of ℓ(r), the
/// elementwise ℓ(r), or the gradient g·ℓ′(r). Sums accumulate in <see cref="Vector{T}"/> lanes over blocks of 4,096
/// elements and across blocks in float64, so float32 inputs lose no more than libtorch's own reduction.
/// </summary>
internal static unsafe class ElementwiseKernel
{
    const int Block = 4096;
    const int MinParallelChunk = 1 << 16;

    /// <summary>Σ ℓ(xᵢ − yᵢ) over n elements.</summary>
    public static double Sum<T>(T* x, T* y, long n, FusedLoss loss, double parameter) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = T.CreateChecked(parameter);
        var (chunks, size) = Chunks(n);
        if (chunks == 1) return SumRange(x, y, 0, n, loss, p);
        var partials = new double[chunks];
        nint xs = (nint)x, ys = (nint)y;
        Parallel.For(0, chunks, c => partials[c] = SumRange((T*)xs, (T*)ys, c * size, Math.Min(n, (c + 1) * size), loss, p));
        var total = 0.0;
        foreach (var partial in partials) total += partial; // in chunk order: the same result on every run
        return total;
    }

    /// <summary>outᵢ = ℓ(xᵢ − yᵢ).</summary>
    public static void Elementwise<T>(T* x, T* y, T* output, long n, FusedLoss loss, double parameter) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = T.CreateChecked(parameter);
        nint xs = (nint)x, ys = (nint)y, os = (nint)output;
        ForChunks(n, (start, end) => MapRange((T*)xs, (T*)ys, null, (T*)os, start, end, loss, p, T.One, derivative: false));
    }

    /// <summary>gradᵢ = scale · gᵢ · ℓ′(xᵢ − yᵢ), with gᵢ = 1 when <paramref name="gradOutput"/> is null (reduced losses).</summary>
    public static void Gradient<T>(T* x, T* y, T* gradOutput, T* grad, long n, FusedLoss loss, double parameter, double scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = T.CreateChecked(parameter);
        var s = T.CreateChecked(scale);
        nint xs = (nint)x, ys = (nint)y, gs = (nint)gradOutput, os = (nint)grad;
        ForChunks(n, (start, end) => MapRange((T*)xs, (T*)ys, (T*)gs, (T*)os, start, end, loss, p, s, derivative: true));
    }

    static (int Chunks, long Size) Chunks(long n)
    {
        if (n < 2 * MinParallelChunk) return (1, n);
        var size = Math.Max(MinParallelChunk, (n + Environment.ProcessorCount * 4 - 1) / (Environment.ProcessorCount * 4));
        size = (size + Block - 1) / Block * Block;
        return ((int)((n + size - 1) / size), size);
    }

    static void ForChunks(long n, Action<long, long> body)
    {
        var (chunks, size) = Chunks(n);
        if (chunks == 1) { body(0, n); return; }
        Parallel.For(0, chunks, c => body(c * size, Math.Min(n, (c + 1) * size)));
    }

    static double SumRange<T>(T* x, T* y, long start, long end, FusedLoss loss, T p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var total = 0.0;
        var width = Vector<T>.Count;
        var i = start;
        while (i < end)
        {
            var blockEnd = Math.Min(end, i + Block);
            var lanes = Vector<T>.Zero;
            for (; i + width <= blockEnd; i += width)
                lanes += Value(Vector.Load(x + i) - Vector.Load(y + i), loss, p);
            var tail = T.Zero;
            for (; i < blockEnd; i++) tail += Value(x[i] - y[i], loss, p);
            total += double.CreateChecked(Vector.Sum(lanes) + tail);
        }
        return total;
    }

    static void MapRange<T>(T* x, T* y, T* g, T* output, long start, long end, FusedLoss loss, T p, T scale, bool derivative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = Vector<T>.Count;
        var s = new Vector<T>(scale);
        var i = start;
        for (; i + width <= end; i += width)
        {
            var r = Vector.Load(x + i) - Vector.Load(y + i);
            var v = derivative ? Derivative(r, loss, p) * s : Value(r, loss, p);
            if (g is not null) v *= Vector.Load(g + i);
            v.Store(output + i);
        }
        for (; i < end; i++)
        {
            var r = x[i] - y[i];
            var v = derivative ? Derivative(r, loss, p) * scale : Value(r, loss, p);
            output[i] = g is null ? v : v * g[i];
        }
    }

    static Vector<T> Value<T>(Vector<T> r, FusedLoss loss, T p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var half = new Vector<T>(T.CreateChecked(0.5));
        switch (loss)
        {
            case FusedLoss.Mse:
                return r * r;
            case FusedLoss.L1:
                return Vector.Abs(r);
            case FusedLoss.Huber:
            {
                var a = Vector.Abs(r);
                var delta = new Vector<T>(p);
                return Vector.ConditionalSelect(Vector.LessThan(a, delta), half * r * r, delta * (a - half * delta));
            }
            default:
            {
                var a = Vector.Abs(r);
                if (p == T.Zero) return a;
                var beta = new Vector<T>(p);
                return Vector.ConditionalSelect(Vector.LessThan(a, beta), half * r * r / beta, a - half * beta);
            }
        }
    }

    static T Value<T>(T r, FusedLoss loss, T p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var half = T.CreateChecked(0.5);
        var a = T.Abs(r);
        return loss switch
        {
            FusedLoss.Mse => r * r,
            FusedLoss.L1 => a,
            FusedLoss.Huber => a < p ? half * r * r : p * (a - half * p),
            _ => p == T.Zero ? a : a < p ? half * r * r / p : a - half * p,
        };
    }

    static Vector<T> Derivative<T>(Vector<T> r, FusedLoss loss, T p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (loss)
        {
            case FusedLoss.Mse:
                return r + r;
            case FusedLoss.Huber:
                return Vector.Min(Vector.Max(r, new Vector<T>(-p)), new Vector<T>(p));
            case FusedLoss.SmoothL1 when p != T.Zero:
                return Vector.Min(Vector.Max(r / new Vector<T>(p), new Vector<T>(-T.One)), new Vector<T>(T.One));
            case FusedLoss.SmoothL1:
            {
                // β = 0: libtorch's backward takes −1 for r ≤ 0 (r = 0 included) and +1 above; NaN stays NaN
                var one = new Vector<T>(T.One);
                var sign = Vector.ConditionalSelect(Vector.LessThanOrEqual(r, Vector<T>.Zero), -one, one);
                return Vector.ConditionalSelect(Vector.Equals(r, r), sign, r);
            }
            default:
            {
                var one = new Vector<T>(T.One);
                var sign = Vector.ConditionalSelect(Vector.GreaterThan(r, Vector<T>.Zero), one, Vector<T>.Zero)
                           - Vector.ConditionalSelect(Vector.LessThan(r, Vector<T>.Zero), one, Vector<T>.Zero);
                // sign(NaN) is NaN, as in libtorch
                return Vector.ConditionalSelect(Vector.Equals(r, r), sign, r);
            }
        }
    }

    static T Derivative<T>(T r, FusedLoss loss, T p) where T : unmanaged, IFloatingPointIeee754<T> => loss switch
    {
        FusedLoss.Mse => r + r,
        FusedLoss.Huber => T.Clamp(r, -p, p),
        FusedLoss.SmoothL1 when p != T.Zero => T.Clamp(r / p, -T.One, T.One),
        FusedLoss.SmoothL1 => T.IsNaN(r) ? r : r <= T.Zero ? -T.One : T.One,
        _ => T.IsNaN(r) ? r : r > T.Zero ? T.One : r < T.Zero ? -T.One : T.Zero,
    };
}
