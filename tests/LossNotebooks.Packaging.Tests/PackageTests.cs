using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;

namespace LossNotebooks.Packaging.Tests;

/// <summary>
/// What a user does without the repository: <c>dotnet tool install</c> the kernel and let it write its kernelspecs,
/// then run cells through Jupyter; reference the library packages from a project of their own and run a loss and a
/// formatter. Both from the local feed only (plus the public registry for third-party dependencies).
/// </summary>
[Trait(TestKinds.Kind, TestKinds.RealClient)]
public sealed class PackageTests(LocalFeed feed) : IClassFixture<LocalFeed>
{
    [Theory]
    [InlineData("LossNotebooks.Losses")]
    [InlineData("LossNotebooks.Analysis")]
    [InlineData("LossNotebooks.Formatting")]
    [InlineData("LossNotebooks.Kernel")]
    public void Each_package_carries_what_NuGet_shows_its_symbols_and_no_TorchSharp_backend(string id)
    {
        var path = Path.Combine(feed.Folder, $"{id}.{feed.Version}.nupkg");
        using var package = ZipFile.OpenRead(path);
        var nuspec = XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open()).Root!;
        string? Field(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal("MIT", Field("license"));
        Assert.False(string.IsNullOrWhiteSpace(Field("description")));
        Assert.False(string.IsNullOrWhiteSpace(Field("tags")));
        Assert.Equal("git", nuspec.Descendants().Single(e => e.Name.LocalName == "repository").Attribute("type")?.Value);
        var readme = new StreamReader(package.GetEntry(Field("readme")!)!.Open()).ReadToEnd();
        Assert.StartsWith("# LossNotebooks.", readme); // its own README, not the repository's
        Assert.NotNull(package.GetEntry(Field("icon")!));
        Assert.True(File.Exists(Path.ChangeExtension(path, ".snupkg")), "no symbol package");
        var dependencies = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).ToList();
        Assert.DoesNotContain(dependencies, d => d.StartsWith("TorchSharp-", StringComparison.Ordinal) || d.StartsWith("libtorch", StringComparison.Ordinal));
        if (id is not "LossNotebooks.Kernel") Assert.Contains("TorchSharp", dependencies); // the managed bindings only
    }

    [Fact]
    public void The_lossnb_tool_installs_from_the_feed_for_this_platform_and_works_outside_the_repository()
    {
        var home = Directory.CreateTempSubdirectory("lossnb-cli-").FullName;
        try { CliInstallsAndRuns(home); }
        finally { Directory.Delete(home, recursive: true); }
    }

    void CliInstallsAndRuns(string home)
    {
        var pointer = new FileInfo(Path.Combine(feed.Folder, $"LossNotebooks.Cli.{feed.Version}.nupkg"));
        var linux = new FileInfo(Path.Combine(feed.Folder, $"LossNotebooks.Cli.linux-x64.{feed.Version}.nupkg"));
        Assert.True(pointer.Exists && linux.Exists, "the lossnb tool is packed as a pointer package and a linux-x64 package");
        Assert.True(linux.Length < 250L << 20, $"the linux-x64 package is {linux.Length >> 20} MB (nuget.org takes up to 250 MB)");
        using (var package = ZipFile.OpenRead(linux.FullName))
        {
            var natives = package.Entries.Select(e => e.FullName).Where(n => n.Contains("/libtorch_cpu.", StringComparison.Ordinal)).ToList();
            Assert.Equal(new[] { "tools/net10.0/linux-x64/libtorch_cpu.so" }, natives); // this platform's libtorch only
            Assert.Contains(package.Entries, e => e.FullName == "tools/net10.0/linux-x64/kernel-host/lossnb-kernel.dll");
            Assert.Equal(new[] { "tools/net10.0/linux-x64/libduckdb.so" },
                package.Entries.Select(e => e.FullName).Where(n => n.Contains("libduckdb", StringComparison.Ordinal) || n.Contains("duckdb.dll", StringComparison.Ordinal)).ToList());
            Assert.Contains(package.Entries, e => e.FullName == "tools/net10.0/linux-x64/site-assets/katex.min.js");
        }

        var (work, Lossnb) = InstallLossnb(home);

        Assert.Contains("huber_loss", Lossnb("losses", "huber"));
        File.Copy(Path.Combine(feed.Repository, "data", "diabetes-predictions.csv"), Path.Combine(work, "data.csv"));
        var report = Lossnb("compare", "data.csv", "--target", "progression", "--pred", "pred_bmi,pred_all", "--html", "report.html");
        Assert.Contains("mse_loss", report); // libtorch of the package computed it
        Assert.True(File.Exists(Path.Combine(work, "report.html")));

        Assert.Contains("Installed kernelspec 'fsharp'", Lossnb("install", "--prefix", Path.Combine(home, "prefix"))); // the host it carries
        File.WriteAllText(Path.Combine(work, "script.dib"), "#!csharp\nvar x = 40;\n\n#!fsharp\n#!share --from csharp x\nx + 2\n");
        Assert.Contains("42", Lossnb("exec", "script.dib"));
        File.WriteAllText(Path.Combine(work, "page.dib"), "#!markdown\n# A formula $x^2$\n\n#!csharp\nMath.Sqrt(4)\n");
        Lossnb("convert", "page.dib");
        Lossnb("site", work, "--out", Path.Combine(home, "site"));
        Assert.True(File.Exists(Path.Combine(home, "site", "assets", "katex.min.js"))); // assets from the tool: no npm here
        Assert.Contains("2", File.ReadAllText(Path.Combine(home, "site", "page.html")));

        // The course, as a learner gets it: created by the tool, its notebooks on the packages of the feed (named by a
        // NuGet configuration, as a user's would), a chapter executed headless through the installed kernelspec.
        Assert.Contains("14 notebooks", Lossnb("course", "new", "course", "--package-version", feed.Version));
        File.WriteAllText(Path.Combine(work, "course", "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><add key="lossnotebooks-feed" value="{feed.Folder}" /></packageSources></configuration>
            """);
        var chapter = Path.Combine(work, "course", "notebooks", "00-what-is-a-loss.ipynb");
        Assert.Contains($"#r \\\"nuget: LossNotebooks.Formatting, {feed.Version}\\\"", File.ReadAllText(chapter));
        foreach (var notebook in Directory.GetFiles(Path.Combine(work, "course", "notebooks"), "*.ipynb"))
            Assert.DoesNotContain(File.ReadLines(notebook), line => line.TrimStart().StartsWith("\"#r \\\"project:", StringComparison.Ordinal)); // no cell points into a repository
        Lossnb("normalize", Path.Combine(work, "course", "notebooks"), "--check"); // as the template wrote them
        // the first chapter, and the one on the user's data (DuckDB's natives, a DataFrame, the report formatters)
        var yourData = Path.Combine(work, "course", "notebooks", "08-your-own-data.ipynb");
        var run = Lossnb("run", chapter, yourData, "--out", Path.Combine(home, "executed"));
        Assert.Contains("2 of 2 notebooks ran without error", run);
        foreach (var executed in new[] { "00-what-is-a-loss.ipynb", "08-your-own-data.ipynb" })
            Assert.Contains("✓", File.ReadAllText(Path.Combine(home, "executed", executed))); // its checks ran (a failing one fails the run)
    }

    [Fact]
    public void The_docs_CSharp_blocks_run_as_cells_or_compile_as_programs_and_their_lossnb_lines_run_through_the_tool()
    {
        var home = Directory.CreateTempSubdirectory("lossnb-docs-").FullName;
        try { DocsRun(home); }
        finally { Directory.Delete(home, recursive: true); }
    }

    void DocsRun(string home)
    {
        var blocks = DocBlock.All(feed.Repository).Where(b => !b.Fragment).ToList();
        Assert.Contains(blocks, b => b.Language == "csharp" && b.File == "README.md");
        Assert.All(DocBlock.All(feed.Repository), b => Assert.True(b.Language.Length > 0, $"{b}: a code block without a language"));
        var (work, Lossnb) = InstallLossnb(home);
        CopyFolder(Path.Combine(feed.Repository, "data"), Path.Combine(work, "data"));
        File.WriteAllText(Path.Combine(work, "script.fsx"), "printfn \"%d\" (6 * 7)\n");
        Lossnb("install", "--prefix", Path.Combine(home, "prefix"));

        var ran = new List<string>();
        foreach (var (block, index) in blocks.Select((b, i) => (b, i)))
        {
            switch (block.Language)
            {
                case "csharp" when block.Text.TrimStart().StartsWith("#", StringComparison.Ordinal): // a notebook cell
                    var cell = Path.Combine(work, $"cell{index}.csx");
                    File.WriteAllText(cell, block.Text.Replace("\"project: ../src/", $"\"project: {feed.Repository}/src/", StringComparison.Ordinal));
                    Lossnb("exec", cell);
                    break;
                case "csharp": // a program on the packages
                    var project = Directory.CreateDirectory(Path.Combine(home, $"program{index}")).FullName;
                    File.WriteAllText(Path.Combine(project, "Program.csproj"), $"""
                        <Project Sdk="Microsoft.NET.Sdk">
                          <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
                          <ItemGroup>
                            <PackageReference Include="LossNotebooks.Formatting" Version="{feed.Version}" />
                            <PackageReference Include="libtorch-cpu-linux-x64" Version="2.10.0" />
                          </ItemGroup>
                        </Project>
                        """);
                    File.WriteAllText(Path.Combine(project, "Program.cs"), block.Text);
                    Run.Dotnet(project, TimeSpan.FromMinutes(5), "build", $"-p:RestoreAdditionalProjectSources={feed.Folder}", "-nologo");
                    break;
                case "bash" or "sh":
                    foreach (var line in block.Text.Split('\n').Select(l => l.Split(" #")[0].Trim()).Where(l => l.Length > 0))
                    {
                        if (line.StartsWith("lossnb()", StringComparison.Ordinal)) continue; // a clone's way to call lossnb: the tool replaces it
                        Assert.True(line.StartsWith("lossnb ", StringComparison.Ordinal), $"{block}: '{line}' is not a lossnb command (mark the block as a fragment)");
                        Lossnb(line["lossnb ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                    }
                    break;
                default:
                    continue;
            }
            ran.Add($"{block} ({block.Language})");
        }
        Assert.True(ran.Count >= 5, string.Join("\n", ran));
    }

    /// <summary>
    /// Installs lossnb from the feed into <paramref name="home"/>'s tool folder; returns a working folder with no
    /// repository above it and a way to run lossnb there, with <paramref name="home"/> as a fresh HOME (its Jupyter
    /// kernelspecs under prefix/) and the machine's package cache, so libtorch is not fetched again.
    /// </summary>
    (string Work, LossnbCommand Lossnb) InstallLossnb(string home)
    {
        var tools = Path.Combine(home, "tools");
        Run.Dotnet(home, TimeSpan.FromMinutes(5), "tool", "install", "LossNotebooks.Cli", "--version", feed.Version,
            "--add-source", feed.Folder, "--tool-path", tools);
        var work = Directory.CreateDirectory(Path.Combine(home, "work")).FullName;
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home, ["XDG_DATA_HOME"] = Path.Combine(home, "data"), ["JUPYTER_PATH"] = Path.Combine(home, "prefix", "share", "jupyter"),
            ["NUGET_PACKAGES"] = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        };
        return (work, args => Run.Program(Path.Combine(tools, "lossnb"), work, TimeSpan.FromMinutes(5), environment, args));
    }

    /// <summary>Runs the installed lossnb with arguments; its standard output (a failure throws with both streams).</summary>
    delegate string LossnbCommand(params string[] args);

    static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public void The_kernel_tool_installs_from_the_feed_writes_both_kernelspecs_and_runs_CSharp_and_FSharp_cells()
    {
        var home = Directory.CreateTempSubdirectory("lossnb-tool-").FullName;
        try { ToolInstallsAndRuns(home); }
        finally { Directory.Delete(home, recursive: true); }
    }

    void ToolInstallsAndRuns(string home)
    {
        var tools = Path.Combine(home, "tools");
        Run.Dotnet(home, TimeSpan.FromMinutes(5), "tool", "install", "LossNotebooks.Kernel", "--version", feed.Version,
            "--add-source", feed.Folder, "--tool-path", tools);
        var package = new FileInfo(Directory.GetFiles(feed.Folder, "LossNotebooks.Kernel.*.nupkg").Single());
        Assert.True(package.Length < 50L << 20, $"the kernel tool package is {package.Length >> 20} MB (goal: under 50 MB)");

        // Its own folders: the host copy and the kernelspecs never touch the user's installed kernel.
        var environment = new Dictionary<string, string> { ["XDG_DATA_HOME"] = Path.Combine(home, "data") };
        var prefix = Path.Combine(home, "prefix");
        var output = Run.Program(Path.Combine(tools, "lossnb-kernel"), home, TimeSpan.FromMinutes(2), environment,
            "install", "--prefix", prefix, "--env", "LOSSNB_PACKAGE_TEST=1");
        Assert.Contains("Installed kernelspec 'csharp'", output);
        Assert.Contains("Installed kernelspec 'fsharp'", output);

        var kernels = Path.Combine(prefix, "share", "jupyter", "kernels");
        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(kernels, "fsharp", "kernel.json")));
        Assert.Equal("fsharp", spec.RootElement.GetProperty("language").GetString());
        Assert.Equal("1", spec.RootElement.GetProperty("env").GetProperty("LOSSNB_PACKAGE_TEST").GetString());
        var host = spec.RootElement.GetProperty("argv")[1].GetString()!;
        Assert.StartsWith(Path.Combine(home, "data"), host);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(host)!, "fsharp", "FSharp.Compiler.Service.dll")), "F# support is not beside the host");

        var cells = Run.Program("/usr/bin/python3", home, TimeSpan.FromMinutes(3),
            new Dictionary<string, string> { ["JUPYTER_PATH"] = Path.Combine(prefix, "share", "jupyter") }, "-c", """
                import jupyter_client
                km, kc = jupyter_client.manager.start_new_kernel(kernel_name="csharp", startup_timeout=120)
                try:
                    for code in ["Environment.GetEnvironmentVariable(\"LOSSNB_PACKAGE_TEST\") + (6 * 7)", "#!fsharp\nList.sum [1; 2; 3]"]:
                        results = []
                        reply = kc.execute_interactive(code, timeout=120, output_hook=lambda m: results.append(m))
                        assert reply["content"]["status"] == "ok", reply["content"]
                        print([m["content"]["data"]["text/plain"] for m in results if m["msg_type"] == "execute_result"][0])
                finally:
                    km.shutdown_kernel(now=True)
                """);
        Assert.Equal(new[] { "142", "6" }, cells.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void A_project_of_ones_own_restores_the_library_packages_and_runs_a_loss_its_gradient_and_a_formatter()
    {
        var project = Directory.CreateTempSubdirectory("lossnb-sample-").FullName;
        try { SampleRuns(project); }
        finally { Directory.Delete(project, recursive: true); }
    }

    void SampleRuns(string project)
    {
        foreach (var file in new[] { "PackageSample.csproj", "Program.cs" })
            File.Copy(Path.Combine(feed.Repository, "tests", "PackageSample", file), Path.Combine(project, file));

        // On Debian 12 this also proves the package's build step: TorchSharp's native library loads only after the
        // package's buildTransitive targets weakened its GLIBCXX requirement in the output copy.
        var output = Run.Dotnet(project, TimeSpan.FromMinutes(10), "run", "-c", "Release", $"-p:LossNotebooksVersion={feed.Version}",
            $"-p:RestoreAdditionalProjectSources={feed.Folder}");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("huber 3999", lines); // (2 + 0.5 + 0 + 0.5 + 2·(9997 − 1)) / 5
        Assert.Contains("gradient -0.4 -0.2 0 0.2 0.4", lines);
        Assert.Contains("catalog huber_loss", lines);
        Assert.Contains("module 0.5", lines); // a generated module: max(0, −(2 − 1.5) + 1)
        Assert.Contains("html table True", lines);
    }
}
