using System.Numerics;
using LossNotebooks.Losses.Fused;

namespace LossNotebooks.Losses.Tests;

/// <summary>The float32 exp and logs of the fused kernels, against float64 references, over their whole range.</summary>
public class SingleMathTests
{
    /// <summary>Distance in units in the last place between a float result and the float64 truth.</summary>
    static double Ulps(float actual, double truth)
    {
        var rounded = (float)truth;
        if (actual == rounded) return 0;
        var ulp = MathF.BitIncrement(MathF.Abs(rounded)) - MathF.Abs(rounded);
        return Math.Abs(actual - truth) / ulp;
    }

    /// <summary>Every <paramref name="step"/>-th float bit pattern between two floats of the same sign (inclusive).</summary>
    static IEnumerable<float> Sweep(float from, float to, int step)
    {
        var (a, b) = (BitConverter.SingleToInt32Bits(from), BitConverter.SingleToInt32Bits(to));
        for (long bits = Math.Min(a, b); bits <= Math.Max(a, b); bits += step) yield return BitConverter.Int32BitsToSingle((int)bits);
    }

    static float[] Apply(Func<Vector<float>, Vector<float>> f, float[] x)
    {
        var padded = new float[(x.Length + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count];
        x.CopyTo(padded, 0);
        var result = new float[padded.Length];
        for (var i = 0; i < padded.Length; i += Vector<float>.Count)
            f(new Vector<float>(padded, i)).CopyTo(result, i);
        return result[..x.Length];
    }

    /// <summary>Asserts that f is within <paramref name="maxUlps"/> of the truth at every x, naming the worst x.</summary>
    static void AssertWithinUlps(Func<Vector<float>, Vector<float>> f, Func<double, double> truth, float[] x, double maxUlps)
    {
        var y = Apply(f, x);
        var (worst, at) = x.Select((v, i) => (Ulps(y[i], truth(v)), i)).MaxBy(p => p.Item1);
        Assert.True(worst <= maxUlps, $"{worst:G4} ulps at x = {x[at]:R}: {y[at]:R}, truth {truth(x[at]):R}");
    }

    [Fact]
    public void ExpIsWithinTwoUlpsFromUnderflowToOverflow()
    {
        var x = Sweep(-103.9f, -1e-30f, 97).Concat(Sweep(1e-30f, 88.72f, 97)).Append(0f).ToArray();
        Assert.True(x.Length > 10_000_000);
        AssertWithinUlps(SingleMath.Exp, Math.Exp, x, 2);
        AssertWithinUlps(SingleMath.ExpOfNonPositive, Math.Exp, x.Where(v => v is <= 0 and >= -87.33f).ToArray(), 2);
    }

    [Fact]
    public void ExpOverflowsToInfinityUnderflowsToZeroAndKeepsNaN()
    {
        var y = Apply(SingleMath.Exp, [89f, 1e30f, float.PositiveInfinity, -105f, -1e30f, float.NegativeInfinity, float.NaN, 88.72f, -88f]);
        Assert.Equal([float.PositiveInfinity, float.PositiveInfinity, float.PositiveInfinity, 0f, 0f, 0f], y[..6]);
        Assert.True(float.IsNaN(y[6]));
        Assert.True(float.IsFinite(y[7]) && y[7] > 3.3e38f);
        Assert.Equal((float)Math.Exp(-88), y[8]); // subnormal
    }

    [Fact]
    public void ExpOfNonPositiveFlushesSubnormalResultsAndKeepsNaN()
    {
        var y = Apply(SingleMath.ExpOfNonPositive, [-88f, float.NegativeInfinity, float.NaN, 0f, -87.33f]);
        Assert.Equal([0f, 0f], y[..2]);
        Assert.True(float.IsNaN(y[2]));
        Assert.Equal(1f, y[3]);
        Assert.True(y[4] >= 1.17549435e-38f);
    }

    [Fact]
    public void LogIsWithinTwoUlpsOverAllPositiveFloatsIncludingSubnormals()
    {
        var x = Sweep(float.Epsilon, float.MaxValue, 211).Append(1f).Append(float.MaxValue).ToArray();
        Assert.True(x.Length > 10_000_000);
        AssertWithinUlps(SingleMath.Log, Math.Log, x, 2);
        Assert.Equal(0f, Apply(SingleMath.Log, [1f])[0]);
    }

    [Fact]
    public void LogOfZeroInfinityNegativesAndNaNFollowIeee()
    {
        var y = Apply(SingleMath.Log, [0f, -0f, float.PositiveInfinity, -1f, float.NegativeInfinity, float.NaN]);
        Assert.Equal([float.NegativeInfinity, float.NegativeInfinity, float.PositiveInfinity], y[..3]);
        Assert.All(y[3..], v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Log1pOnTheUnitIntervalIsWithinTwoUlpsDownToTheSmallestFloats()
    {
        var x = Sweep(float.Epsilon, 1f, 53).Append(1f).Append(0f).ToArray();
        static double Log1p(double v) => v < 1e-4 ? v - v * v / 2 + v * v * v / 3 : Math.Log(1 + v); // 1 + v loses tiny v
        AssertWithinUlps(SingleMath.Log1pOfUnitInterval, Log1p, x, 2);
    }
}
