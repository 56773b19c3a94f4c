using LossNotebooks.Kernel.Packages;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// .NET Interactive kernel extensions as the registry loads them: compiled here against an interface of the same name
/// (the registry knows the contract by name only), so each test can decide what its extension does.
/// </summary>
public sealed class KernelExtensionTests
{
    readonly List<string> reports = new();
    readonly string folder = Directory.CreateTempSubdirectory("lossnb-extension-tests-").FullName;

    static readonly string Contract = """
        namespace Microsoft.DotNet.Interactive
        {
            public interface IKernelExtension { System.Threading.Tasks.Task OnLoadAsync(object kernel); }
        }
        """;

    string Extension(string name, string body)
    {
        var source = Contract + $$"""
            namespace Tests.{{name}}
            {
                public sealed class Extension : Microsoft.DotNet.Interactive.IKernelExtension
                {
                    public static int Loads;
                    public System.Threading.Tasks.Task OnLoadAsync(object kernel) { {{body}} return System.Threading.Tasks.Task.CompletedTask; }
                }
            }
            """;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "netstandard.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create($"Tests.{name}", new[] { CSharpSyntaxTree.ParseText(source) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var path = Path.Combine(folder, $"Tests.{name}.dll");
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return path;
    }

    [Fact]
    public void An_extension_loads_and_its_OnLoadAsync_runs_once()
    {
        var registry = new AssemblyRegistry(reports.Add, Path.Combine(folder, "natives"));
        var path = Extension("Counting", "Loads++;");
        var lines = registry.LoadKernelExtensions(new[] { path, path });
        Assert.Equal(new[] { "Loaded .NET Interactive kernel extension Tests.Counting.Extension" }, lines);
        Assert.Empty(registry.LoadKernelExtensions(new[] { path })); // a second #r of the package loads nothing again
        var type = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "Tests.Counting").GetType("Tests.Counting.Extension")!;
        Assert.Equal(1, (int)type.GetField("Loads")!.GetValue(null)!);
    }

    [Fact]
    public void An_extension_that_fails_is_one_line_on_stderr_naming_it_and_what_threw_and_the_load_goes_on()
    {
        var registry = new AssemblyRegistry(reports.Add, Path.Combine(folder, "natives"));
        var failing = Extension("Failing", "throw new System.InvalidOperationException(\"no table\");");
        var working = Extension("Working", "Loads++;");
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        IReadOnlyList<string> lines;
        try { lines = registry.LoadKernelExtensions(new[] { failing, working }); }
        finally { Console.SetError(original); }
        Assert.Equal(new[] { "Loaded .NET Interactive kernel extension Tests.Working.Extension" }, lines);
        var line = Assert.Single(error.ToString().Split('\n'), l => l.Contains("kernel extension Tests.", StringComparison.Ordinal));
        Assert.Contains("Tests.Failing.Extension (Tests.Failing.dll) failed to load in Tests.Failing.Extension.OnLoadAsync", line);
        Assert.Contains("InvalidOperationException: no table", line);
    }
}
