using System.IO.Compression;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// .NET Interactive kernel extensions through the installed kernelspec: a package this test compiles against the real
/// Microsoft.DotNet.Interactive (an added magic, a display from its invocation context, code submitted to the csharp
/// kernel), and Microsoft.Data.Analysis and ML.NET as notebooks of the .NET Interactive era use them.
/// </summary>
[Collection(nameof(KernelCollection))]
[Trait(TestKinds.Kind, TestKinds.RealClient)]
public sealed class ExtensionPackageTests(KernelInstallation kernel)
{
    const string ExtensionSource = """
        using System.Threading.Tasks;
        using Microsoft.DotNet.Interactive;
        using Microsoft.DotNet.Interactive.Commands;
        using Microsoft.DotNet.Interactive.Directives;

        namespace LnbTests.Greeter
        {
            public sealed class Greet : KernelDirectiveCommand
            {
                public string Name { get; set; } = "world";
            }

            public sealed class GreeterExtension : IKernelExtension
            {
                public async Task OnLoadAsync(Kernel kernel)
                {
                    var greet = new KernelActionDirective("#!greet") { Description = "greets someone" };
                    greet.Parameters.Add(new KernelDirectiveParameter("--name"));
                    kernel.AddDirective<Greet>(greet, (command, context) =>
                    {
                        context.Display($"Hello, {command.Name}!", "text/plain");
                        return Task.CompletedTask;
                    });
                    KernelInvocationContext.Current?.Display("greeter ready", "text/plain");
                    var csharp = kernel is CompositeKernel root ? root.FindKernelByName("csharp") : kernel;
                    await csharp.SendAsync(new SubmitCode("var greeterAnswer = 6 * 7;"));
                }
            }
        }
        """;

    /// <summary>The extension as a package in a folder feed under the kernel's working directory; its version is unique, so NuGet's cache never serves an older build.</summary>
    string PackExtension()
    {
        var version = $"1.{DateTime.UtcNow:yyMMdd}.{DateTime.UtcNow:HHmmssff}";
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll")
            .Concat(new[] { "Microsoft.DotNet.Interactive.dll", "Microsoft.DotNet.Interactive.Formatting.dll", "Microsoft.AspNetCore.Html.Abstractions.dll" }
                .Select(f => Path.Combine(AppContext.BaseDirectory, f)))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("LnbTests.Greeter", new[] { CSharpSyntaxTree.ParseText(ExtensionSource) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var feed = Directory.CreateDirectory(Path.Combine(kernel.WorkingDirectory, "extension-feed")).FullName;
        using var package = ZipFile.Open(Path.Combine(feed, $"LnbTests.Greeter.{version}.nupkg"), ZipArchiveMode.Create);
        using (var nuspec = new StreamWriter(package.CreateEntry("LnbTests.Greeter.nuspec").Open()))
            nuspec.Write($"""
                <?xml version="1.0"?><package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"><metadata>
                <id>LnbTests.Greeter</id><version>{version}</version><authors>tests</authors><description>a test extension</description>
                </metadata></package>
                """);
        using (var dll = package.CreateEntry("interactive-extensions/dotnet/LnbTests.Greeter.dll").Open()) dll.Write(image.ToArray());
        return version;
    }

    [Fact]
    public void An_extension_adds_a_magic_displays_in_its_cell_and_submits_code()
    {
        var version = PackExtension();
        var (exit, output) = kernel.RunPython(new[] { KernelInstallation.Client("protocol_checks.py"), "extension_kernel_object", version }, TimeSpan.FromSeconds(180));
        Assert.True(exit == 0, output);
        Assert.Contains("extension_kernel_object: ok", output);
    }

    [Fact]
    public void DataFrame_and_MLNET_notebooks_run_with_the_DataFrame_extension_loaded()
    {
        var (exit, output) = kernel.RunPython(new[] { KernelInstallation.Client("protocol_checks.py"), "dataframe_and_mlnet" }, TimeSpan.FromSeconds(300));
        Assert.True(exit == 0, output);
        Assert.Contains("dataframe_and_mlnet: ok", output);
    }
}
