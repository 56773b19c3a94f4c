using System.Numerics;
using System.Runtime.CompilerServices;

namespace LossNotebooks.Losses.Fused;

/// <summary>
/// Transcendental functions over <see cref="Vector{T}"/> lanes: float32 by <see cref="SingleMath"/>, float64 by the
/// runtime's vectorized <see cref="Vector.Exp(Vector{double})"/> and <see cref="Vector.Log(Vector{double})"/>; and the
/// numerically stable compositions the losses need.
/// </summary>
internal static class VectorMath
{
    /// <summary>a·b + c per lane, rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> MultiplyAdd<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>()
            : Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();

    /// <summary>eˣ per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Exp<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? SingleMath.Exp(x.As<T, float>()).As<float, T>() : Vector.Exp(x.As<T, double>()).As<double, T>();

    /// <summary>ln x per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Log<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? SingleMath.Log(x.As<T, float>()).As<float, T>() : Vector.Log(x.As<T, double>()).As<double, T>();

    /// <summary>
    /// ln(1 + z) for z ≥ −1, accurate for small z: with u = 1 + z rounded, ln u − ((u − 1) − z)/u corrects the
    /// rounding of u (Goldberg's log1p); ln(1 + (−1)) = −∞.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Log1p<T>(Vector<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var u = Vector<T>.One + z;
        var corrected = Log(u) - (u - Vector<T>.One - z) / u;
        return Vector.ConditionalSelect(Vector.Equals(u, Vector<T>.Zero), new Vector<T>(T.NegativeInfinity), corrected);
    }

    /// <summary>
    /// eᶻ − 1, accurate for small z: with u = eᶻ rounded, (u − 1)·z/ln u cancels the rounding of u (Kahan's expm1);
    /// −1 where u underflows, ∞ where it overflows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> ExpM1<T>(Vector<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var u = Exp(z);
        var corrected = (u - Vector<T>.One) * z / Log(u);
        var result = Vector.ConditionalSelect(Vector.Equals(u, Vector<T>.One), z, corrected);
        result = Vector.ConditionalSelect(Vector.Equals(u, Vector<T>.Zero), -Vector<T>.One, result);
        return Vector.ConditionalSelect(Vector.Equals(u, new Vector<T>(T.PositiveInfinity)), u, result);
    }

    /// <summary>ln(1 + z) for z ∈ [0, 1] (float32: a polynomial, no division and no logarithm).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Log1pOfUnitInterval<T>(Vector<T> z) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? SingleMath.Log1pOfUnitInterval(z.As<T, float>()).As<float, T>() : Log1p(z);

    /// <summary>eˣ for x ≤ 0 (float32: without the overflow check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> ExpOfNonPositive<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? SingleMath.ExpOfNonPositive(x.As<T, float>()).As<float, T>() : Exp(x);

    /// <summary>softplus(z) = ln(1 + eᶻ) = max(z, 0) + ln(1 + e^−|z|), without overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Softplus<T>(Vector<T> z) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.Max(z, Vector<T>.Zero) + SoftplusOfMinusMagnitude(z);

    /// <summary>ln(1 + e^−|z|) = softplus(−|z|), the part of softplus(±z) the two signs share.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> SoftplusOfMinusMagnitude<T>(Vector<T> z) where T : unmanaged, IFloatingPointIeee754<T> =>
        Log1pOfUnitInterval(ExpOfNonPositive(-Vector.Abs(z)));

    /// <summary>
    /// softplus(z), σ(z) and σ(−z) from one exponential and one division: with e = e^−|z| and i = 1/(1 + e),
    /// softplus(z) = max(z, 0) + ln(1 + e), σ(z) = i or e·i (z ≥ 0 or not), and σ(−z) the other one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> SoftplusAndSigmoids<T>(Vector<T> z, out Vector<T> sigmoid, out Vector<T> sigmoidOfMinus)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var e = ExpOfNonPositive(-Vector.Abs(z));
        var inverse = Vector<T>.One / (Vector<T>.One + e);
        var nonNegative = Vector.GreaterThanOrEqual(z, Vector<T>.Zero);
        sigmoid = Vector.ConditionalSelect(nonNegative, inverse, e * inverse);
        sigmoidOfMinus = Vector.ConditionalSelect(nonNegative, e * inverse, inverse);
        return Vector.Max(z, Vector<T>.Zero) + Log1pOfUnitInterval(e); // as Softplus computes it
    }

    /// <summary>σ(z) = 1/(1 + e^−z), from e^−|z| so that neither branch overflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Sigmoid<T>(Vector<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var e = ExpOfNonPositive(-Vector.Abs(z));
        var inverse = Vector<T>.One / (Vector<T>.One + e);
        return Vector.ConditionalSelect(Vector.GreaterThanOrEqual(z, Vector<T>.Zero), inverse, e * inverse);
    }

    /// <summary>sign(z) ∈ {−1, 0, 1}, NaN for NaN (as libtorch's sign).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Sign<T>(Vector<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var one = Vector<T>.One;
        var sign = Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<T>.Zero), one, Vector<T>.Zero)
                   - Vector.ConditionalSelect(Vector.LessThan(z, Vector<T>.Zero), one, Vector<T>.Zero);
        return Vector.ConditionalSelect(Vector.Equals(z, z), sign, z);
    }
}
