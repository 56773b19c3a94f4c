using System.Reflection;
using System.Runtime.Loader;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Abstractions;

namespace LossNotebooks.Kernel.Interpreters;

/// <summary>
/// F# support as the host sees it: what the language is (known without loading the compiler, so kernel_info costs
/// nothing), and where its interpreter lives — <c>fsharp/</c> beside the host, loaded on the first F# cell
/// (FSharp.Compiler.Service, which C# users never load).
/// </summary>
public static class FSharpLanguage
{
    /// <summary>The folder of the F# interpreter's assemblies, beside the host.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "fsharp");

    const string AssemblyFile = "LossNotebooks.Kernel.FSharp.dll";
    const string InterpreterType = "LossNotebooks.Kernel.FSharp.FSharpInterpreter";

    /// <summary>F#'s <c>language_info</c> and the <c>#!</c> names that select it.</summary>
    public static LanguageInfo Info { get; } = new(Languages.FSharp, "10.0", $"F# (LossNotebooks) — F# Interactive on .NET {Environment.Version}",
        new Uri("https://learn.microsoft.com/dotnet/fsharp/"));

    static int resolverRegistered;

    /// <summary>
    /// Lets the default load context find the F# folder's assemblies (FSharp.Core among them, which packages such as
    /// Plotly.NET ask for too: one copy serves both). Called at start (and again, harmlessly, on load); loads nothing.
    /// </summary>
    public static void RegisterResolver()
    {
        if (Interlocked.Exchange(ref resolverRegistered, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += (_, name) =>
        {
            var candidate = Path.Combine(Directory, name.Name + ".dll");
            return File.Exists(candidate) ? AssemblyLoadContext.Default.LoadFromAssemblyPath(candidate) : null;
        };
    }

    /// <summary>An interpreter that loads F# on first use.</summary>
    public static IInterpreter Lazy() => new LazyInterpreter(Info, Load);

    /// <summary>Loads the F# interpreter from <see cref="Directory"/>.</summary>
    static IInterpreter Load()
    {
        var file = Path.Combine(Directory, AssemblyFile);
        if (!File.Exists(file))
            throw new InvalidOperationException($"F# support is not installed beside this kernel ({file} is missing); reinstall with `lossnb install`");
        RegisterResolver();
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(file);
        try { return (IInterpreter)Activator.CreateInstance(assembly.GetType(InterpreterType, throwOnError: true)!)!; }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidOperationException($"F# Interactive did not start: {e.InnerException.Message}", e.InnerException);
        }
    }
}
