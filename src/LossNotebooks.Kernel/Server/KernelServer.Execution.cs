using System.Diagnostics;
using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Cells;
using LossNotebooks.Kernel.Display;

namespace LossNotebooks.Kernel.Server;

public sealed partial class KernelServer
{
    void ExecutionLoop()
    {
        executionThread = Thread.CurrentThread;
        try
        {
            pipeline.DefaultInterpreter.WarmUp();
            Formatted.Bundle(0); // the Formatter registry's first use is slow too
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
            var (count, aborted) = (executionCount, new List<JupyterMessage>());
            Dispatch(request, () =>
            {
                (count, aborted) = Execute(request, count);
                return Task.CompletedTask;
            });
            executionCount = count;
            foreach (var queued in aborted) Abort(queued, count); // after the failed cell's idle
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

    /// <summary>
    /// Runs one execute_request; returns the execution count after it and, when the cell failed with stop_on_error,
    /// the requests queued behind it, to abort.
    /// </summary>
    (int Count, List<JupyterMessage> Aborted) Execute(JupyterMessage request, int executionCount)
    {
        var code = (string?)request.Content["code"] ?? "";
        var silent = (bool?)request.Content["silent"] ?? false;
        var storeHistory = !silent && ((bool?)request.Content["store_history"] ?? true);
        var allowStdin = (bool?)request.Content["allow_stdin"] ?? true;
        if (storeHistory) executionCount++;
        var count = executionCount;
        if (!silent) Publish(request, "execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count });
        if (storeHistory) history.Add(count, code);

        var sink = new ProtocolSink(this, request, allowStdin);
        runningCell = sink;
        var stopwatch = Stopwatch.StartNew();
        var plan = Prepare(code, CellLanguage(request));
        debugAdapter?.CellStarting(count, code);
        CellOutcome outcome;
        try { outcome = pipeline.Run(plan, count, sink); }
        finally
        {
            debugAdapter?.Engine.CellFinished();
            runningCell = null;
            ConsumePendingThreadInterrupt();
        }

        JsonObject reply;
        if (outcome.Error is { } error)
        {
            var errorContent = new JsonObject
            {
                ["ename"] = error.Name,
                ["evalue"] = error.Value,
                ["traceback"] = new JsonArray(error.Traceback.Select(t => (JsonNode?)t).ToArray()),
            };
            if (error.Position is { } position) errorContent[CellPosition.Key] = position.ToJson();
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
                try { bundle = Formatted.Bundle(outcome.Value); }
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
        log.Info($"cell {count} took {stopwatch.Elapsed.TotalMilliseconds:F1} ms ({(outcome.Error is null ? "ok" : "error")}; {plan.Interpreter.LastTimings})");
        return (executionCount, aborted);
    }

    /// <summary>The cell's language named by the request's metadata (lossnb run sends a Polyglot cell's), or null.</summary>
    static string? CellLanguage(JupyterMessage request) => PolyglotMetadata.CellLanguage(request.Metadata);

    /// <summary>The cell's plan in the language its request names (<see cref="CellPipeline.PrepareIn"/>); else an error naming the languages.</summary>
    CellPlan Prepare(string code, string? language) =>
        language is null ? pipeline.Prepare(code) : pipeline.PrepareIn(code, language) ?? UnknownLanguage(code, language);

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
        debugAdapter?.Engine.Resume(Debugging.Resumption.Interrupt); // a cell stopped by the debugger ends as interrupted
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

    void Abort(JupyterMessage queued, int executionCount) => Dispatch(queued, () =>
    {
        Reply(shell, queued, "execute_reply", new JsonObject { ["status"] = "aborted", ["execution_count"] = executionCount });
        return Task.CompletedTask;
    });
}
