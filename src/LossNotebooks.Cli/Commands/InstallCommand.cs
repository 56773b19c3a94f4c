using System.CommandLine;
using LossNotebooks.Kernel.Install;
using LossNotebooks.Losses.Fused;

namespace LossNotebooks.Cli.Commands;

/// <summary><c>lossnb install</c> and <c>lossnb uninstall</c>: the kernel's own commands, with the loss library's settings.</summary>
public static class InstallCommand
{
    /// <summary>
    /// Builds <c>install</c>. The kernelspecs start the kernel with the loss library's <see cref="ProcessSettings"/>:
    /// the kernel host knows nothing of losses, so its installer is told them here.
    /// </summary>
    public static Command CreateInstall() => InstallCommands.CreateInstall("lossnb", ProcessSettings.Environment);

    /// <summary>Builds <c>uninstall</c>.</summary>
    public static Command CreateUninstall() => InstallCommands.CreateUninstall("lossnb");
}
