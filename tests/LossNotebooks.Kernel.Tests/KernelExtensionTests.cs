using System.Reflection;
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
    public void An_extension_that_uses_the_kernel_object_fails_with_an_error_that_says_what_works()
    {
        var registry = new AssemblyRegistry(reports.Add, Path.Combine(folder, "natives"));
        var path = Extension("KernelUser", "kernel.ToString();");
        var error = Assert.Throws<InvalidOperationException>(() => registry.LoadKernelExtensions(new[] { path }));
        Assert.Contains("Tests.KernelUser.Extension", error.Message);
        Assert.Contains("NullReferenceException", error.Message);
        Assert.Contains("LossNotebooks passes no .NET Interactive Kernel object to extensions (null): Formatter registrations work", error.Message);
    }
}
