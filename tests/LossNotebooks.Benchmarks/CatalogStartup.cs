using System.Diagnostics;
using LossNotebooks.Losses;

namespace LossNotebooks.Benchmarks;

/// <summary>
/// What reading the catalog from its declarations costs (reflection over the <see cref="Functional"/> methods marked
/// <see cref="LossAttribute"/>): the first <see cref="LossCatalog.All"/> of a process, then a spec parsed and computed.
/// Run in a fresh process: <c>dotnet run -c Release --project tests/LossNotebooks.Benchmarks -- catalog</c>.
/// </summary>
public static class CatalogStartup
{
    /// <summary>Prints the times.</summary>
    public static void Run()
    {
        var watch = Stopwatch.StartNew();
        var count = LossCatalog.All.Count;
        var first = watch.Elapsed;
        watch.Restart();
        using var x = TorchSharp.torch.randn(1000);
        using var y = TorchSharp.torch.zeros(1000);
        using var loss = LossCatalog.Parse("tukey(c=3)").Compute(x, y);
        var firstCompute = watch.Elapsed;
        watch.Restart();
        const int calls = 10_000;
        for (var i = 0; i < calls; i++) LossCatalog.Parse("tukey(c=3)").Compute(x, y).Dispose();
        var perCall = watch.Elapsed / calls;
        watch.Restart();
        for (var i = 0; i < calls; i++) Functional.TukeyBiweightLoss(x, y, 3).Dispose();
        var direct = watch.Elapsed / calls;
        Console.WriteLine($"catalog of {count} losses read from their declarations: {first.TotalMilliseconds:F1} ms (first use in the process)");
        Console.WriteLine($"first spec computed (TorchSharp loading included): {firstCompute.TotalMilliseconds:F1} ms");
        Console.WriteLine($"spec parsed and computed through the declaration, 1e3 elements: {perCall.TotalMicroseconds:F1} µs per call; " +
                          $"the method called directly: {direct.TotalMicroseconds:F1} µs");
    }
}
