using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using LossNotebooks.Kernel.Display;
using LossNotebooks.Kernel.Execution;
using LossNotebooks.Kernel.Packages;
using Microsoft.CodeAnalysis.CSharp;
using NetMQ.Sockets;

namespace LossNotebooks.Kernel.Jupyter;

public sealed partial class KernelServer
{
    static readonly string Version = typeof(KernelServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?
        .InformationalVersion.Split('+')[0] ?? "0.0.0";

    void Dispatch(JupyterMessage request, RouterSocket socket)
    {
        if (request.MessageType == "execute_request")
        {
            executeQueue.Add(request);
            return;
        }
        Status(request, "busy");
        if (request.MessageType is "complete_request" or "inspect_request")
        {
            // Roslyn's services are async: run them off the poller thread (whose SynchronizationContext would
            // deadlock a blocking wait) and reply from there; sends are queued to the poller, so order holds.
            Task.Run(() =>
            {
                try
                {
                    if (request.MessageType == "complete_request") Reply(socket, request, "complete_reply", Complete(request.Content));
                    else Reply(socket, request, "inspect_reply", Inspect(request.Content));
                }
                catch (Exception e)
                {
                    log.Error($"{request.MessageType} failed: {e}");
                    Reply(socket, request, request.MessageType.Replace("_request", "_reply"), new JsonObject
                    {
                        ["status"] = "error", ["ename"] = e.GetType().Name, ["evalue"] = e.Message, ["traceback"] = new JsonArray(),
                    });
                }
                finally { Status(request, "idle"); }
            });
            return;
        }
        switch (request.MessageType)
        {
            case "kernel_info_request": Reply(socket, request, "kernel_info_reply", KernelInfo()); break;
            case "shutdown_request":
                var restart = (bool?)request.Content["restart"] ?? false;
                Reply(socket, request, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart });
                Status(request, "idle");
                Stop();
                return;
            case "interrupt_request":
                InterruptCell();
                Reply(socket, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                break;
            case "is_complete_request": Reply(socket, request, "is_complete_reply", IsComplete((string?)request.Content["code"] ?? "")); break;
            case "history_request": Reply(socket, request, "history_reply", history.Reply(request.Content, sessionNumber: 1)); break;
            case "comm_info_request": Reply(socket, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() }); break;
            case "comm_open":
                Publish(request, "comm_close", new JsonObject { ["comm_id"] = request.Content["comm_id"]?.DeepClone(), ["data"] = new JsonObject() });
                break;
            case "comm_msg" or "comm_close": break;
            default: log.Error($"unknown message type {request.MessageType}: ignored"); break;
        }
        Status(request, "idle");
    }

    JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = JupyterMessage.ProtocolVersion,
        ["implementation"] = "lossnotebooks-csharp",
        ["implementation_version"] = Version,
        ["language_info"] = new JsonObject
        {
            ["name"] = "csharp",
            ["version"] = LanguageVersionFacts.ToDisplayString(LanguageVersion.Latest.MapSpecifiedToEffectiveVersion()),
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "csharp",
        },
        ["banner"] = $"C# (LossNotebooks) {Version} — Roslyn scripting on .NET {Environment.Version}",
        ["help_links"] = new JsonArray(new JsonObject { ["text"] = "C# documentation", ["url"] = "https://learn.microsoft.com/dotnet/csharp/" }),
        ["supported_features"] = new JsonArray(), // 5.5: no debugger, no kernel subshells
    };

    static JsonObject IsComplete(string code)
    {
        var status = LanguageServices.IsComplete(code);
        var reply = new JsonObject { ["status"] = status };
        if (status == "incomplete") reply["indent"] = "    ";
        return reply;
    }

    /// <summary>cursor_pos counts Unicode code points (protocol 5.2); Roslyn counts UTF-16 units.</summary>
    static int Utf16Offset(string code, int codePoints)
    {
        var offset = 0;
        for (var i = 0; i < codePoints && offset < code.Length; i++) offset += char.IsSurrogatePair(code, offset) ? 2 : 1;
        return offset;
    }

    static int CodePoints(string code, int utf16) => code[..Math.Min(utf16, code.Length)].EnumerateRunes().Count();

    JsonObject Complete(JsonObject content)
    {
        var code = (string?)content["code"] ?? "";
        var cursor = Utf16Offset(code, (int?)content["cursor_pos"] ?? code.Length);
        var completions = languageServices.CompleteAsync(code, cursor).GetAwaiter().GetResult();
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(completions.Matches.Select(m => (JsonNode?)m.Text).ToArray()),
            ["cursor_start"] = CodePoints(code, completions.CursorStart),
            ["cursor_end"] = CodePoints(code, completions.CursorEnd),
            ["metadata"] = new JsonObject
            {
                ["_jupyter_types_experimental"] = new JsonArray(completions.Matches.Select(m => (JsonNode?)new JsonObject
                {
                    ["text"] = m.Text, ["type"] = m.Type, ["signature"] = m.Signature ?? "",
                    ["start"] = CodePoints(code, completions.CursorStart), ["end"] = CodePoints(code, completions.CursorEnd),
                }).ToArray()),
            },
        };
    }

    JsonObject Inspect(JsonObject content)
    {
        var code = (string?)content["code"] ?? "";
        var cursor = Utf16Offset(code, (int?)content["cursor_pos"] ?? code.Length);
        var text = languageServices.InspectAsync(code, cursor).GetAwaiter().GetResult();
        return new JsonObject
        {
            ["status"] = "ok", ["found"] = text is not null,
            ["data"] = text is null ? new JsonObject() : new JsonObject { ["text/plain"] = text, ["text/markdown"] = "```csharp\n" + text + "\n```" },
            ["metadata"] = new JsonObject(),
        };
    }

    void ExecutionLoop()
    {
        executionThread = Thread.CurrentThread;
        var session = this.session;
        try
        {
            var warm = session.RunAsync("0", 0).GetAwaiter().GetResult();
            MimeBundle.From(warm.Value); // the Formatter registry's first use is slow too
            log.Info("Roslyn warm");
        }
        catch (Exception e) { log.Error($"warm-up failed: {e.Message}"); }
        var executionCount = 0;
        var completionWarm = false;
        while (!executeQueue.IsCompleted)
        {
            // The completion workspace (MEF, Roslyn's features: heavy) is warmed on this thread once the kernel has been
            // idle for a second, so it never competes with a running cell for the two cores.
            JupyterMessage? request;
            bool taken;
            try { taken = executeQueue.TryTake(out request, completionWarm ? Timeout.Infinite : 1000, stopping.Token); }
            catch (OperationCanceledException) { break; }
            if (!taken || request is null)
            {
                if (executeQueue.IsCompleted) break;
                if (!completionWarm) WarmCompletion();
                completionWarm = true;
                continue;
            }
            try
            {
                Execute(session, request, ref executionCount);
            }
            catch (Exception e) { log.Error($"execute failed: {e}"); }
        }
    }

    void WarmCompletion()
    {
        try
        {
            Task.Run(() => languageServices.CompleteAsync("Console.", 8)).GetAwaiter().GetResult();
            log.Info("completion warm");
        }
        catch (Exception e) { log.Error($"completion warm-up failed: {e.Message}"); }
    }

    /// <summary>Runs one execute_request (and, when it fails with stop_on_error, aborts the requests queued behind it).</summary>
    void Execute(CSharpSession session, JupyterMessage request, ref int executionCount)
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
        CellOutcome outcome;
        var prepared = CellMagics.Prepare(code);
        var directives = Directives.Read(prepared.Code);
        KernelConsole.Current = sink;
        try
        {
            if (prepared.UnsupportedMagic is { } magic)
                outcome = new CellOutcome { Error = new CellError("UnsupportedMagic", $"{magic} is not supported by this kernel (C# only; supported magics: #!csharp, #!markdown, #!html, #!time)", new[] { $"{magic} is not supported by this kernel" }) };
            else if (prepared.StaticDisplay is { } content)
            {
                sink.Display(content, null, update: false);
                outcome = CellOutcome.Nothing;
            }
            else outcome = RunWithReferences(directives, count);
            if (prepared.Timed) Console.Out.WriteLine($"Wall time: {stopwatch.Elapsed.TotalMilliseconds:F1} ms");
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
        if (outcome.Error is null || outcome.Error.Name != "CompilationError") languageServices.AddSubmission(directives.Code);
        // stop_on_error aborts what was queued behind the failed cell: taken before its reply goes out, since a client
        // may send its next request as soon as it sees that reply, and that one must run.
        var aborted = outcome.Error is not null && ((bool?)request.Content["stop_on_error"] ?? true) ? TakeQueued() : new List<JupyterMessage>();
        Reply(shell, request, "execute_reply", reply);
        Status(request, "idle");
        foreach (var queued in aborted) Abort(queued, count);
        log.Info($"cell {count} took {stopwatch.Elapsed.TotalMilliseconds:F1} ms ({(outcome.Error is null ? "ok" : "error")}; {session.LastTimings})");
    }

    /// <summary>Loads the cell's package, project and assembly references, then runs the rest of it.</summary>
    CellOutcome RunWithReferences(CellDirectives directives, int count)
    {
        if (directives.Any)
        {
            try
            {
                var loaded = referenceLoader.Load(directives, Directory.GetCurrentDirectory(), line => Console.Out.WriteLine(line));
                session.UseLoadedAssemblies(loaded.Select(l => l.Assembly));
                session.AddReferences(loaded.Select(l => l.Reference));
                languageServices.AddReferences(loaded.Select(l => l.Reference));
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or BadImageFormatException
                                          or System.Reflection.TargetInvocationException)
            {
                var message = e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? $"NotebookExtension.Load failed: {inner.Message}" : e.Message;
                return new CellOutcome { Error = new CellError("ReferenceError", message, message.Split('\n')) };
            }
        }
        return session.RunAsync(directives.Code, count).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Stops the running cell: sets the flag its loops check, and interrupts the execution thread if it is blocked
    /// (Thread.Sleep, Wait, Join). A cell still running after a grace period is stuck in native code: say so.
    /// </summary>
    void InterruptCell()
    {
        var cell = runningCell;
        if (cell is null && executeQueue.Count == 0) return; // idle: nothing to interrupt
        log.Info("interrupt requested");
        Interrupt.Request(); // a queued cell that has not started yet stops at its first check
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

    /// <summary>A Thread.Interrupt that arrived when the cell was not blocked stays pending: consume it.</summary>
    static void ConsumePendingThreadInterrupt()
    {
        try { Thread.Sleep(0); } catch (ThreadInterruptedException) { }
        Interrupt.Reset();
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

    /// <summary>Outputs of one execute_request, sent as IOPub messages with that request as parent.</summary>
    sealed class ProtocolSink(KernelServer server, JupyterMessage request, bool allowStdin) : IOutputSink
    {
        public void Stream(string name, string text) => server.Publish(request, "stream", new JsonObject { ["name"] = name, ["text"] = text });

        public void Display(MimeBundle bundle, string? displayId, bool update)
        {
            var content = new JsonObject { ["data"] = bundle.ToJson(), ["metadata"] = new JsonObject() };
            if (displayId is not null) content["transient"] = new JsonObject { ["display_id"] = displayId };
            server.Publish(request, update ? "update_display_data" : "display_data", content);
        }

        public JsonArray Payloads { get; } = new();

        public void Page(MimeBundle bundle) => Payloads.Add(new JsonObject { ["source"] = "page", ["data"] = bundle.ToJson(), ["start"] = 0 });

        public void ClearOutput(bool wait) => server.Publish(request, "clear_output", new JsonObject { ["wait"] = wait });

        public string ReadInput(string prompt, bool password)
        {
            if (!allowStdin) throw new InvalidOperationException("this front end does not support input (allow_stdin is false)");
            var pending = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            server.pendingInput = pending;
            server.Send(server.stdin, JupyterMessage.For(request, "input_request", server.sessionId,
                new JsonObject { ["prompt"] = prompt, ["password"] = password }));
            return pending.Task.GetAwaiter().GetResult();
        }
    }
}
