using System.Diagnostics;
using System.Text.Json;
using LossNotebooks.Losses;

namespace LossNotebooks.Cli.Tests;

/// <summary>The <c>lossnb losses</c> command, run as a real process from its build output.</summary>
public class CliTests
{
    internal static (int Exit, string Out, string Err) Lossnb(params string[] args)
    {
        var root = TestRepository.Root();
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(root, "src", "LossNotebooks.Cli", "bin", configuration, "net10.0", "lossnb.dll");
        Assert.True(File.Exists(dll), $"lossnb not built at {dll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["COLUMNS"] = "200";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "lossnb did not exit within 60 s");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }


    [Fact]
    public void The_committed_loss_reference_is_what_the_declarations_generate()
    {
        var (exit, output, error) = Lossnb("losses", "--markdown");
        Assert.True(exit == 0, error);
        Assert.Contains("| `c` | 4.685 |", output); // Tukey's constant, printed from its declaration
        var committed = File.ReadAllText(Path.Combine(TestRepository.Root(), "docs", "loss-reference.md"));
        Assert.True(committed == output,
            "docs/loss-reference.md differs from the declarations: dotnet run --project src/LossNotebooks.Cli -- losses --markdown > docs/loss-reference.md");
    }

    [Fact]
    public void InstallWritesTheLossLibrarysProcessSettingsIntoTheKernelspec()
    {
        var prefix = Directory.CreateTempSubdirectory("lossnb-install-test-").FullName;
        try
        {
            var (exit, output, error) = Lossnb("install", "--prefix", prefix, "--name", "csharp-test");
            Assert.True(exit == 0, output + error);
            var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(prefix, "share", "jupyter", "kernels", "csharp-test", "kernel.json"))).RootElement;
            var env = spec.GetProperty("env").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
            Assert.Equal(LossNotebooks.Losses.Fused.ProcessSettings.Environment.OrderBy(e => e.Key), env.OrderBy(e => e.Key)!);
            Assert.Equal("512", env["DOTNET_MaxVectorTBitWidth"]);
        }
        finally { Directory.Delete(prefix, recursive: true); }
    }

    [Fact]
    public void InstallWritesAnFSharpPartnerWithItsCompilerAndUninstallRemovesBoth()
    {
        var prefix = Directory.CreateTempSubdirectory("lossnb-install-test-").FullName;
        var kernels = Path.Combine(prefix, "share", "jupyter", "kernels");
        try
        {
            var (exit, output, error) = Lossnb("install", "--prefix", prefix, "--name", "pair-test");
            Assert.True(exit == 0, output + error);
            var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(kernels, "pair-test-fsharp", "kernel.json"))).RootElement;
            Assert.Equal("fsharp", spec.GetProperty("language").GetString());
            Assert.Equal("F# (LossNotebooks)", spec.GetProperty("display_name").GetString());
            var argv = spec.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!).ToList();
            Assert.Equal(new[] { "--default-kernel", "fsharp" }, argv[^2..]);
            var host = Path.GetDirectoryName(argv[1])!;
            Assert.True(File.Exists(Path.Combine(host, "fsharp", "LossNotebooks.Kernel.FSharp.dll")), $"no F# interpreter beside the host in {host}");
            Assert.True(File.Exists(Path.Combine(host, "fsharp", "FSharp.Compiler.Service.dll")));
            Assert.False(File.Exists(Path.Combine(host, "FSharp.Compiler.Service.dll")), "the C# host itself must not carry the F# compiler");

            (exit, output, error) = Lossnb("uninstall", "--prefix", prefix, "--name", "pair-test");
            Assert.True(exit == 0, output + error);
            Assert.Contains("'pair-test-fsharp'", output);
            Assert.False(Directory.Exists(Path.Combine(kernels, "pair-test")));
            Assert.False(Directory.Exists(Path.Combine(kernels, "pair-test-fsharp")));
        }
        finally { Directory.Delete(prefix, recursive: true); }
    }

    [Fact]
    public void ListsTheCatalogAsJson()
    {
        var (exit, output, _) = Lossnb("losses", "--json");
        Assert.Equal(0, exit);
        var losses = JsonDocument.Parse(output).RootElement;
        Assert.Equal(LossCatalog.All.Count, losses.GetArrayLength());
        var huber = losses.EnumerateArray().Single(l => l.GetProperty("name").GetString() == "huber_loss");
        Assert.Equal("1", huber.GetProperty("options")[0].GetProperty("default").GetString());
        Assert.Contains(@"\delta", huber.GetProperty("formula").GetString());
    }

    [Fact]
    public void ShowsOneLossWithItsFormula()
    {
        var (exit, output, _) = Lossnb("losses", "tukey");
        Assert.Equal(0, exit);
        Assert.Contains("tukey_biweight_loss", output);
        Assert.Contains("4.685", output);
        Assert.Contains(@"\frac{c^2}{6}", output);
    }

    [Fact]
    public void TableListsEveryLoss()
    {
        var (exit, output, _) = Lossnb("losses");
        Assert.Equal(0, exit);
        Assert.Contains("cross_entropy", output);
        Assert.Contains("ctc_loss", output);
    }

    [Fact]
    public void UnknownLossFailsWithTheValidNames()
    {
        var (exit, _, error) = Lossnb("losses", "hubber");
        Assert.Equal(2, exit);
        Assert.Contains("unknown loss 'hubber'", error);
        Assert.Contains("huber_loss", error);
    }

    [Fact]
    public void HelpAndVersionWork()
    {
        var (helpExit, help, _) = Lossnb("--help");
        Assert.Equal(0, helpExit);
        Assert.Contains("losses", help);
        var (versionExit, version, _) = Lossnb("--version");
        Assert.Equal(0, versionExit);
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(TestRepository.Root(), "Directory.Build.props"));
        string Property(string name) => props.Descendants(name).Single().Value;
        Assert.Equal($"{Property("VersionPrefix")}-{Property("VersionSuffix")}", version.Trim().Split('+')[0]); // one version, a prerelease
    }
}
