using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LossNotebooks.Notebooks.Tests;

/// <summary>What can be checked of the CUDA devcontainer without Docker, and the repository's layout.</summary>
public class RepositoryLayoutTests
{
    static readonly string[] Configurations = { ".devcontainer/devcontainer.json", ".devcontainer/cuda/devcontainer.json" };

    static JsonElement DevContainer(string path) => JsonDocument.Parse(File.ReadAllText(Path.Combine(TestRepository.Root(), path)),
        new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }).RootElement;

    [Fact]
    public void Both_devcontainers_parse_and_name_files_that_exist_and_a_base_image_the_Dockerfile_takes()
    {
        var dockerfile = File.ReadAllText(Path.Combine(TestRepository.Root(), ".devcontainer", "Dockerfile"));
        Assert.Contains("ARG BASE_IMAGE", dockerfile);
        Assert.Contains("FROM --platform=linux/amd64 ${BASE_IMAGE}", dockerfile);
        foreach (var path in Configurations)
        {
            var json = DevContainer(path);
            var folder = Path.GetDirectoryName(Path.Combine(TestRepository.Root(), path))!;
            var build = json.GetProperty("build");
            Assert.True(File.Exists(Path.Combine(folder, build.GetProperty("dockerfile").GetString()!)), path);
            Assert.Equal(TestRepository.Root(), Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(folder, build.GetProperty("context").GetString()!))));
            Assert.Contains("--platform=linux/amd64", json.GetProperty("runArgs").EnumerateArray().Select(a => a.GetString())); // libtorch: no linux-arm64
            var script = json.GetProperty("postCreateCommand").GetString()!.Split(' ').Single(part => part.EndsWith(".sh"));
            Assert.True(File.Exists(Path.Combine(TestRepository.Root(), script)), $"{script} named by {path} does not exist");
            var vscode = json.GetProperty("customizations").GetProperty("vscode");
            var triggers = vscode.GetProperty("settings").GetProperty("jupyter.completionTriggerCharacters");
            Assert.Equal(".", triggers.GetProperty("csharp")[0].GetString());
            Assert.Equal(".", triggers.GetProperty("fsharp")[0].GetString());
            var extensions = vscode.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Contains("ms-toolsai.jupyter", extensions);
            Assert.Contains("ms-dotnettools.csdevkit", extensions);
        }
    }

    [Fact]
    public void The_default_devcontainer_needs_no_GPU_and_the_CUDA_one_asks_for_one_on_a_runtime_only_image()
    {
        var cpu = DevContainer(Configurations[0]);
        Assert.Equal("cpu", cpu.GetProperty("containerEnv").GetProperty("TorchBackend").GetString());
        Assert.DoesNotContain("--gpus", cpu.GetProperty("runArgs").EnumerateArray().Select(a => a.GetString()));
        Assert.False(cpu.TryGetProperty("hostRequirements", out _));

        var cuda = DevContainer(Configurations[1]);
        Assert.Equal("cuda", cuda.GetProperty("containerEnv").GetProperty("TorchBackend").GetString());
        Assert.Contains("--gpus", cuda.GetProperty("runArgs").EnumerateArray().Select(a => a.GetString()));
        var image = cuda.GetProperty("build").GetProperty("args").GetProperty("BASE_IMAGE").GetString()!;
        Assert.Matches(@"^nvidia/cuda:12\.8\.\d+-base-ubuntu24\.04$", image); // libtorch brings cuBLAS and cuDNN itself
        Assert.Contains("driver of", File.ReadAllText(Path.Combine(TestRepository.Root(), Configurations[1]))); // the minimum driver is said
    }

    [Fact]
    public void SolutionListsEveryProject()
    {
        var solution = File.ReadAllText(Path.Combine(TestRepository.Root(), "LossNotebooks.sln"));
        foreach (var project in Directory.GetFiles(Path.Combine(TestRepository.Root(), "src"), "*.csproj", SearchOption.AllDirectories)
                     .Concat(Directory.GetFiles(Path.Combine(TestRepository.Root(), "tests"), "*.csproj", SearchOption.AllDirectories))
                     // a user's project on the packages, built outside the repository by the packaging tests
                     .Where(p => Path.GetFileName(p) != "PackageSample.csproj"))
            Assert.Contains(Path.GetFileNameWithoutExtension(project), solution);
        foreach (var folder in new[] { "notebooks", "src", "tests", "data", ".devcontainer" })
            Assert.True(Directory.Exists(Path.Combine(TestRepository.Root(), folder)), folder);
    }

    [Fact]
    public void The_architecture_docs_reference_graph_is_the_csproj_files_and_no_project_references_an_executable()
    {
        var root = TestRepository.Root();
        var projects = Directory.GetFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetFileNameWithoutExtension(p), p => XDocument.Load(p));
        var actual = projects.ToDictionary(p => p.Key, p => p.Value.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value)).Order().ToList());
        var documented = File.ReadAllLines(Path.Combine(root, "docs", "architecture.md"))
            .Select(l => Regex.Match(l, @"^- `(?<project>LossNotebooks[\w.]*)` → (?<references>.*)$")).Where(m => m.Success)
            .ToDictionary(m => m.Groups["project"].Value,
                m => Regex.Matches(m.Groups["references"].Value, @"`(LossNotebooks[\w.]*)`").Select(r => r.Groups[1].Value).Order().ToList());
        Assert.Equal(actual.Keys.Order(), documented.Keys.Order());
        foreach (var (project, references) in actual)
            Assert.True(references.SequenceEqual(documented[project]),
                $"{project} references {string.Join(", ", references)}; docs/architecture.md says {string.Join(", ", documented[project])}");
        var executables = projects.Where(p => p.Value.Descendants("OutputType").Any(o => o.Value == "Exe")).Select(p => p.Key).ToHashSet();
        Assert.Contains("LossNotebooks.Kernel.Tool", executables);
        Assert.Empty(actual.SelectMany(p => p.Value.Where(executables.Contains).Select(e => $"{p.Key} → {e}")));
    }

    [Fact]
    public void No_line_of_CSharp_is_longer_than_the_editorconfig_allows()
    {
        var root = TestRepository.Root();
        var limit = int.Parse(File.ReadLines(Path.Combine(root, ".editorconfig"))
            .Select(l => Regex.Match(l, @"^max_line_length\s*=\s*(\d+)")).First(m => m.Success).Groups[1].Value);
        var tooLong = new[] { "src", "tests" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, line.Length)))
            .Where(l => l.Length > limit)
            .Select(l => $"{Path.GetRelativePath(root, l.File)}:{l.Line} ({l.Length} characters)").ToList();
        Assert.True(tooLong.Count == 0, $"lines longer than {limit} characters:\n{string.Join("\n", tooLong)}");
    }

    [Fact]
    public void CudaBackendSwitchesThePackage()
    {
        var props = File.ReadAllText(Path.Combine(TestRepository.Root(), "build", "TorchSharp.props"));
        Assert.Contains("'$(TorchBackend)' == 'cuda'", props);
        Assert.Contains("TorchSharp-cuda-linux", props);
        Assert.Contains("TorchSharp-cuda-linux", File.ReadAllText(Path.Combine(TestRepository.Root(), "Directory.Packages.props")));
    }
}
