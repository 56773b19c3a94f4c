using System.Diagnostics;
using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Cells;
using LossNotebooks.Kernel.Display;
using LossNotebooks.Kernel.Execution;

namespace LossNotebooks.Kernel.Server;

public sealed partial class KernelServer
{
    void ExecutionLoop()
    {
        executionThread = Thread.CurrentThread;
        try
        {
            pipeline.DefaultInterpreter.WarmUp();
            MimeBundle.From(0); // the Formatter registry's first use is slow too
            log.Info("interpreter warm");
        }
        catch (Exception e) { log.Error($"warm-up failed: {e.Message}"); }
        var executionCount = 0;
        var idleWarm = false;
        while (!executeQueue.IsCompleted)
        {
            // Heavier preparation (the completion workspace: MEF, Roslyn's features) is done on this thread once the
            // kernel has been idle for a second, so it never competes with a running cell for the two cores.
            JupyterMessage? request;
            bool taken;
            try { taken = executeQueue.TryTake(out request, idleWarm ? Timeout.Infinite : 1000, stopping.Token); }
            catch (OperationCanceledException) { break; }
            if (!taken || request is null)
            {
                if (executeQueue.IsCompleted) break;
                if (!idleWarm) WarmUpWhenIdle();
                idleWarm = true;
                continue;
            }
            try { Execute(request, ref executionCount); }
            catch (Exception e) { log.Error($"execute failed: {e}"); }
        }
    }

    void WarmUpWhenIdle()
    {
        try
        {
            pipeline.DefaultInterpreter.WarmUpWhenIdle();
            log.Info("language services warm");
        }
        catch (Exception e) { log.Error($"idle warm-up failed: {e.Message}"); }
    }

    /// <summary>Runs one execute_request (and, when it fails with stop_on_error, aborts the requests queued behind it).</summary>
    void Execute(JupyterMessage request, ref int executionCount)
    {
        var code = (string?)request.Content["code"] ?? "";
        var silent = (bool?)request.Content["silent"] ?? false;
        var storeHistory = !silent && ((bool?)request.Content["store_history"] ?? true);
        var allowStdin = (bool?)request.Content["allow_stdin"] ?? true;
        Status(request, "busy");
        if (storeHistory) executionCount++;
        var count = executionCount;
        if (!silent) Publish(request, "execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count });
        if (storeHistory) history.Add(count, code);

        var sink = new ProtocolSink(this, request, allowStdin);
        runningCell = sink;
        var stopwatch = Stopwatch.StartNew();
        var plan = Prepare(code, CellLanguage(request));
        CellOutcome outcome;
        KernelConsole.Current = sink;
        try
        {
            outcome = pipeline.Run(plan, count, sink);
            FlushOutputs();
        }
        finally
        {
            runningCell = null;
            KernelConsole.Current = null;
            ConsumePendingThreadInterrupt();
        }

        JsonObject reply;
        if (outcome.Error is { } error)
        {
            var errorContent = new JsonObject
            {
                ["ename"] = error.Name, ["evalue"] = error.Value, ["traceback"] = new JsonArray(error.Traceback.Select(t => (JsonNode?)t).ToArray()),
            };
            Publish(request, "error", (JsonObject)errorContent.DeepClone());
            reply = errorContent;
            reply["status"] = "error";
            reply["execution_count"] = count;
        }
        else
        {
            if (outcome.HasValue && !silent)
            {
                MimeBundle bundle;
                try { bundle = MimeBundle.From(outcome.Value); }
                catch (Exception e) { bundle = MimeBundle.Of(("text/plain", $"<formatting {outcome.Value?.GetType().Name} failed: {e.Message}>")); }
                Publish(request, "execute_result", new JsonObject { ["execution_count"] = count, ["data"] = bundle.ToJson(), ["metadata"] = new JsonObject() });
                if (storeHistory) history.SetOutput(count, (string?)bundle.Data["text/plain"] ?? "");
            }
            reply = new JsonObject { ["status"] = "ok", ["execution_count"] = count, ["payload"] = sink.Payloads, ["user_expressions"] = new JsonObject() };
        }
        // stop_on_error aborts what was queued behind the failed cell: taken before its reply goes out, since a client
        // may send its next request as soon as it sees that reply, and that one must run.
        var aborted = outcome.Error is not null && ((bool?)request.Content["stop_on_error"] ?? true) ? TakeQueued() : new List<JupyterMessage>();
        Reply(shell, request, "execute_reply", reply);
        Status(request, "idle");
        foreach (var queued in aborted) Abort(queued, count);
        log.Info($"cell {count} took {stopwatch.Elapsed.TotalMilliseconds:F1} ms ({(outcome.Error is null ? "ok" : "error")}; {plan.Interpreter.LastTimings})");
    }

    /// <summary>The cell's language named by the request's metadata (lossnb run sends a Polyglot cell's), or null.</summary>
    static string? CellLanguage(JupyterMessage request) => PolyglotMetadata.CellLanguage(request.Metadata);

    /// <summary>
    /// The cell's plan in the language its request names: an interpreter's; or a display magic's, for cells Polyglot
    /// Notebooks gave kernels of their own (a <c>mermaid</c> or <c>html</c> cell, whose text has no <c>#!</c> line);
    /// else an error naming the languages.
    /// </summary>
    CellPlan Prepare(string code, string? language)
    {
        if (language is null) return pipeline.Prepare(code);
        if (pipeline.FindInterpreter(language) is { } interpreter) return pipeline.Prepare(code, interpreter);
        if (pipeline.Handlers.Any(h => h is DisplayMagic && h.Names.Contains(language, StringComparer.OrdinalIgnoreCase)))
            return pipeline.Prepare(MagicLine.All(code).Any(m => m.Name.Equals(language, StringComparison.OrdinalIgnoreCase)) ? code : $"#!{language}\n{code}");
        return UnknownLanguage(code, language);
    }

    CellPlan UnknownLanguage(string code, string language)
    {
        var plan = new CellPlan(code, pipeline.DefaultInterpreter);
        var message = $"the cell's metadata names the language '{language}', which this kernel does not run (languages: " +
                      $"{string.Join(", ", pipeline.Interpreters.Select(i => i.Language.Name))})";
        plan.Error = new CellError("UnsupportedLanguage", message, new[] { message });
        return plan;
    }

    /// <summary>
    /// Stops the running cell: asks its interpreter to stop at its next check, and interrupts the execution thread if
    /// it is blocked (Thread.Sleep, Wait, Join). A cell still running after a grace period is stuck in native code:
    /// say so. Called for interrupt_request and for SIGINT.
    /// </summary>
    public void Interrupt()
    {
        var cell = runningCell;
        if (cell is null && executeQueue.Count == 0) return; // idle: nothing to interrupt
        log.Info("interrupt requested");
        foreach (var interpreter in pipeline.Interpreters) interpreter.Interrupt(); // a queued cell that has not started yet stops at its first check
        if (cell is null) return;
        // Loops see the flag within milliseconds; a cell still running after 100 ms is blocked (Sleep, Wait, Join).
        Task.Delay(100).ContinueWith(_ =>
        {
            if (ReferenceEquals(runningCell, cell)) executionThread?.Interrupt();
        });
        Task.Delay(TimeSpan.FromSeconds(3)).ContinueWith(_ =>
        {
            if (ReferenceEquals(runningCell, cell))
                cell.Stream("stderr", "The cell did not stop within 3 s of the interrupt: it is probably blocked in native code, " +
                                      "which cannot be interrupted. Restart the kernel to stop it.\n");
        });
    }

    /// <summary>Sends the cell's remaining output, even if a late Thread.Interrupt lands in the wait.</summary>
    static void FlushOutputs()
    {
        try { KernelConsole.Flush(); }
        catch (ThreadInterruptedException) { KernelConsole.Flush(); }
    }

    /// <summary>
    /// A Thread.Interrupt that arrived when the cell was not blocked stays pending: consume it; and the interrupt
    /// request ends with the cell.
    /// </summary>
    void ConsumePendingThreadInterrupt()
    {
        try { Thread.Sleep(0); } catch (ThreadInterruptedException) { }
        foreach (var interpreter in pipeline.Interpreters) interpreter.ClearInterrupt();
    }

    List<JupyterMessage> TakeQueued()
    {
        var queued = new List<JupyterMessage>();
        while (executeQueue.TryTake(out var next)) queued.Add(next);
        return queued;
    }

    void Abort(JupyterMessage queued, int executionCount)
    {
        Status(queued, "busy");
        Reply(shell, queued, "execute_reply", new JsonObject { ["status"] = "aborted", ["execution_count"] = executionCount });
        Status(queued, "idle");
    }
}
