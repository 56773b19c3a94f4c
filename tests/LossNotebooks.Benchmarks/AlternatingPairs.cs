using System.Diagnostics;

namespace LossNotebooks.Benchmarks;

/// <summary>
/// Times two calls alternating call by call in one process, so that both see the same state of the machine (on a VM
/// whose memory bandwidth drifts, separately timed runs of the two can differ by more than what is measured).
/// </summary>
public static class AlternatingPairs
{
    /// <summary>The medians of each call's times and of the per-pair differences and ratios (first over second).</summary>
    public readonly record struct Medians(double First, double Second, double Difference, double Ratio);

    /// <summary>Runs <paramref name="warmUp"/> pairs, then times <paramref name="pairs"/> pairs (microseconds).</summary>
    public static Medians Measure(Action first, Action second, int pairs, int warmUp)
    {
        for (var i = 0; i < warmUp; i++) { first(); second(); }
        var (a, b, difference, ratio) = (new double[pairs], new double[pairs], new double[pairs], new double[pairs]);
        var clock = new Stopwatch();
        for (var i = 0; i < pairs; i++)
        {
            clock.Restart();
            first();
            a[i] = clock.Elapsed.TotalMicroseconds;
            clock.Restart();
            second();
            b[i] = clock.Elapsed.TotalMicroseconds;
            (difference[i], ratio[i]) = (a[i] - b[i], a[i] / b[i]);
        }
        return new Medians(Median(a), Median(b), Median(difference), Median(ratio));
    }

    static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
