using System.Collections.Immutable;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Scripting.Hosting;

namespace LossNotebooks.Kernel.Execution;

/// <summary>
/// A Roslyn scripting session: each cell is a submission continuing the state of the previous ones (variables,
/// types, usings), with top-level statements and <c>await</c>. Cells are compiled with the file name <c>cellN</c>
/// and debug information, so stack traces and diagnostics name the cell and line.
/// </summary>
public sealed class CSharpSession
{
    /// <summary>Namespaces imported in every cell.</summary>
    public static readonly string[] DefaultImports =
    {
        "System", "System.Linq", "System.Collections.Generic", "System.Threading.Tasks", "System.IO", "System.Text",
        "LossNotebooks.Kernel.Display",
    };

    static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    ScriptOptions options;
    ScriptState<object>? state;
    readonly InteractiveAssemblyLoader loader = new();

    /// <summary>Creates a session referencing the framework, the Formatting package and the kernel's display helpers.</summary>
    public CSharpSession()
    {
        loader.RegisterDependency(typeof(CSharpSession).Assembly);
        loader.RegisterDependency(typeof(Microsoft.DotNet.Interactive.Formatting.Formatter).Assembly);
        options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithReferences(FrameworkReferences())
            .AddReferences(typeof(CSharpSession).Assembly, typeof(Microsoft.DotNet.Interactive.Formatting.Formatter).Assembly)
            .WithImports(DefaultImports.Append("LossNotebooks.Kernel.Display.Notebook").Select(n => n))
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8)
            .WithAllowUnsafe(true)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(Directory.GetCurrentDirectory()))
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, Directory.GetCurrentDirectory()))
            .WithOptimizationLevel(OptimizationLevel.Debug);
    }

    /// <summary>References added so far (framework, packages, projects).</summary>
    public ScriptOptions Options => options;

    /// <summary>Adds assembly references for later cells (from #r directives).</summary>
    public void AddReferences(IEnumerable<MetadataReference> references) => options = options.AddReferences(references);

    /// <summary>
    /// Makes cells use these already-loaded assemblies (the kernel loaded them to run NotebookExtension and to set
    /// native resolvers) instead of loading second copies in Roslyn's own load context.
    /// </summary>
    public void UseLoadedAssemblies(IEnumerable<Assembly> assemblies)
    {
        foreach (var assembly in assemblies) loader.RegisterDependency(assembly);
    }

    /// <summary>The script state after the last cell (variables), or null before the first.</summary>
    public ScriptState<object>? State => state;

    /// <summary>Runs one cell as the next submission.</summary>
    public async Task<CellOutcome> RunAsync(string code, int cellNumber, CancellationToken cancellation = default)
    {
        var cellOptions = options.WithFilePath($"cell{cellNumber}");
        var interruptible = InterruptRewriter.Rewrite(code, ParseOptions);
        var script = state is null ? CSharpScript.Create<object>(interruptible, cellOptions, assemblyLoader: loader) : state.Script.ContinueWith<object>(interruptible, cellOptions);
        if (script.Compile(cancellation).Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // Report the errors of the text the user wrote, so lines and columns are theirs.
            var original = state is null ? CSharpScript.Create<object>(code, cellOptions, assemblyLoader: loader) : state.Script.ContinueWith<object>(code, cellOptions);
            var diagnostics = original.Compile(cancellation);
            if (!diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)) diagnostics = script.Compile(cancellation);
            return new CellOutcome { Error = CompileError(diagnostics) };
        }
        ScriptState<object> next;
        try
        {
            next = state is null
                ? await script.RunAsync(null, _ => true, cancellation)
                : await script.RunFromAsync(state, _ => true, cancellation);
        }
        catch (CompilationErrorException e)
        {
            return new CellOutcome { Error = CompileError(e.Diagnostics) };
        }
        state = next;
        if (next.Exception is { } exception) return new CellOutcome { Error = RuntimeError(exception, cellNumber) };
        return HasTrailingExpression(code) ? new CellOutcome { HasValue = next.ReturnValue is not null, Value = next.ReturnValue } : CellOutcome.Nothing;
    }

    /// <summary>Warms Roslyn (parser, binder, emitter, JIT) with a throw-away submission.</summary>
    public static void WarmUp()
    {
        var warm = new CSharpSession();
        warm.RunAsync("var warmUp = new List<int> { 1 }.Select(x => x + 1).Sum(); warmUp", 0).GetAwaiter().GetResult();
    }

    /// <summary>True when the code ends with an expression statement without semicolon (its value is shown).</summary>
    public static bool HasTrailingExpression(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code, ParseOptions).GetCompilationUnitRoot();
        return root.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax expression }
               && expression.SemicolonToken.IsMissing;
    }

    /// <summary>Compile errors with the cell's own line and column, one per line.</summary>
    static CellError CompileError(ImmutableArray<Diagnostic> diagnostics)
    {
        var lines = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d =>
        {
            var span = d.Location.GetLineSpan();
            var where = d.Location.IsInSource ? $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})" : "";
            return $"{span.Path}{where}: error {d.Id}: {d.GetMessage()}";
        }).ToList();
        return new CellError("CompilationError", string.Join("\n", lines), lines);
    }

    /// <summary>A runtime exception with frames that name cells and lines.</summary>
    static CellError RuntimeError(Exception exception, int cellNumber)
    {
        if (exception is TargetInvocationException { InnerException: { } inner }) exception = inner;
        if (exception is KeyboardInterruptException or ThreadInterruptedException)
            return new CellError("KeyboardInterrupt", "the cell was interrupted", new[] { $"KeyboardInterrupt: cell {cellNumber} was interrupted" });
        var traceback = new List<string> { $"{exception.GetType().FullName}: {exception.Message}" };
        var frames = (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.TrimEnd())
            .Where(f => !f.StartsWith("--- End of stack trace", StringComparison.Ordinal))
            .Select(f => Regex.Replace(f, @" in \S*[/\\](cell\d+:line \d+)", " in $1")) // the resolver prefixes the working directory
            .TakeWhile(f => !f.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal))
            .ToList();
        traceback.AddRange(frames);
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
            traceback.Add($" ---> {e.GetType().FullName}: {e.Message}");
        return new CellError(exception.GetType().Name, exception.Message, traceback);
    }

    static IEnumerable<MetadataReference> FrameworkReferences()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        return trusted
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal)
                        || name is "netstandard.dll" or "mscorlib.dll" or "Microsoft.CSharp.dll" or "Microsoft.Win32.Primitives.dll"))
            .Where(p => !Path.GetFileName(p).StartsWith("System.Private.", StringComparison.Ordinal) || p.EndsWith("System.Private.CoreLib.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
    }
}
