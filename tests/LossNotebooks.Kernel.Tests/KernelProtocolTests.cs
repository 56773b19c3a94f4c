namespace LossNotebooks.Kernel.Tests;

/// <summary>The kernel through Debian's jupyter_client: each scenario of clients/protocol_checks.py in its own kernel.</summary>
[Collection(nameof(KernelCollection))]
[Trait(TestKinds.Kind, TestKinds.RealClient)]
public class KernelProtocolTests(KernelInstallation kernel)
{
    public static TheoryData<string> Scenarios => new()
    {
        "kernel_info", "kernel_environment", "state_and_results", "streams", "native_streams", "errors", "displays", "polyglot", "stdin",
        "restart_and_shutdown", "bad_signature", "iopub_welcome", "malformed", "heartbeat_during_long_cell", "language_services",
        "interrupts", "stop_on_error", "sigint_inherited_as_ignored", "packages", "torchsharp_package", "local_project",
        "formatting_extension", "dotnet_interactive_extension", "nuget_configuration", "package_source_and_stuck_native",
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario(string name)
    {
        var (exit, output) = kernel.RunPython(new[] { KernelInstallation.Client("protocol_checks.py"), name }, TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, $"{name} failed (exit {exit}):\n{output}\n--- kernel log (tail) ---\n{Tail(kernel.LogFile)}");
        Assert.Contains($"{name}: ok", output);
    }

    static string Tail(string file) => File.Exists(file) ? string.Join("\n", File.ReadLines(file).TakeLast(30)) : "(no log)";
}
