using System.Runtime.Loader;
using LossNotebooks.Kernel.Packages;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// A package that brings another version of an assembly the process already holds (as the kernel holds its own
/// dependencies): a newer patch of the same major.minor is served by the loaded copy, also for the package's own
/// references to it; any other version is refused with an error that names both.
/// </summary>
public sealed class AssemblyVersionTests
{
    readonly List<string> reports = new();
    readonly string folder = Directory.CreateTempSubdirectory("lossnb-version-tests-").FullName;

    static IEnumerable<MetadataReference> Framework() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "netstandard.dll")
            .Select(p => MetadataReference.CreateFromFile(p));

    string Compile(string name, string version, string source, params string[] references)
    {
        var text = $"[assembly: System.Reflection.AssemblyVersion(\"{version}\")]\n{source}";
        var compilation = CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText(text) },
            Framework().Concat(references.Select(r => MetadataReference.CreateFromFile(r))),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(folder, version)).FullName, name + ".dll");
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return path;
    }

    string Shared(string name, string version) =>
        Compile(name, version, $"namespace {name} {{ public static class Answer {{ public static string Of() => \"{version}\"; }} }}");

    [Fact]
    public void A_newer_patch_of_a_loaded_assembly_is_served_by_the_loaded_copy_and_binds_the_packages_references()
    {
        AssemblyLoadContext.Default.LoadFromAssemblyPath(Shared("Tests.Patched", "1.2.0.0")); // what the host carries
        var newerPatch = Shared("Tests.Patched", "1.2.7.0");
        var user = Compile("Tests.PatchUser", "1.0.0.0",
            "namespace Tests.PatchUser { public static class Use { public static string It() => Tests.Patched.Answer.Of(); } }", newerPatch);
        var registry = new AssemblyRegistry(reports.Add, Path.Combine(folder, "natives"));

        var assemblies = registry.Add(new[] { user, newerPatch }, Array.Empty<string>());

        Assert.Contains(assemblies, a => a.GetName().Name == "Tests.Patched" && a.GetName().Version == new Version(1, 2, 0, 0));
        Assert.Contains("Tests.Patched 1.2.7.0 was asked for; the kernel's 1.2.0.0 serves it", string.Join("\n", reports));
        var use = assemblies.Single(a => a.GetName().Name == "Tests.PatchUser").GetType("Tests.PatchUser.Use")!;
        Assert.Equal("1.2.0.0", use.GetMethod("It")!.Invoke(null, null)); // the package's reference to 1.2.7 bound to 1.2.0
    }

    [Theory]
    [InlineData("1.3.0.0")]
    [InlineData("2.0.0.0")]
    public void A_newer_minor_or_major_version_of_a_loaded_assembly_is_refused_naming_both(string asked)
    {
        var name = "Tests.Versioned" + asked[0] + asked[2];
        AssemblyLoadContext.Default.LoadFromAssemblyPath(Shared(name, "1.2.0.0"));
        var registry = new AssemblyRegistry(reports.Add, Path.Combine(folder, "natives"));

        var error = Assert.Throws<InvalidOperationException>(() => registry.Add(new[] { Shared(name, asked) }, Array.Empty<string>()));

        Assert.Contains($"{name} {asked}", error.Message);
        Assert.Contains($"{name} 1.2.0.0", error.Message);
        Assert.Contains("restart the kernel", error.Message);
    }

    [Fact]
    public void Two_versions_in_one_cells_references_unify_on_the_newer_which_serves_both_packages()
    {
        // as Microsoft.Data.Analysis (built on Apache.Arrow 14) beside DuckDB.NET (on Apache.Arrow 23) in one cell
        var older = Shared("Tests.Unified", "14.0.0.0");
        var newer = Shared("Tests.Unified", "23.0.0.0");
        var oldUser = Compile("Tests.OldUser", "1.0.0.0",
            "namespace Tests.OldUser { public static class Use { public static string It() => Tests.Unified.Answer.Of(); } }", older);
        var registry = new AssemblyRegistry(reports.Add, Path.Combine(folder, "natives"));

        var assemblies = registry.Add(new[] { older, oldUser, newer }, Array.Empty<string>());

        Assert.Single(assemblies, a => a.GetName().Name == "Tests.Unified");
        Assert.Contains("Tests.Unified 23.0.0.0 serves the references to 14.0.0.0 too", string.Join("\n", reports));
        var use = assemblies.Single(a => a.GetName().Name == "Tests.OldUser").GetType("Tests.OldUser.Use")!;
        Assert.Equal("23.0.0.0", use.GetMethod("It")!.Invoke(null, null)); // the package built on 14 runs with 23
    }
}
