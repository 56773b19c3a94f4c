using LossNotebooks.Analysis.Data;
using LossNotebooks.Notebooks;
using Spectre.Console;

namespace LossNotebooks.Cli;

/// <summary>
/// Progress of long commands: a live status line on a terminal (Spectre.Console), one plain line per item when the
/// output is redirected (CI logs); failures go to standard error.
/// </summary>
public static class ConsoleProgress
{
    /// <summary>Runs <paramref name="work"/>, which reports one line per finished item.</summary>
    public static T Run<T>(string title, Func<Action<string>, T> work) => Run(title, work, line => (line, false));

    /// <summary>Runs <paramref name="work"/>, which reports events that <paramref name="describe"/> turns into a line and whether it is a failure.</summary>
    public static T Run<TEvent, T>(string title, Func<Action<TEvent>, T> work, Func<TEvent, (string Line, bool Failed)> describe)
    {
        var gate = new object();
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return work(e =>
            {
                var (line, failed) = describe(e);
                lock (gate) (failed ? Console.Error : Console.Out).WriteLine(line);
            });
        return AnsiConsole.Status().Start(title, context => work(e =>
        {
            var (line, _) = describe(e);
            lock (gate)
            {
                AnsiConsole.WriteLine(line);
                context.Status($"{title}: {line.Trim()}");
            }
        }));
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress bar per stage it reports (reading in kB, MB or GB, losses in rows, training in
    /// fits) on a terminal; with the output redirected, quietly.
    /// </summary>
    public static T Track<T>(Func<IProgress<AnalysisProgress>?, T> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive) return work(null);
        return AnsiConsole.Progress().AutoClear(true).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                return work(new Progress(e =>
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(e.Stage, out var task)) tasks[e.Stage] = task = context.AddTask(e.Stage);
                        task.MaxValue = Math.Max(1, e.Total);
                        task.Value = e.Done;
                        task.Description = $"{e.Stage} {e.Amount()}";
                    }
                }));
            });
    }

    /// <summary>Reports synchronously, on the worker's thread (System.Progress would post to the thread pool, out of order).</summary>
    sealed class Progress(Action<AnalysisProgress> report) : IProgress<AnalysisProgress>
    {
        public void Report(AnalysisProgress value) => report(value);
    }

    /// <summary>A notebook's line: ok with its cells and time, cached, or FAILED with the error.</summary>
    public static (string Line, bool Failed) Describe(NotebookFinished finished) => finished switch
    {
        { Run.Succeeded: false } => ($"FAILED {finished.Run.Error}", true),
        { Cached: true } => ($"cached {finished.Notebook}", false),
        _ => ($"ok     {finished.Notebook} ({finished.Run.Cells} cells, {finished.Run.Duration.TotalSeconds:F1} s)" +
              (finished.Run.Output is { } output ? $" -> {output}" : ""), false),
    };
}
