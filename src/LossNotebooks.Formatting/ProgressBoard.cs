using LossNotebooks.Analysis.Data;

namespace LossNotebooks.Formatting;

/// <summary>
/// The progress of a long comparison or training study in a notebook: give it as the options' <c>Progress</c> and
/// display it; with a display handle it updates live, as training histories do:
/// <c>var board = new ProgressBoard(); var view = display(board); board.Changed += b => view.Update(b);</c>.
/// One bar per stage (reading in MB, losses in rows, training in fits).
/// </summary>
public sealed class ProgressBoard : IProgress<AnalysisProgress>
{
    readonly Dictionary<string, AnalysisProgress> stages = new();
    readonly TimeSpan interval;
    DateTime lastChange = DateTime.MinValue;

    /// <summary>A board that raises <see cref="Changed"/> at most once per <paramref name="interval"/> (default 0.25 s) and when a stage completes.</summary>
    public ProgressBoard(TimeSpan? interval = null) => this.interval = interval ?? TimeSpan.FromSeconds(0.25);

    /// <summary>Raised when the board changed enough to redraw (a display handle's update goes here).</summary>
    public event Action<ProgressBoard>? Changed;

    /// <summary>The latest report of each stage, in the order the stages began.</summary>
    public IReadOnlyList<AnalysisProgress> Stages
    {
        get { lock (stages) return stages.Values.ToList(); }
    }

    /// <inheritdoc />
    public void Report(AnalysisProgress value)
    {
        bool redraw;
        lock (stages)
        {
            var isNew = !stages.ContainsKey(value.Stage);
            stages[value.Stage] = value;
            var now = DateTime.UtcNow;
            redraw = isNew || value.Done >= value.Total || now - lastChange >= interval;
            if (redraw) lastChange = now;
        }
        if (redraw) Changed?.Invoke(this);
    }

    /// <summary>The stages as HTML progress bars with their counts.</summary>
    public string ToHtml() => Stages.Count == 0 ? "<i>not started</i>" : "<table>" + string.Concat(Stages.Select(s =>
        $"<tr><td>{Html.Escape(s.Stage)}</td><td><progress value=\"{s.Done}\" max=\"{Math.Max(1, s.Total)}\"></progress></td><td>{Html.Escape(s.Amount())}</td></tr>")) + "</table>";

    /// <inheritdoc />
    public override string ToString() => Stages.Count == 0 ? "not started" : string.Join("; ", Stages.Select(s => $"{s.Stage}: {s.Amount()}"));
}
