namespace LossNotebooks.Analysis.Streaming;

/// <summary>
/// A sum with Neumaier's compensation: the rounding error of every addition is kept in <see cref="Compensation"/>, so
/// sums of many chunks (or of partitions merged later) agree with one exact summation to about one rounding.
/// </summary>
/// <param name="Sum">The running sum.</param>
/// <param name="Compensation">The accumulated rounding error, to add at the end.</param>
public readonly record struct CompensatedSum(double Sum, double Compensation)
{
    /// <summary>The sum with its compensation.</summary>
    public double Value => Sum + Compensation;

    /// <summary>Adds a value.</summary>
    public CompensatedSum Add(double value)
    {
        var sum = Sum + value;
        var error = Math.Abs(Sum) >= Math.Abs(value) ? Sum - sum + value : value - sum + Sum;
        return new CompensatedSum(sum, Compensation + error);
    }

    /// <summary>Adds another compensated sum (a partition's).</summary>
    public CompensatedSum Add(CompensatedSum other) => Add(other.Sum).Add(other.Compensation);
}
