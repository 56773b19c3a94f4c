namespace LossNotebooks.Formatting;

/// <summary>
/// Loss and metrics per epoch, appended by a training loop and displayed as training curves. With a display
/// handle (<c>var h = display(history); … h.Update(history);</c>) the curves update live while training runs.
/// </summary>
public sealed class TrainingHistory
{
    readonly Dictionary<string, List<double>> series = new();

    /// <summary>The recorded series by name, in insertion order of their first value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Series => series.ToDictionary(s => s.Key, s => (IReadOnlyList<double>)s.Value);

    /// <summary>Number of epochs recorded (the longest series).</summary>
    public int Epochs => series.Count == 0 ? 0 : series.Values.Max(s => s.Count);

    /// <summary>Records one epoch's values, e.g. <c>history.Add(("train", 0.4), ("test", 0.5))</c>.</summary>
    public TrainingHistory Add(params (string Name, double Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            if (!series.TryGetValue(name, out var list)) series[name] = list = new List<double>();
            list.Add(value);
        }
        return this;
    }

    /// <summary>The last value of a series.</summary>
    public double Last(string name) => series.TryGetValue(name, out var list) && list.Count > 0
        ? list[^1] : throw new KeyNotFoundException($"no series '{name}' in this history (have: {string.Join(", ", series.Keys)})");

    /// <inheritdoc />
    public override string ToString() => Epochs == 0 ? "TrainingHistory (empty)"
        : $"TrainingHistory: {Epochs} epochs; last " + string.Join(", ", series.Select(s => $"{s.Key} = {s.Value[^1]:G4}"));
}
