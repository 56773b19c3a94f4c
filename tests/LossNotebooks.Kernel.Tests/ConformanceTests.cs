namespace LossNotebooks.Kernel.Tests;

/// <summary>The standard conformance suite, jupyter_kernel_test 0.4.5 from Debian, against the installed kernel, for its C# and its F# kernelspec.</summary>
[Collection(nameof(KernelCollection))]
[Trait(TestKinds.Kind, TestKinds.RealClient)]
public class ConformanceTests(KernelInstallation kernel)
{
    [Fact]
    public void PassesEveryTestOfTheSuite()
    {
        var (exit, output) = kernel.RunPython(new[] { "-m", "unittest", "-v", "conformance" }, TimeSpan.FromSeconds(300),
            workingDirectory: Path.GetDirectoryName(KernelInstallation.Client("conformance.py")));
        Assert.True(exit == 0, $"conformance suite failed (exit {exit}):\n{output}");
        Assert.DoesNotContain("skipped", output);
        Assert.Matches(@"Ran [2-4][0-9] tests", output);
        Assert.Contains("(conformance.CSharpKernelTests.", output);
        Assert.Contains("(conformance.FSharpKernelTests.", output);
        Assert.Contains("OK", output);
    }
}
