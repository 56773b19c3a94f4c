using Spectre.Console;

namespace LossNotebooks.Cli;

/// <summary>
/// Progress of long commands: a live status line on a terminal (Spectre.Console), one plain line per item when the
/// output is redirected (CI logs).
/// </summary>
public static class ConsoleProgress
{
    /// <summary>Runs <paramref name="work"/>, which reports one line per finished item.</summary>
    public static T Run<T>(string title, Func<Action<string>, T> work)
    {
        var gate = new object();
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return work(line => { lock (gate) (line.StartsWith("FAILED", StringComparison.Ordinal) ? Console.Error : Console.Out).WriteLine(line); });
        return AnsiConsole.Status().Start(title, context => work(line =>
        {
            lock (gate)
            {
                AnsiConsole.WriteLine(line);
                context.Status($"{title}: {line.Trim()}");
            }
        }));
    }
}
