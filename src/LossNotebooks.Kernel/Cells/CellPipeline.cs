using System.Diagnostics;
using System.Reflection;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Compatibility;
using LossNotebooks.Kernel.Display;
using LossNotebooks.Kernel.Packages;

namespace LossNotebooks.Kernel.Cells;

/// <summary>
/// The way from a cell's text to its outcome: the registered magic handlers read the cell's <c>#!</c> lines (and own
/// the list of what this kernel supports), the reference directives (<c>#r "nuget:…"</c>, <c>#r "project:…"</c>,
/// <c>#r "x.dll"</c>) load what the cell asks for, and the chosen interpreter runs the rest.
/// </summary>
public sealed class CellPipeline
{
    readonly List<IMagicHandler> handlers = new();
    readonly Dictionary<string, IMagicHandler> byName = new(StringComparer.OrdinalIgnoreCase);
    readonly ReferenceLoader? references;

    /// <summary>A pipeline whose cells run in <paramref name="defaultInterpreter"/> unless a magic line chooses another.</summary>
    /// <param name="defaultInterpreter">The kernel's language.</param>
    /// <param name="references">Loads the cells' reference directives; null to leave them to the interpreter.</param>
    public CellPipeline(IInterpreter defaultInterpreter, ReferenceLoader? references)
    {
        DefaultInterpreter = defaultInterpreter;
        this.references = references;
    }

    /// <summary>
    /// A pipeline with the standard magics: one language magic per interpreter, <c>#!markdown</c>, <c>#!html</c>,
    /// <c>#!javascript</c>, <c>#!mermaid</c>, <c>#!time</c>, the sharing magics (<c>#!share</c>, <c>#!set</c>, <c>#!value</c>), <c>#!who</c>,
    /// <c>#!whos</c>, <c>#!import</c>, <c>#!lsmagic</c> and <c>#!about</c>.
    /// </summary>
    public static CellPipeline Standard(IReadOnlyList<IInterpreter> interpreters, ReferenceLoader? references)
    {
        var pipeline = new CellPipeline(interpreters[0], references);
        foreach (var interpreter in interpreters) pipeline.Register(new LanguageMagic(interpreter));
        pipeline.Register(DisplayMagic.Markdown);
        pipeline.Register(DisplayMagic.Html);
        pipeline.Register(DisplayMagic.JavaScript);
        pipeline.Register(DisplayMagic.Mermaid());
        pipeline.Register(new TimeMagic());
        pipeline.Register(new ShareMagic());
        pipeline.Register(new SetMagic());
        pipeline.Register(new ValueMagic());
        pipeline.Register(WhoMagic.Who);
        pipeline.Register(WhoMagic.Whos);
        pipeline.Register(new ImportMagic());
        pipeline.Register(new LsMagicMagic());
        pipeline.Register(new AboutMagic());
        return pipeline;
    }

    IExtensionKernel? extensionKernel; // created with the first .NET Interactive extension

    /// <summary>The kernel object .NET Interactive extensions receive (created on first use).</summary>
    IExtensionKernel ExtensionKernel() => extensionKernel ??= ExtensionKernels.Create(this);

    /// <summary>The magics .NET Interactive extensions added (none before an extension loads).</summary>
    public IReadOnlyList<(string Name, string Description)> ExtensionMagics => extensionKernel?.AddedMagics ?? Array.Empty<(string, string)>();

    /// <summary>The texts <c>#!value</c> cells stored.</summary>
    public ValueStore Values { get; } = new();

    /// <summary>The interpreter a language name selects (<c>csharp</c>, <c>c#</c>, <c>fsharp</c>, …), or null.</summary>
    public IInterpreter? FindInterpreter(string name) =>
        Interpreters.FirstOrDefault(i => i.Language.Language.IsNamed(name));

    /// <summary>The interpreter of cells without a language magic.</summary>
    public IInterpreter DefaultInterpreter { get; }

    /// <summary>Every interpreter a cell can reach: the default one and those of the language magics.</summary>
    public IReadOnlyList<IInterpreter> Interpreters =>
        handlers.OfType<LanguageMagic>().Select(m => m.Interpreter).Prepend(DefaultInterpreter).Distinct().ToList();

    /// <summary>The registered magic handlers, in registration order.</summary>
    public IReadOnlyList<IMagicHandler> Handlers => handlers;

    /// <summary>Every supported magic as a cell writes it (<c>#!csharp, #!c#, …</c>).</summary>
    public string SupportedMagics => string.Join(", ", handlers.SelectMany(h => h.Names).Select(n => "#!" + n));

    /// <summary>Adds a magic handler; its names must be new.</summary>
    public void Register(IMagicHandler handler)
    {
        foreach (var name in handler.Names)
            if (!byName.TryAdd(name, handler)) throw new ArgumentException($"the magic #!{name} is registered twice", nameof(handler));
        handlers.Add(handler);
    }

    /// <summary>Reads the cell's magic lines, in order, into a plan.</summary>
    /// <param name="source">The cell's text.</param>
    /// <param name="language">
    /// The cell's language before its own <c>#!</c> lines (its Polyglot metadata, an imported notebook's cell);
    /// default: the kernel's.
    /// </param>
    public CellPlan Prepare(string source, IInterpreter? language = null)
    {
        var plan = new CellPlan(source, language ?? DefaultInterpreter);
        foreach (var magic in MagicLine.All(source))
        {
            if (plan.Finished) break;
            if (!byName.TryGetValue(magic.Name, out var handler))
            {
                if (ExtensionMagics.Any(m => m.Name.Equals(magic.Name, StringComparison.OrdinalIgnoreCase))) plan.ByExtensions = true;
                else plan.Error = Unsupported(magic.Name);
                continue;
            }
            try { handler.Apply(magic, plan); }
            catch (MagicException e) { plan.Error = MagicError(e); }
        }
        return plan;
    }

    /// <summary>
    /// The plan of a cell whose language is named outside its text (its Polyglot metadata, an imported file): an
    /// interpreter's; or a display magic's, for cells Polyglot Notebooks gave kernels of their own (a <c>mermaid</c> or
    /// <c>html</c> cell, whose text has no <c>#!</c> line); null when this kernel does not run the language.
    /// </summary>
    public CellPlan? PrepareIn(string code, string language)
    {
        if (FindInterpreter(language) is { } interpreter) return Prepare(code, interpreter);
        if (!handlers.OfType<DisplayMagic>().Any(h => h.Names.Contains(language, StringComparer.OrdinalIgnoreCase))) return null;
        var marked = MagicLine.All(code).Any(m => m.Name.Equals(language, StringComparison.OrdinalIgnoreCase));
        return Prepare(marked ? code : $"#!{language}\n{code}");
    }

    static CellError MagicError(MagicException e) => new("MagicError", e.Message, e.Message.Split('\n'));

    CellError Unsupported(string magic)
    {
        var message = $"#!{magic} is not supported by this kernel (supported magics: {SupportedMagics})";
        return new CellError("UnsupportedMagic", message, new[] { message });
    }

    /// <summary>
    /// Runs a prepared cell: its display, or its references and then its code. <paramref name="output"/> is the cell's
    /// output context while it runs (<see cref="KernelConsole.Enter"/>): what its code writes to Console goes there too,
    /// and all of it has been sent when this returns.
    /// </summary>
    public CellOutcome Run(CellPlan plan, int executionCount, IOutputSink output)
    {
        using var context = KernelConsole.Enter(output);
        var clock = Stopwatch.StartNew();
        CellOutcome outcome;
        if (plan.Error is { } error) outcome = new CellOutcome { Error = error };
        else if (plan.ByExtensions) outcome = ExtensionKernel().Run(plan.Source);
        else if (plan.Display is { } display)
        {
            output.Display(display, null, update: false);
            outcome = CellOutcome.Nothing;
        }
        else if (RunSteps(plan, executionCount, output) is { } stepError) outcome = new CellOutcome { Error = stepError };
        else
        {
            var directives = references is null ? null : Directives.Read(plan.Code);
            var code = directives?.Code ?? plan.Code;
            outcome = directives is { Any: true } && LoadReferences(directives, plan.Interpreter, output) is { } referenceError
                ? new CellOutcome { Error = referenceError }
                : plan.Steps.Count > 0 && string.IsNullOrWhiteSpace(code) ? CellOutcome.Nothing // a cell of magics only
                : Execute(plan.Interpreter, code, executionCount, output);
        }
        if (plan.Timed) Say(output, $"Wall time: {clock.Elapsed.TotalMilliseconds:F1} ms");
        return outcome;
    }

    /// <summary>A line of the kernel's own on the cell's stdout, after what the cell's code wrote so far.</summary>
    static void Say(IOutputSink output, string line)
    {
        KernelConsole.Flush();
        output.Stream("stdout", line + "\n");
    }

    /// <summary>Runs the magics' steps in order; the first one's error, if any.</summary>
    CellError? RunSteps(CellPlan plan, int executionCount, IOutputSink output)
    {
        var run = new CellRun(this, plan.Interpreter, output, executionCount);
        foreach (var step in plan.Steps)
        {
            try { step(run); }
            catch (MagicException e) { return MagicError(e); }
        }
        return null;
    }

    /// <summary>
    /// Runs the code; an interpreter reports the user's errors as the outcome, so an exception out of it is the
    /// interpreter's own failure: reported as the cell's error, and the kernel goes on.
    /// </summary>
    static CellOutcome Execute(IInterpreter interpreter, string code, int executionCount, IOutputSink output)
    {
        try { return interpreter.Execute(code, executionCount, output); }
        catch (ThreadInterruptedException)
        {
            return new CellOutcome { Error = new CellError("KeyboardInterrupt", "the cell was interrupted", new[] { $"KeyboardInterrupt: cell {executionCount} was interrupted" }) };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var message = $"the {interpreter.Language.Name} interpreter failed: {e.GetType().Name}: {e.Message}";
            return new CellOutcome { Error = new CellError("InterpreterError", message, message.Split('\n')) };
        }
    }

    /// <summary>Loads the cell's package, project and assembly references into every interpreter; the error, if any.</summary>
    CellError? LoadReferences(CellDirectives directives, IInterpreter interpreter, IOutputSink output)
    {
        try
        {
            // One process, one copy of each assembly: what a cell of one language referenced, every language can use
            // (the cell's own first, so its errors come first; a language not started yet gets them when it starts).
            void Reference(IReadOnlyList<Assembly> loaded)
            {
                interpreter.AddReferences(loaded);
                foreach (var other in Interpreters.Where(i => i != interpreter)) other.AddReferences(loaded);
            }
            references!.Load(directives, Directory.GetCurrentDirectory(), line => Say(output, line), Reference, ExtensionKernel);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or BadImageFormatException
                                      or TargetInvocationException)
        {
            var message = e is TargetInvocationException { InnerException: { } inner } ? $"NotebookExtension.Load failed: {inner.Message}" : e.Message;
            return new CellError("ReferenceError", message, message.Split('\n'));
        }
    }
}
