using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using FSharp.Compiler.Diagnostics;
using FSharp.Compiler.Interactive;
using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Display;
using LossNotebooks.Kernel.Interpreters;
using Microsoft.FSharp.Core;

namespace LossNotebooks.Kernel.FSharp;

/// <summary>
/// F# cells: an F# Interactive session (<see cref="Shell.FsiEvaluationSession"/>) hosted in the kernel's process, so
/// its values are the same objects C# cells see and the same Formatter registry displays them. Each cell is one
/// interaction named <c>cellN.fsx</c> (diagnostics and stack frames name the cell and its own lines).
/// </summary>
public sealed partial class FSharpInterpreter : IInterpreter
{
    readonly Shell.FsiEvaluationSession fsi;
    readonly FSharpLanguageServices languageServices;
    readonly object gate = new(); // F# Interactive is not thread-safe: cells and language services take turns
    CancellationTokenSource interruption = new();
    int declarations; // interactions this interpreter ran itself (the preamble, SetValue)
    string lastTimings = "";
    bool htmlModuleDeclared; // the Html module, declared on the first cell that names it

    /// <summary>Starts an F# Interactive session with the kernel's display helpers opened.</summary>
    public FSharpInterpreter()
    {
        // F# Interactive compiles against the SDK's reference assemblies, which it finds through the dotnet host; when
        // the host is not the process (a test host, an app host) it would fall back to the runtime's implementation
        // assemblies, where type forwards hide types such as List<T>.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")))
            Environment.SetEnvironmentVariable("DOTNET_HOST_PATH", Packages.DotnetCli.DotnetPath());
        var configuration = Shell.FsiEvaluationSession.GetDefaultConfiguration();
        var arguments = new[] { "fsi.exe", "--noninteractive", "--nologo", "--gui-", "--debug+", "--optimize-" };
        fsi = Shell.FsiEvaluationSession.Create(configuration, arguments, new StringReader(""), TextWriter.Null, TextWriter.Null,
            FSharpOption<bool>.Some(false), null);
        languageServices = new FSharpLanguageServices(fsi, gate);
        Declare(Preamble());
        RegisterPlainTextFormatters();
    }

    /// <summary>
    /// F#'s own collections as F# Interactive prints them (<c>[1; 2; 3]</c>, <c>Some 3</c>, <c>map [(1, "a")]</c>) in
    /// <c>text/plain</c>, instead of the generic formatter's view of their internals; other mime types unchanged.
    /// </summary>
    void RegisterPlainTextFormatters()
    {
        foreach (var type in new[] { typeof(Microsoft.FSharp.Collections.FSharpList<>), typeof(FSharpOption<>), typeof(FSharpValueOption<>),
                                     typeof(Microsoft.FSharp.Collections.FSharpMap<,>), typeof(Microsoft.FSharp.Collections.FSharpSet<>) })
            Microsoft.DotNet.Interactive.Formatting.Formatter.Register(type, (value, writer) => writer.Write(fsi.FormatValue(value, value.GetType())), "text/plain");
    }

    /// <inheritdoc />
    public LanguageInfo Language => FSharpLanguage.Info;

    /// <inheritdoc />
    public string LastTimings => lastTimings;

    /// <summary>
    /// The helpers every F# cell has, as .NET Interactive's F# kernel gave them: <c>display</c>, <c>HTML</c>,
    /// <c>Markdown</c>, <c>LaTeX</c>, <c>Javascript</c>, <c>CSS</c>, <c>page</c>, <c>ClearOutput</c>, and the namespaces it
    /// opened (<see cref="DefaultOpens"/>).
    /// </summary>
    static string Preamble()
    {
        var kernel = typeof(Notebook).Assembly.Location;
        var contract = typeof(MimeBundle).Assembly.Location;
        var formatting = typeof(Microsoft.DotNet.Interactive.Formatting.Formatter).Assembly.Location;
        var html = typeof(Microsoft.AspNetCore.Html.IHtmlContent).Assembly.Location;
        return $"""
            #r @"{kernel}"
            #r @"{contract}"
            #r @"{formatting}"
            #r @"{html}"
            module LossNotebooksKernel =
                /// Displays a value as a rich output and returns a handle to update it.
                let display (value: obj) = LossNotebooks.Kernel.Display.Notebook.display(value)
                /// Raw HTML to display.
                let HTML (html: string) = LossNotebooks.Kernel.Display.Notebook.HTML html
                /// Markdown to display.
                let Markdown (markdown: string) = LossNotebooks.Kernel.Display.Notebook.Markdown markdown
                /// A LaTeX formula to display.
                let LaTeX (latex: string) = LossNotebooks.Kernel.Display.Notebook.LaTeX latex
                /// Runs JavaScript in the front end.
                let Javascript (script: string) = LossNotebooks.Kernel.Display.Notebook.Javascript script
                /// Adds CSS to the page.
                let CSS (css: string) = LossNotebooks.Kernel.Display.Notebook.CSS css
                /// Shows a value in the front end's pager (help panel).
                let page (value: obj) = LossNotebooks.Kernel.Display.Notebook.page(value)
                /// Clears the cell's output.
                let ClearOutput () = LossNotebooks.Kernel.Display.Notebook.ClearOutput(false)
            open LossNotebooksKernel
            {string.Join("\n", DefaultOpens.Select(n => "open " + n))}
            """;
    }

    /// <summary>
    /// The namespaces every F# cell has open, as in .NET Interactive's F# kernel: System, System.IO (its cells reached
    /// them through the F# Interactive defaults it ran with), System.Text, System.Threading.Tasks, System.Linq, the
    /// HTML abstractions and the Formatter's namespace; Microsoft.DotNet.Interactive for <c>MathString</c> and <c>Kernel</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultOpens = new[]
    {
        "System", "System.IO", "System.Text", "System.Threading.Tasks", "System.Linq", "Microsoft.AspNetCore.Html",
        "Microsoft.DotNet.Interactive", "Microsoft.DotNet.Interactive.Formatting",
    };

    /// <summary>
    /// The <c>Html</c> module of .NET Interactive's F# cells (tag functions and <c>_attribute</c> helpers), declared on
    /// the first cell that names it: compiling its ~240 functions would otherwise slow every F# session's start.
    /// </summary>
    void DeclareHtmlModuleWhenNamed(string code)
    {
        if (htmlModuleDeclared || !HtmlName().IsMatch(code)) return;
        using var stream = typeof(FSharpInterpreter).Assembly.GetManifestResourceStream("Html.fsx")!;
        Declare(new StreamReader(stream).ReadToEnd());
        htmlModuleDeclared = true;
    }

    [GeneratedRegex(@"\bHtml\b")]
    private static partial Regex HtmlName();

    /// <inheritdoc />
    public CellOutcome Execute(string code, int executionCount, IOutputSink output)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            lock (gate)
            {
                DeclareHtmlModuleWhenNamed(code);
                var (result, diagnostics) = Evaluate(code, executionCount);
                if (OnlyGenericIt(diagnostics))
                {
                    // A cell ending in an expression of generic type (failwith "…", raise e, a function returning 'a)
                    // cannot bind `it`; it ran nothing. As a statement followed by () its type becomes unit: the cell
                    // runs as a script would run it, showing no value.
                    (result, diagnostics) = Evaluate(code + "\n()", executionCount);
                }
                ReportWarnings(diagnostics);
                if (diagnostics.Any(d => d.Severity.IsError)) return new CellOutcome { Error = CompileError(diagnostics, executionCount) };
                if (result is FSharpChoice<FSharpOption<Shell.FsiValue>?, Exception>.Choice2Of2 { Item: var exception })
                    return new CellOutcome { Error = RuntimeError(exception, executionCount) };
                var value = ((FSharpChoice<FSharpOption<Shell.FsiValue>?, Exception>.Choice1Of2)result).Item;
                if (value is null || value.Value.ReflectionType == typeof(Unit) || value.Value.ReflectionValue is DisplayHandle) return CellOutcome.Nothing;
                return new CellOutcome { HasValue = true, Value = value.Value.ReflectionValue };
            }
        }
        finally { lastTimings = $"fsi {clock.Elapsed.TotalMilliseconds:F0} ms"; }
    }

    (FSharpChoice<FSharpOption<Shell.FsiValue>?, Exception> Result, FSharpDiagnostic[] Diagnostics) Evaluate(string code, int executionCount) =>
        fsi.EvalInteractionNonThrowing(code, $"cell{executionCount}.fsx", FSharpOption<CancellationToken>.Some(interruption.Token)).ToValueTuple();

    static bool OnlyGenericIt(FSharpDiagnostic[] diagnostics)
    {
        var errors = diagnostics.Where(d => d.Severity.IsError).ToList();
        return errors.Count > 0 && errors.All(e => e.ErrorNumberText == "FS0030" && e.Message.Contains("'it'", StringComparison.Ordinal));
    }

    static void ReportWarnings(IEnumerable<FSharpDiagnostic> diagnostics)
    {
        foreach (var warning in diagnostics.Where(d => d.Severity.IsWarning))
            Console.Error.WriteLine($"{Where(warning)}: warning {warning.ErrorNumberText}: {warning.Message}");
    }

    static string Where(FSharpDiagnostic d) => $"{Path.GetFileNameWithoutExtension(d.FileName)}({d.StartLine},{d.StartColumn + 1})";

    /// <summary>Compile errors with the cell's own line and column, one per line.</summary>
    static CellError CompileError(IEnumerable<FSharpDiagnostic> diagnostics, int executionCount)
    {
        var errors = diagnostics.Where(d => d.Severity.IsError).ToList();
        if (errors.Any(e => e.Message.Contains("The operation was canceled", StringComparison.Ordinal))) return Interrupted(executionCount);
        var lines = errors.Select(d => $"{Where(d)}: error {d.ErrorNumberText}: {d.Message}").ToList();
        var position = errors.Select(d => CellPositions.Of(d.FileName, d.StartLine, d.StartColumn + 1)).FirstOrDefault(p => p is not null);
        return new CellError("CompilationError", string.Join("\n", lines), lines, position);
    }

    static CellError Interrupted(int executionCount) =>
        new("KeyboardInterrupt", "the cell was interrupted", new[] { $"KeyboardInterrupt: cell {executionCount} was interrupted" });

    /// <summary>A runtime exception with frames that name cells and lines.</summary>
    static CellError RuntimeError(Exception exception, int executionCount)
    {
        if (exception is TargetInvocationException { InnerException: { } inner }) exception = inner;
        if (exception is ThreadInterruptedException or OperationCanceledException) return Interrupted(executionCount);
        var traceback = new List<string> { $"{exception.GetType().FullName}: {exception.Message}" };
        traceback.AddRange((exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => CellFrame().Replace(f.TrimEnd(), " in $1:line $2"))
            .TakeWhile(f => !f.Contains("System.Reflection.", StringComparison.Ordinal) && !f.Contains("FSharp.Compiler.", StringComparison.Ordinal)));
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
            traceback.Add($" ---> {e.GetType().FullName}: {e.Message}");
        return new CellError(exception.GetType().Name, exception.Message, traceback, CellPositions.Innermost(exception));
    }

    [GeneratedRegex(@" in \S*?(cell\d+)\.fsx:line (\d+)")]
    private static partial Regex CellFrame();

    /// <inheritdoc />
    public void AddReferences(IReadOnlyList<Assembly> assemblies)
    {
        if (assemblies.Count == 0) return;
        Declare(string.Join("\n", assemblies.Where(a => !string.IsNullOrEmpty(a.Location)).Select(a => $"#r @\"{a.Location}\"")));
    }

    /// <summary>Runs an interaction of the interpreter's own; its failure is the interpreter's error.</summary>
    void Declare(string code)
    {
        lock (gate)
        {
            var (result, diagnostics) = fsi.EvalInteractionNonThrowing(code, $"kernel{++declarations}.fsx", FSharpOption<CancellationToken>.None).ToValueTuple();
            var errors = diagnostics.Where(d => d.Severity.IsError).Select(d => $"{d.ErrorNumberText}: {d.Message}").ToList();
            if (result is FSharpChoice<FSharpOption<Shell.FsiValue>, Exception>.Choice2Of2 { Item: var exception }) errors.Add(exception.Message);
            if (errors.Count > 0) throw new InvalidOperationException(string.Join("\n", errors.Distinct()));
        }
    }

    /// <inheritdoc />
    public Task<Completions> CompleteAsync(string code, int cursor) => Task.FromResult(languageServices.Complete(code, cursor));

    /// <inheritdoc />
    public Task<string?> InspectAsync(string code, int cursor) => Task.FromResult(languageServices.Inspect(code, cursor));

    /// <inheritdoc />
    public string IsComplete(string code) => languageServices.IsComplete(code);

    /// <inheritdoc />
    public void Interrupt() => interruption.Cancel();

    /// <inheritdoc />
    public void ClearInterrupt()
    {
        if (interruption.IsCancellationRequested) interruption = new CancellationTokenSource();
    }

    /// <inheritdoc />
    public IReadOnlyList<VariableInfo> Variables()
    {
        lock (gate)
            return fsi.GetBoundValues().Where(v => v.Name != "it")
                .Select(v => new VariableInfo(v.Name, v.Value.ReflectionType, v.Value.ReflectionValue)).ToList();
    }

    /// <inheritdoc />
    public bool TryGetValue(string name, out object? value)
    {
        lock (gate)
        {
            var bound = fsi.TryFindBoundValue(name);
            value = bound?.Value.Value.ReflectionValue;
            return bound is not null;
        }
    }

    /// <inheritdoc />
    public void SetValue(string name, object? value, Type type)
    {
        if (!Identifier().IsMatch(name)) throw new ArgumentException($"'{name}' is not an F# value name", nameof(name));
        var typeName = value is null || type.IsInstanceOfType(value) ? FSharpTypeName.Of(type) ?? "obj" : "obj";
        if (typeName != "obj") AddReferences(TypeAssemblies.Of(type)); // a package's type, brought by a C# cell's #r
        var id = ValueHandoff.Put(value);
        Declare($"let {name} : {typeName} = unbox<{typeName}> (LossNotebooks.Kernel.Interpreters.ValueHandoff.Take {id})");
    }

    /// <inheritdoc />
    public object? Evaluate(string expression)
    {
        lock (gate)
        {
            var (result, diagnostics) = fsi.EvalExpressionNonThrowing(expression).ToValueTuple();
            var errors = diagnostics.Where(d => d.Severity.IsError).Select(d => $"error {d.ErrorNumberText}: {d.Message}").ToList();
            if (errors.Count > 0) throw new InvalidOperationException(string.Join("; ", errors));
            if (result is FSharpChoice<FSharpOption<Shell.FsiValue>?, Exception>.Choice2Of2 { Item: var exception })
                throw new InvalidOperationException(exception.Message, exception);
            return ((FSharpChoice<FSharpOption<Shell.FsiValue>?, Exception>.Choice1Of2)result).Item?.Value.ReflectionValue;
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_']*$")]
    private static partial Regex Identifier();

    /// <inheritdoc />
    public void WarmUp() => Declare("[ 1; 2 ] |> List.map (fun x -> x + 1) |> List.sum |> ignore");

    /// <inheritdoc />
    public void WarmUpWhenIdle() => languageServices.Complete("System.Console.", 15);
}
