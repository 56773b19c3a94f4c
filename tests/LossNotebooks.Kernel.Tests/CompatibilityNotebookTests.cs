namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// Notebooks written the way .NET Interactive's C# notebooks were (its display helpers, Formatter, PocketView, magics,
/// models declared as private classes), executed by Debian's nbclient through the installed Polyglot kernelspec name.
/// </summary>
[Collection(nameof(KernelCollection))]
[Trait(TestKinds.Kind, TestKinds.RealClient)]
public class CompatibilityNotebookTests(KernelInstallation kernel)
{
    public static TheoryData<string> Notebooks => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "compatibility"), "*.ipynb")
        .Select(Path.GetFileName).OfType<string>().Order());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_cell_runs(string notebook)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "compatibility", notebook);
        var (exit, output) = kernel.RunPython(new[] { KernelInstallation.Client("run_notebooks.py"), ".net-csharp", path }, TimeSpan.FromMinutes(4));
        Assert.True(exit == 0, output);
        Assert.Matches(@"(\d+)/\1 cells ran", output);
    }
}
