using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LossNotebooks.Kernel.Execution;

namespace LossNotebooks.Kernel.Debugging;

/// <summary>
/// The debugger's state and its decisions: breakpoints by cell path, exception filters, stepping, and the stopped
/// thread. The instrumented code reports through <see cref="Probe"/>; a thread that must stop waits here until the
/// front end resumes it, while the kernel's other threads (the sockets' included) go on. Events go to
/// <c>raise</c> (<c>stopped</c>, <c>continued</c>, <c>output</c>), as the debug adapter protocol names them.
/// </summary>
public sealed class DebugEngine
{
    readonly object gate = Probe.Gate;
    readonly Action<string, JsonObject> raise;
    readonly Dictionary<string, List<Breakpoint>> breakpoints = new(StringComparer.Ordinal);
    readonly HashSet<string> exceptionFilters = new(StringComparer.Ordinal);
    readonly ConditionalWeakTable<Exception, object> reportedExceptions = new();
    readonly Dictionary<(int Site, string Expression), Func<object?[], object?>> compiledConditions = new();
    (Resumption Kind, DebugFrame Frame, int Line)? step;
    bool pauseRequested;
    StoppedThread? stopped;
    Resumption? resumption;

    /// <summary>An engine that raises its events through <paramref name="raise"/> (event name, body).</summary>
    public DebugEngine(Action<string, JsonObject> raise)
    {
        this.raise = raise;
        Probe.Engine = this;
    }

    /// <summary>True between attach and disconnect: cells compiled meanwhile are instrumented.</summary>
    public bool IsAttached { get; private set; }

    /// <summary>The stopped thread, or null.</summary>
    public StoppedThread? Stopped
    {
        get { lock (gate) return stopped; }
    }

    /// <summary>The exception filters the front end can turn on.</summary>
    public static readonly IReadOnlyList<(string Filter, string Label, string Description)> ExceptionFilters = new[]
    {
        ("raised", "Raised exceptions", "Stop where an exception is thrown in cell code, caught or not"),
        ("uncaught", "Uncaught exceptions", "Stop where an exception that ends the cell was thrown"),
    };

    readonly Dictionary<string, string> cellPaths = new(StringComparer.Ordinal);

    /// <summary>Names the path of a cell's file (<c>cell3</c>) before it compiles.</summary>
    public void RegisterCell(string file, string path)
    {
        lock (gate) cellPaths[file] = path;
    }

    /// <summary>The path of a cell's file while attached (its code is then instrumented), else null.</summary>
    public string? PathOfCell(string file)
    {
        lock (gate) return IsAttached ? cellPaths.GetValueOrDefault(file) : null;
    }

    /// <summary>Tells the front end something about the debugging itself (a DAP <c>output</c> event).</summary>
    public void Output(string text) => raise("output", new JsonObject { ["category"] = "console", ["output"] = text + "\n" });

    /// <summary>Starts debugging: cells compiled from now on can be stopped in.</summary>
    public void Attach()
    {
        lock (gate) IsAttached = true;
    }

    /// <summary>Ends debugging: breakpoints, filters and stepping are cleared and a stopped thread runs on.</summary>
    public void Detach()
    {
        lock (gate)
        {
            IsAttached = false;
            breakpoints.Clear();
            exceptionFilters.Clear();
            step = null;
            pauseRequested = false;
            Probe.ArmBreakpoints(_ => false);
            Rearm();
            if (stopped is not null) resumption = Resumption.Continue;
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>
    /// Every statement reports (and records its locals) while stepping, pausing or stopping on exceptions — so an
    /// exception stop shows the frames' locals as of their last statement; otherwise only breakpoints' statements do.
    /// </summary>
    void Rearm()
    {
        Probe.ArmEverySite(step is not null || pauseRequested || exceptionFilters.Count > 0);
        Probe.Stepping = step is not null;
    }

    /// <summary>Replaces a cell's breakpoints; returns them as set.</summary>
    public IReadOnlyList<Breakpoint> SetBreakpoints(string path, IReadOnlyList<Breakpoint> lines)
    {
        lock (gate)
        {
            if (lines.Count == 0) breakpoints.Remove(path);
            else breakpoints[path] = lines.ToList();
            compiledConditions.Clear();
            Probe.ArmBreakpoints(BreaksAtLocked);
            return lines;
        }
    }

    /// <summary>Every cell's breakpoints.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Breakpoint>> Breakpoints
    {
        get { lock (gate) return breakpoints.ToDictionary(b => b.Key, b => (IReadOnlyList<Breakpoint>)b.Value.ToList(), StringComparer.Ordinal); }
    }

    /// <summary>Sets which exceptions stop (<see cref="ExceptionFilters"/>' names).</summary>
    public void SetExceptionFilters(IEnumerable<string> filters)
    {
        lock (gate)
        {
            exceptionFilters.Clear();
            exceptionFilters.UnionWith(filters);
            Rearm();
        }
    }

    /// <summary>Lets the stopped thread go on as <paramref name="how"/> says; false when no thread is stopped.</summary>
    public bool Resume(Resumption how)
    {
        lock (gate)
        {
            if (stopped is null) return false;
            resumption = how;
            Monitor.PulseAll(gate);
            return true;
        }
    }

    /// <summary>Stops the running cell at its next statement in cell code.</summary>
    public void Pause()
    {
        lock (gate)
        {
            if (!IsAttached || stopped is not null) return;
            pauseRequested = true;
            Rearm();
        }
    }

    /// <summary>A cell ended: stepping does not carry into the next one.</summary>
    public void CellFinished()
    {
        lock (gate)
        {
            step = null;
            pauseRequested = false;
            Rearm();
        }
    }

    /// <summary>True when a breakpoint asks for the site's line and the site leads that line.</summary>
    internal bool BreaksAt(Site site)
    {
        lock (gate) return BreaksAtLocked(site);
    }

    bool BreaksAtLocked(Site site) =>
        site.LeadsLine && breakpoints.TryGetValue(site.Path, out var lines) && lines.Any(b => b.Line == site.Line);

    /// <summary>An armed statement was reached (on the cell's thread): stops when a breakpoint, a step or a pause says so.</summary>
    internal void Reached(DebugFrame frame, int siteId)
    {
        Site site;
        bool breakpoint;
        string? reason = null;
        lock (gate)
        {
            if (!IsAttached) return;
            site = Probe.SiteOf(siteId);
            breakpoint = Probe.IsBreakpoint(siteId);
            if (pauseRequested) reason = "pause";
            else if (step is { } s && StepEnds(s, frame, site)) reason = "step";
        }
        if (breakpoint && BreakpointStops(frame, site)) reason = "breakpoint";
        if (reason is not null) StopHere(frame, reason, null);
    }

    /// <summary>A call of cell code returned to <paramref name="frame"/>: a step that began deeper stops here, on the call's line.</summary>
    internal void Returned(DebugFrame frame)
    {
        lock (gate)
            if (!IsAttached || step is not { } s || frame.Depth >= s.Frame.Depth) return;
        StopHere(frame, "step", null);
    }

    static bool StepEnds((Resumption Kind, DebugFrame Frame, int Line) step, DebugFrame frame, Site site) => step.Kind switch
    {
        Resumption.StepIn => !ReferenceEquals(frame, step.Frame) || site.Line != step.Line,
        Resumption.Next => frame.Depth < step.Frame.Depth || (frame.Depth == step.Frame.Depth && (!ReferenceEquals(frame, step.Frame) || site.Line != step.Line)),
        Resumption.StepOut => frame.Depth < step.Frame.Depth,
        _ => false,
    };

    bool BreakpointStops(DebugFrame frame, Site site)
    {
        Breakpoint? breakpoint;
        lock (gate) breakpoint = breakpoints.GetValueOrDefault(site.Path)?.FirstOrDefault(b => b.Line == site.Line);
        if (breakpoint is null) return false;
        if (!string.IsNullOrWhiteSpace(breakpoint.Condition))
        {
            try
            {
                if (ConditionOf(site, breakpoint.Condition)(frame.Values ?? Array.Empty<object?>()) is not true) return false;
            }
            catch (Exception e)
            {
                // A condition that does not compile or throws stops, saying why (as debuggers do).
                StopHere(frame, "breakpoint", $"the breakpoint's condition failed: {(e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner.Message : e.Message)}");
                return false;
            }
        }
        lock (gate) breakpoint.Hits++;
        return HitConditionHolds(breakpoint.HitCondition, breakpoint.Hits);
    }

    Func<object?[], object?> ConditionOf(Site site, string expression)
    {
        lock (gate)
            if (compiledConditions.TryGetValue((site.Id, expression), out var known)) return known;
        var compiled = site.Evaluator.Compile($"(bool)({expression})", site.Locals);
        lock (gate) compiledConditions[(site.Id, expression)] = compiled;
        return compiled;
    }

    /// <summary>Whether the Nth hit stops: <c>N</c> or <c>==N</c> on the Nth, <c>&gt;N</c>, <c>&gt;=N</c>, <c>%N</c> on every Nth; none or unreadable: every hit.</summary>
    public static bool HitConditionHolds(string? condition, int hits)
    {
        var text = (condition ?? "").Trim();
        if (text.Length == 0) return true;
        var (op, number) = text.StartsWith(">=", StringComparison.Ordinal) ? (">=", text[2..])
            : text.StartsWith("==", StringComparison.Ordinal) ? ("==", text[2..])
            : text.StartsWith('>') ? (">", text[1..])
            : text.StartsWith('%') ? ("%", text[1..])
            : ("==", text);
        if (!int.TryParse(number.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) return true;
        return op switch
        {
            ">=" => hits >= n,
            ">" => hits > n,
            "%" => n > 0 && hits % n == 0,
            _ => hits == n,
        };
    }

    /// <summary>
    /// An exception passes an instrumented function's filter (first pass: nothing has unwound yet). With <c>raised</c>
    /// it stops in the innermost frame once; with <c>uncaught</c> when it is about to leave the cell.
    /// </summary>
    internal void Thrown(DebugFrame frame, DebugFrame innermost, Exception exception)
    {
        if (exception is KeyboardInterruptException or ThreadInterruptedException) return;
        bool stop;
        lock (gate)
        {
            if (!IsAttached || reportedExceptions.TryGetValue(exception, out _)) return;
            stop = exceptionFilters.Contains("raised") || (frame.IsCell && exceptionFilters.Contains("uncaught"));
            if (stop) reportedExceptions.Add(exception, frame);
        }
        if (stop) StopHere(innermost, "exception", $"{exception.GetType().FullName}: {exception.Message}");
    }

    /// <summary>Stops this thread at <paramref name="top"/> until the front end resumes it (other threads that must stop wait their turn).</summary>
    void StopHere(DebugFrame top, string reason, string? text)
    {
        var frames = new List<DebugFrame>();
        for (var frame = top; frame is not null; frame = frame.Parent) frames.Add(frame);
        var thread = Thread.CurrentThread;
        lock (gate)
        {
            while (stopped is not null && IsAttached) Monitor.Wait(gate);
            if (!IsAttached) return;
            stopped = new StoppedThread(thread.ManagedThreadId, thread.Name ?? $"thread {thread.ManagedThreadId}", reason, frames);
            resumption = null;
            step = null;
            pauseRequested = false;
            Rearm();
        }
        var body = new JsonObject { ["reason"] = reason, ["threadId"] = thread.ManagedThreadId, ["allThreadsStopped"] = true };
        if (text is not null)
        {
            body["description"] = text;
            body["text"] = text;
        }
        raise("stopped", body);
        var how = Resumption.Continue;
        try
        {
            lock (gate)
            {
                while (resumption is null) Monitor.Wait(gate);
                how = resumption.Value;
                if (how is Resumption.Next or Resumption.StepIn or Resumption.StepOut)
                {
                    step = (how, top, Probe.SiteOf(top.Site).Line);
                    Rearm();
                }
            }
        }
        finally
        {
            lock (gate)
            {
                stopped = null;
                resumption = null;
                Monitor.PulseAll(gate);
            }
            raise("continued", new JsonObject { ["threadId"] = thread.ManagedThreadId, ["allThreadsContinued"] = true });
        }
        if (how == Resumption.Interrupt) throw new KeyboardInterruptException();
    }
}
