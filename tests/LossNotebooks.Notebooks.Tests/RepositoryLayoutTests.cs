using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LossNotebooks.Notebooks.Tests;

/// <summary>What can be checked of the CUDA devcontainer without Docker, and the repository's layout.</summary>
public class RepositoryLayoutTests
{
    static JsonElement DevContainer() => JsonDocument.Parse(File.ReadAllText(Path.Combine(TestRepository.Root(), ".devcontainer", "devcontainer.json")),
        new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }).RootElement;

    [Fact]
    public void DevContainerNamesFilesThatExist()
    {
        var json = DevContainer();
        var folder = Path.Combine(TestRepository.Root(), ".devcontainer");
        var build = json.GetProperty("build");
        Assert.True(File.Exists(Path.Combine(folder, build.GetProperty("dockerfile").GetString()!)));
        Assert.True(Directory.Exists(Path.GetFullPath(Path.Combine(folder, build.GetProperty("context").GetString()!))));
        var postCreate = json.GetProperty("postCreateCommand").GetString()!;
        var script = postCreate.Split(' ').Single(part => part.EndsWith(".sh"));
        Assert.True(File.Exists(Path.Combine(TestRepository.Root(), script)), $"{script} named by postCreateCommand does not exist");
    }

    [Fact]
    public void DevContainerSelectsCudaAndGpu()
    {
        var json = DevContainer();
        Assert.Equal("cuda", json.GetProperty("containerEnv").GetProperty("TorchBackend").GetString());
        Assert.Contains("--gpus", json.GetProperty("runArgs").EnumerateArray().Select(a => a.GetString()));
        var vscode = json.GetProperty("customizations").GetProperty("vscode");
        var triggers = vscode.GetProperty("settings").GetProperty("jupyter.completionTriggerCharacters");
        Assert.Equal(".", triggers.GetProperty("csharp")[0].GetString());
        Assert.Equal(".", triggers.GetProperty("fsharp")[0].GetString());
        var extensions = vscode.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("ms-toolsai.jupyter", extensions);
        Assert.Contains("ms-dotnettools.csdevkit", extensions);
        var dockerfile = File.ReadAllText(Path.Combine(TestRepository.Root(), ".devcontainer", "Dockerfile"));
        Assert.Matches(@"FROM nvidia/cuda:12\.\d+\.\d+-\S*ubuntu24\.04", dockerfile);
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
