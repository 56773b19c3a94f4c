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

    /// <summary>A notebook's line: ok with its cells and time, cached, or FAILED with the error.</summary>
    public static (string Line, bool Failed) Describe(NotebookFinished finished) => finished switch
    {
        { Run.Succeeded: false } => ($"FAILED {finished.Run.Error}", true),
        { Cached: true } => ($"cached {finished.Notebook}", false),
        _ => ($"ok     {finished.Notebook} ({finished.Run.Cells} cells, {finished.Run.Duration.TotalSeconds:F1} s)" +
              (finished.Run.Output is { } output ? $" -> {output}" : ""), false),
    };
}
