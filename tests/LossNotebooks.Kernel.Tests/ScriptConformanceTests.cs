namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// The script-semantics conformance suite (<c>conformance/script-semantics.json</c>) through the installed kernelspec,
/// driven by Debian's jupyter_client as a front end drives it.
/// </summary>
[Collection(nameof(KernelCollection))]
[Trait(TestKinds.Kind, TestKinds.RealClient)]
public class ScriptConformanceTests(KernelInstallation kernel)
{
    [Fact]
    public void Every_case_passes_through_the_installed_kernelspec()
    {
        var cases = Path.Combine(AppContext.BaseDirectory, "conformance", "script-semantics.json");
        var (exit, output) = kernel.RunPython(new[] { KernelInstallation.Client("script_conformance.py"), cases, "csharp" }, TimeSpan.FromMinutes(8));
        Assert.True(exit == 0, output);
        Assert.Contains("cases passed", output);
    }
}
