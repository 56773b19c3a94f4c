using BenchmarkDotNet.Running;

namespace LossNotebooks.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project tests/LossNotebooks.Benchmarks -- --filter '*'</c>, or
/// <c>-- dispatch</c> for the entry points' dispatch overhead (<see cref="DispatchOverhead"/>), or <c>-- copy-ratio</c>
/// for the forward pass over copying the inputs, alternating (<see cref="CopyRatio"/>), or <c>-- training-step</c> for
/// whole training steps (<see cref="TrainingStep"/>), or <c>-- catalog</c> for what reading the catalog from its
/// declarations costs (<see cref="CatalogStartup"/>).
/// </summary>
public static class Program
{
    /// <summary>Entry point: one of the alternating measurements, or BenchmarkDotNet's switcher with the arguments.</summary>
    public static void Main(string[] args)
    {
        if (args is ["dispatch"]) DispatchOverhead.Run();
        else if (args is ["copy-ratio"]) CopyRatio.Run();
        else if (args is ["training-step"]) TrainingStep.Run();
        else if (args is ["catalog"]) CatalogStartup.Run();
        else BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
