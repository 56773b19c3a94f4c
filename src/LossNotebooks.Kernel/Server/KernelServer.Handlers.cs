using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Abstractions;
using NetMQ.Sockets;

namespace LossNotebooks.Kernel.Server;

public sealed partial class KernelServer
{
    /// <summary>
    /// What the server does with each request type but execute_request (queued for the execution thread), started on
    /// the poller thread through <see cref="Dispatch"/>; a handler's task ends when its reply has been sent.
    /// </summary>
    Dictionary<string, Func<JupyterMessage, RouterSocket, Task>> Handlers() => new()
    {
        ["kernel_info_request"] = (request, socket) => Answer(socket, request, "kernel_info_reply", KernelInfo),
        ["is_complete_request"] = (request, socket) => Answer(socket, request, "is_complete_reply", () => IsComplete(request.Content)),
        ["complete_request"] = (request, socket) => AnswerOffThread(socket, request, "complete_reply", () => Complete(request.Content)),
        ["inspect_request"] = (request, socket) => AnswerOffThread(socket, request, "inspect_reply", () => Inspect(request.Content)),
        ["history_request"] = (request, socket) => Answer(socket, request, "history_reply", () => history.Reply(request.Content, sessionNumber: 1)),
        ["comm_info_request"] = (request, socket) => Answer(socket, request, "comm_info_reply", () => new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() }),
        ["interrupt_request"] = (request, socket) => Answer(socket, request, "interrupt_reply", () =>
        {
            Interrupt();
            return new JsonObject { ["status"] = "ok" };
        }),
        ["debug_request"] = DebugRequest,
        ["shutdown_request"] = (request, socket) =>
        {
            debugAdapter?.Engine.Detach(); // a stopped cell runs on; the process ends anyway
            var restart = (bool?)request.Content["restart"] ?? false;
            Reply(socket, request, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart });
            return Task.CompletedTask;
        },
        // No comm targets: a comm opened by the front end is closed at once (ipywidgets-style front ends then stop).
        ["comm_open"] = (request, _) =>
        {
            Publish(request, "comm_close", new JsonObject { ["comm_id"] = request.Content["comm_id"]?.DeepClone(), ["data"] = new JsonObject() });
            return Task.CompletedTask;
        },
        ["comm_msg"] = (_, _) => Task.CompletedTask,
        ["comm_close"] = (_, _) => Task.CompletedTask,
    };

    /// <summary>Replies at once.</summary>
    Task Answer(RouterSocket socket, JupyterMessage request, string replyType, Func<JsonObject> content)
    {
        Reply(socket, request, replyType, content());
        return Task.CompletedTask;
    }

    /// <summary>
    /// Language services are async: they run off the poller thread (whose SynchronizationContext would deadlock a
    /// blocking wait) and reply from there; sends are queued to the poller, so order holds.
    /// </summary>
    Task AnswerOffThread(RouterSocket socket, JupyterMessage request, string replyType, Func<JsonObject> content) =>
        Task.Run(() =>
        {
            try { Reply(socket, request, replyType, content()); }
            catch (Exception e)
            {
                log.Error($"{request.MessageType} failed: {e}");
                Reply(socket, request, replyType, new JsonObject
                {
                    ["status"] = "error",
                    ["ename"] = e.GetType().Name,
                    ["evalue"] = e.Message,
                    ["traceback"] = new JsonArray(),
                });
            }
        });

    JsonObject KernelInfo()
    {
        var language = pipeline.DefaultInterpreter.Language;
        var record = language.Language;
        return new JsonObject
        {
            ["status"] = "ok",
            ["protocol_version"] = JupyterMessage.ProtocolVersion,
            ["implementation"] = "lossnotebooks-" + language.Name,
            ["implementation_version"] = ProductVersion.Current,
            ["language_info"] = new JsonObject
            {
                ["name"] = record.Name,
                ["version"] = language.Version,
                ["mimetype"] = record.MimeType,
                ["file_extension"] = record.FileExtensions.FirstOrDefault() ?? "",
                ["pygments_lexer"] = record.PygmentsLexer,
                ["codemirror_mode"] = record.CodeMirrorMode,
            },
            ["banner"] = language.Banner,
            ["help_links"] = language.Documentation is { } documentation
                ? new JsonArray(new JsonObject { ["text"] = $"{language.Name} documentation", ["url"] = documentation.ToString() })
                : new JsonArray(),
            ["debugger"] = true,
            ["supported_features"] = new JsonArray("debugger"), // 5.5: no kernel subshells
        };
    }

    /// <summary>The cell's language decides; its magic lines are blanked, so positions into the cell hold.</summary>
    (IInterpreter Interpreter, string Code) Language(JsonObject content)
    {
        var plan = pipeline.Prepare((string?)content["code"] ?? "");
        return (plan.Interpreter, plan.Code);
    }

    JsonObject IsComplete(JsonObject content)
    {
        var (interpreter, code) = Language(content);
        var status = interpreter.IsComplete(code);
        var reply = new JsonObject { ["status"] = status };
        if (status == "incomplete") reply["indent"] = "    ";
        return reply;
    }

    /// <summary>cursor_pos counts Unicode code points (protocol 5.2); the interpreters count UTF-16 units.</summary>
    static int Utf16Offset(string code, int codePoints)
    {
        var offset = 0;
        for (var i = 0; i < codePoints && offset < code.Length; i++) offset += char.IsSurrogatePair(code, offset) ? 2 : 1;
        return offset;
    }

    static int CodePoints(string code, int utf16) => code[..Math.Min(utf16, code.Length)].EnumerateRunes().Count();

    JsonObject Complete(JsonObject content)
    {
        var (interpreter, code) = Language(content);
        var cursor = Utf16Offset(code, (int?)content["cursor_pos"] ?? code.Length);
        var completions = interpreter.CompleteAsync(code, cursor).GetAwaiter().GetResult();
        var start = CodePoints(code, completions.CursorStart);
        var end = CodePoints(code, completions.CursorEnd);
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(completions.Matches.Select(m => (JsonNode?)m.Text).ToArray()),
            ["cursor_start"] = start,
            ["cursor_end"] = end,
            ["metadata"] = new JsonObject
            {
                ["_jupyter_types_experimental"] = new JsonArray(completions.Matches.Select(m => (JsonNode?)new JsonObject
                {
                    ["text"] = m.Text,
                    ["type"] = m.Type,
                    ["signature"] = m.Signature ?? "",
                    ["start"] = start,
                    ["end"] = end,
                }).ToArray()),
            },
        };
    }

    JsonObject Inspect(JsonObject content)
    {
        var (interpreter, code) = Language(content);
        var cursor = Utf16Offset(code, (int?)content["cursor_pos"] ?? code.Length);
        var text = interpreter.InspectAsync(code, cursor).GetAwaiter().GetResult();
        return new JsonObject
        {
            ["status"] = "ok",
            ["found"] = text is not null,
            ["data"] = text is null ? new JsonObject() : new JsonObject { ["text/plain"] = text, ["text/markdown"] = $"```{interpreter.Language.Name}\n{text}\n```" },
            ["metadata"] = new JsonObject(),
        };
    }
}
