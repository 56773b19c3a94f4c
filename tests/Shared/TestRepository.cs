namespace LossNotebooks.Testing;

/// <summary>The repository the tests run in (linked into every test project by tests/Directory.Build.props).</summary>
internal static class TestRepository
{
    /// <summary>The repository's root: the nearest folder above the test output that holds LossNotebooks.sln.</summary>
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LossNotebooks.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"LossNotebooks.sln not found above {AppContext.BaseDirectory}");
    }
}
