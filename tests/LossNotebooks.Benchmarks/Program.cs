using BenchmarkDotNet.Running;

namespace LossNotebooks.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release --project tests/LossNotebooks.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    /// <summary>Entry point handing the arguments to BenchmarkDotNet's switcher.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
