using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Abstractions;

namespace LossNotebooks.Kernel.Server;

public sealed partial class KernelServer
{
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
