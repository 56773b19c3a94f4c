namespace LossNotebooks.Kernel.Tests;

/// <summary>The debugger through Debian's jupyter_client: each scenario of clients/debugger_checks.py in its own kernel.</summary>
[Collection(nameof(KernelCollection))]
[Trait(TestKinds.Kind, TestKinds.RealClient)]
public class KernelDebuggerTests(KernelInstallation kernel)
{
    public static TheoryData<string> Scenarios => new()
    {
        "protocol", "breakpoint_in_method", "leading_blank_lines", "stepping", "conditional_breakpoint", "pause_and_disconnect",
        "exception_stop", "copy_to_globals", "rich_inspection", "responsive_while_stopped", "jupyterlab_sequence", "fsharp_values",
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario(string name) => Run(name);

    /// <summary>JupyterLab's own cell hash (lib/hash.js of @jupyterlab/debugger, fetched by the build with npm pack) agrees with dumpCell.</summary>
    [Fact]
    public void CellPathsAreJupyterLabs() => Run("cell_hash", Path.Combine(AppContext.BaseDirectory, "jupyterlab", "hash.mjs"));

    void Run(string name, params string[] extra)
    {
        var (exit, output) = kernel.RunPython(new[] { KernelInstallation.Client("debugger_checks.py"), name }.Concat(extra), TimeSpan.FromSeconds(240));
        Assert.True(exit == 0, $"{name} failed (exit {exit}):\n{output}\n--- kernel log (tail) ---\n{Tail(kernel.LogFile)}");
        Assert.Contains($"{name}: ok", output);
    }

    static string Tail(string file) => File.Exists(file) ? string.Join("\n", File.ReadLines(file).TakeLast(30)) : "(no log)";
}
