using System.Text.Json;

namespace LossNotebooks.Notebooks.Tests;

/// <summary>What can be checked of the CUDA devcontainer without Docker, and the repository's layout.</summary>
public class RepositoryLayoutTests
{
    static JsonElement DevContainer() => JsonDocument.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot(), ".devcontainer", "devcontainer.json")),
        new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }).RootElement;

    [Fact]
    public void DevContainerNamesFilesThatExist()
    {
        var json = DevContainer();
        var folder = Path.Combine(TestEnvironment.RepositoryRoot(), ".devcontainer");
        var build = json.GetProperty("build");
        Assert.True(File.Exists(Path.Combine(folder, build.GetProperty("dockerfile").GetString()!)));
        Assert.True(Directory.Exists(Path.GetFullPath(Path.Combine(folder, build.GetProperty("context").GetString()!))));
        var postCreate = json.GetProperty("postCreateCommand").GetString()!;
        var script = postCreate.Split(' ').Single(part => part.EndsWith(".sh"));
        Assert.True(File.Exists(Path.Combine(TestEnvironment.RepositoryRoot(), script)), $"{script} named by postCreateCommand does not exist");
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
        var dockerfile = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot(), ".devcontainer", "Dockerfile"));
        Assert.Matches(@"FROM nvidia/cuda:12\.\d+\.\d+-\S*ubuntu24\.04", dockerfile);
    }

    [Fact]
    public void SolutionListsEveryProject()
    {
        var solution = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot(), "LossNotebooks.sln"));
        foreach (var project in Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot(), "src"), "*.csproj", SearchOption.AllDirectories)
                     .Concat(Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot(), "tests"), "*.csproj", SearchOption.AllDirectories))
                     // a user's project on the packages, built outside the repository by the packaging tests
                     .Where(p => Path.GetFileName(p) != "PackageSample.csproj"))
            Assert.Contains(Path.GetFileNameWithoutExtension(project), solution);
        foreach (var folder in new[] { "notebooks", "src", "tests", "data", ".devcontainer" })
            Assert.True(Directory.Exists(Path.Combine(TestEnvironment.RepositoryRoot(), folder)), folder);
    }

    [Fact]
    public void CudaBackendSwitchesThePackage()
    {
        var props = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot(), "build", "TorchSharp.props"));
        Assert.Contains("'$(TorchBackend)' == 'cuda'", props);
        Assert.Contains("TorchSharp-cuda-linux", props);
        Assert.Contains("TorchSharp-cuda-linux", File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot(), "Directory.Packages.props")));
    }
}
