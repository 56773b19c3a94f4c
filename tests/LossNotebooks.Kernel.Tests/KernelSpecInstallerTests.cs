using LossNotebooks.Kernel.Install;

namespace LossNotebooks.Kernel.Tests;

/// <summary>Installing over an installed kernel: what a kernel still running from the old files sees.</summary>
public sealed class KernelSpecInstallerTests
{
    [Fact]
    public void Installing_again_leaves_a_running_kernels_open_files_as_they_were()
    {
        var target = Directory.CreateTempSubdirectory("lossnb-host-").FullName;
        var newer = Directory.CreateTempSubdirectory("lossnb-newer-host-").FullName;
        try
        {
            var host = KernelSpecInstaller.CopyHost(AppContext.BaseDirectory, target);
            var before = File.ReadAllBytes(host);
            using var running = new FileStream(host, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var newHost = KernelSpecInstaller.CopyHost(AppContext.BaseDirectory, newer);
            File.WriteAllBytes(newHost, before.Reverse().ToArray()); // another build of the host, same size

            KernelSpecInstaller.CopyHost(newer, target);

            var seen = new byte[before.Length];
            running.ReadExactly(seen); // copying over the file would have changed the bytes under the reader
            Assert.Equal(before, seen);
            Assert.Equal(before.Reverse(), File.ReadAllBytes(host)); // while new starts get the new host
            Assert.Empty(Directory.GetFiles(target, "*.tmp", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(target, recursive: true);
            Directory.Delete(newer, recursive: true);
        }
    }
}
