using LossNotebooks.Kernel.Install;

namespace LossNotebooks.Kernel.Tests;

/// <summary>Installing: over an installed kernel, beside other kernels' kernelspecs, with the logos front ends look for.</summary>
public sealed class KernelSpecInstallerTests
{
    [Fact]
    public void Another_kernels_kernelspec_is_named_and_left_alone_unless_forced()
    {
        var prefix = Directory.CreateTempSubdirectory("lossnb-prefix-").FullName;
        var kernels = KernelSpecInstaller.KernelsDirectory(InstallScope.Prefix, prefix);
        var theirs = Path.Combine(Directory.CreateDirectory(Path.Combine(kernels, "csharp")).FullName, "kernel.json");
        var spec = """{"argv": ["/opt/tool/dotnet-interactive", "jupyter", "{connection_file}"], "display_name": "C# (.NET Interactive)", "language": "C#"}""";
        File.WriteAllText(theirs, spec);
        var host = Path.Combine(prefix, "host");

        var refused = Assert.Throws<InvalidOperationException>(() =>
            KernelSpecInstaller.Install(InstallScope.Prefix, prefix, "csharp", polyglotAlias: false, AppContext.BaseDirectory, host));
        Assert.Contains("'C# (.NET Interactive)', starting dotnet-interactive jupyter", refused.Message);
        Assert.Contains("--force", refused.Message);
        Assert.Equal(spec, File.ReadAllText(theirs)); // nothing written: not theirs, not the F# partner, not the host
        Assert.False(Directory.Exists(Path.Combine(kernels, "fsharp")));
        Assert.False(Directory.Exists(host));

        KernelSpecInstaller.Install(InstallScope.Prefix, prefix, "csharp", polyglotAlias: false, AppContext.BaseDirectory, host, force: true);
        Assert.Contains("lossnb-kernel", File.ReadAllText(theirs));
        KernelSpecInstaller.Install(InstallScope.Prefix, prefix, "csharp", polyglotAlias: false, AppContext.BaseDirectory, host); // ours now
        Directory.Delete(prefix, recursive: true);
    }

    [Theory]
    [InlineData("csharp")]
    [InlineData("fsharp")]
    public void Each_kernelspec_has_its_logo_as_svg_and_as_32_and_64_pixel_pngs(string name)
    {
        var prefix = Directory.CreateTempSubdirectory("lossnb-prefix-").FullName;
        KernelSpecInstaller.Install(InstallScope.Prefix, prefix, "csharp", polyglotAlias: false, AppContext.BaseDirectory, Path.Combine(prefix, "host"));
        var spec = Path.Combine(KernelSpecInstaller.KernelsDirectory(InstallScope.Prefix, prefix), name);
        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(spec, "logo-svg.svg")));
        foreach (var size in new[] { 32, 64 })
        {
            var (width, height, pixels) = Png.Decode(File.ReadAllBytes(Path.Combine(spec, $"logo-{size}x{size}.png")));
            Assert.Equal((size, size), (width, height));
            Assert.Equal(0, pixels[3]); // a transparent corner (rounded), RGBA
            Assert.Equal(255, pixels[(size / 2 * width + 2) * 4 + 3]); // an opaque inside
        }
        Directory.Delete(prefix, recursive: true);
    }

    [Fact]
    public void Host_folders_of_other_versions_that_no_kernelspec_starts_are_removed()
    {
        var versions = Directory.CreateTempSubdirectory("lossnb-versions-").FullName;
        var current = Directory.CreateDirectory(Path.Combine(versions, "0.3.0")).FullName;
        var used = Directory.CreateDirectory(Path.Combine(versions, "0.2.0")).FullName;
        var unused = Directory.CreateDirectory(Path.Combine(versions, "0.1.0")).FullName;
        var kernels = new[] { new InstalledKernel("old", "/spec", Path.Combine(used, "lossnb-kernel.dll")) };

        var removed = KernelSpecInstaller.RemoveUnusedHosts(current, kernels);

        Assert.Equal(new[] { unused }, removed);
        Assert.True(Directory.Exists(current) && Directory.Exists(used) && !Directory.Exists(unused));
        Directory.Delete(versions, recursive: true);
    }

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
