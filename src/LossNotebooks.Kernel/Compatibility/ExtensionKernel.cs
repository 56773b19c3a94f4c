extern alias DotNetInteractive;
using System.Reflection;
using System.Runtime.CompilerServices;
using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Cells;
using LossNotebooks.Kernel.Display;
using LossNotebooks.Kernel.Packages;
using DI = DotNetInteractive::Microsoft.DotNet.Interactive;
using DICommands = DotNetInteractive::Microsoft.DotNet.Interactive.Commands;
using DIEvents = DotNetInteractive::Microsoft.DotNet.Interactive.Events;

namespace LossNotebooks.Kernel.Compatibility;

/// <summary>Creates the kernel object extensions receive; the only door to it, so nothing else loads Microsoft.DotNet.Interactive.</summary>
public static class ExtensionKernels
{
    /// <summary>A .NET Interactive <c>CompositeKernel</c> whose language kernels run cells through <paramref name="pipeline"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IExtensionKernel Create(CellPipeline pipeline) => new ExtensionKernel(pipeline);
}

/// <summary>
/// A real .NET Interactive <c>CompositeKernel</c> for kernel extensions: one child kernel per interpreter (named as
/// the languages are: <c>csharp</c>, <c>fsharp</c>), whose <c>SubmitCode</c> runs through this kernel's cell pipeline,
/// so <c>kernel.FindKernelByName("csharp").SendAsync(new SubmitCode(…))</c> runs a cell here. Displays, streams and
/// return values published on it go to the running cell; directives extensions add become cell magics.
/// </summary>
sealed class ExtensionKernel : IExtensionKernel
{
    readonly DI.CompositeKernel root = new("lossnotebooks");
    readonly CellPipeline pipeline;
    int submissions; // cells extensions submitted: numbered apart from the user's (cell-1, cell-2, …)
    CellOutcome? lastOutcome; // of the last submission, the value a cell run through Run shows
    readonly HashSet<string> builtIn = new(StringComparer.OrdinalIgnoreCase); // directives .NET Interactive's kernels declare themselves
    IOutputSink? cellOutput; // of the cell whose command runs now: .NET Interactive raises events on threads of its own

    public ExtensionKernel(CellPipeline pipeline)
    {
        this.pipeline = pipeline;
        foreach (var interpreter in pipeline.Interpreters)
            root.Add(new LanguageKernel(interpreter, this), interpreter.Language.Language.Aliases);
        root.DefaultKernelName = pipeline.DefaultInterpreter.Language.Name;
        root.RegisterCommandType<LoadExtension>();
        root.RegisterCommandHandler<LoadExtension>((command, _) => command.Invoke(root));
        root.KernelEvents.Subscribe(new Observer(Publish));
    }

    public void Load(object extension, MethodInfo onLoad) =>
        Send(new LoadExtension(kernel => (Task?)onLoad.Invoke(extension, new object?[] { kernel }) ?? Task.CompletedTask));

    public IReadOnlyList<(string Name, string Description)> AddedMagics =>
        root.Prepend<DI.Kernel>(root).SelectMany(k => k.KernelInfo.SupportedDirectives)
            .Where(d => !d.Hidden && d.Name.StartsWith("#!", StringComparison.Ordinal) && !builtIn.Contains(d.Name[2..]))
            .Select(d => (d.Name[2..], d.Description ?? "")).DistinctBy(d => d.Item1).ToList();

    public CellOutcome Run(string cell)
    {
        lastOutcome = null;
        var failure = Send(new DICommands.SubmitCode(cell));
        if (failure is not null) return new CellOutcome { Error = new CellError("MagicError", failure, failure.Split('\n')) };
        return lastOutcome ?? CellOutcome.Nothing;
    }

    /// <summary>Sends a command to the composite kernel and waits; the failure's message, or null.</summary>
    string? Send(DICommands.KernelCommand command)
    {
        var outer = cellOutput;
        cellOutput = KernelConsole.Current;
        DI.KernelCommandResult result;
        try { result = root.SendAsync(command).GetAwaiter().GetResult(); }
        finally { cellOutput = outer; }
        return result.Events.OfType<DIEvents.CommandFailed>().Select(f => f.Exception is { } e ? $"{e.GetType().Name}: {e.Message}" : f.Message)
            .FirstOrDefault();
    }

    /// <summary>Runs a cell an extension (or an extension's magic) submitted to one of the language kernels.</summary>
    internal CellOutcome RunSubmission(IInterpreter interpreter, string code)
    {
        var sink = cellOutput ?? throw new InvalidOperationException("a .NET Interactive command arrived while no cell runs");
        var outcome = pipeline.Run(pipeline.Prepare(code, interpreter), --submissions, sink);
        lastOutcome = outcome;
        return outcome;
    }

    /// <summary>What the composite kernel publishes, as the running cell's outputs.</summary>
    void Publish(DIEvents.KernelEvent kernelEvent)
    {
        var sink = cellOutput;
        if (sink is null) return;
        switch (kernelEvent)
        {
            case DIEvents.DisplayedValueUpdated updated:
                sink.Display(Bundle(updated), updated.ValueId, update: true);
                break;
            case DIEvents.StandardOutputValueProduced output:
                sink.Stream("stdout", Text(output));
                break;
            case DIEvents.StandardErrorValueProduced error:
                sink.Stream("stderr", Text(error));
                break;
            case DIEvents.ErrorProduced error:
                sink.Stream("stderr", error.Message + "\n");
                break;
            case DIEvents.DisplayEvent display: // produced values and return values
                KernelConsole.Flush();
                sink.Display(Bundle(display), display.ValueId, update: false);
                break;
        }
    }

    static MimeBundle Bundle(DIEvents.DisplayEvent display) =>
        display.FormattedValues is { Count: > 0 } formatted
            ? MimeBundle.Of(formatted.Select(f => (f.MimeType, f.Value)).ToArray())
            : Formatted.Bundle(display.Value);

    static string Text(DIEvents.DisplayEvent display) =>
        display.FormattedValues.FirstOrDefault(f => f.MimeType == "text/plain")?.Value ?? display.Value?.ToString() ?? "";

    /// <summary>A child kernel for one language: its cells run in this kernel's interpreter.</summary>
    sealed class LanguageKernel : DI.Kernel, DI.IKernelCommandHandler<DICommands.SubmitCode>
    {
        readonly IInterpreter interpreter;
        readonly ExtensionKernel owner;

        public LanguageKernel(IInterpreter interpreter, ExtensionKernel owner) : base(interpreter.Language.Name)
        {
            this.interpreter = interpreter;
            this.owner = owner;
            KernelInfo.LanguageName = interpreter.Language.Name;
            KernelInfo.LanguageVersion = interpreter.Language.Version;
            foreach (var directive in KernelInfo.SupportedDirectives) owner.builtIn.Add(directive.Name.TrimStart('#', '!'));
        }

        public Task HandleAsync(DICommands.SubmitCode command, DI.KernelInvocationContext context)
        {
            var outcome = owner.RunSubmission(interpreter, command.Code);
            if (outcome.Error is { } error) context.Fail(command, null, error.Value);
            return Task.CompletedTask;
        }
    }

    /// <summary>The command an extension's <c>OnLoadAsync</c> runs in, as .NET Interactive runs it inside the <c>#r</c> cell's command.</summary>
    sealed class LoadExtension(Func<DI.Kernel, Task> load) : DICommands.KernelCommand
    {
        public Task Invoke(DI.Kernel kernel) => load(kernel);
    }

    sealed class Observer(Action<DIEvents.KernelEvent> next) : IObserver<DIEvents.KernelEvent>
    {
        public void OnNext(DIEvents.KernelEvent value) => next(value);
        public void OnError(Exception error) { }
        public void OnCompleted() { }
    }
}
