using BenchmarkDotNet.Running;

namespace LossNotebooks.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project tests/LossNotebooks.Benchmarks -- --filter '*'</c>, or
/// <c>-- dispatch</c> for the entry points' dispatch overhead (<see cref="DispatchOverhead"/>).
/// </summary>
public static class Program
{
    /// <summary>Entry point: the dispatch measurement, or BenchmarkDotNet's switcher with the arguments.</summary>
    public static void Main(string[] args)
    {
        if (args is ["dispatch"]) DispatchOverhead.Run();
        else BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
