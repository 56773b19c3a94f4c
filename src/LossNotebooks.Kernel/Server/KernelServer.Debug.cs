using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Debugging;
using NetMQ.Sockets;

namespace LossNotebooks.Kernel.Server;

public sealed partial class KernelServer
{
    /// <summary>How long a debug request may run user code (a getter, ToString, an evaluation) before its reply says it hangs.</summary>
    static readonly TimeSpan DebugRequestLimit = TimeSpan.FromSeconds(10);

    readonly object debugOrder = new();
    DebugAdapter? debugAdapter;
    Task debugRequests = Task.CompletedTask;

    /// <summary>The debugger (Jupyter's debug protocol), created with the server.</summary>
    DebugAdapter Debugger => debugAdapter ??= new DebugAdapter(
        new CellFiles(pipeline.DefaultInterpreter.Language.Language.FileExtensions.FirstOrDefault() ?? ".txt"),
        pipeline.Interpreters.OrderBy(i => i == pipeline.DefaultInterpreter ? 0 : 1).ToList(),
        () => executionThread?.ManagedThreadId,
        dapEvent => Publish(null, "debug_event", dapEvent));

    /// <summary>
    /// A debug_request: answered in order on a worker (never on the socket thread, since answers may run user code),
    /// each within <see cref="DebugRequestLimit"/>; one that takes longer is answered with a failure and left to finish.
    /// </summary>
    Task DebugRequest(JupyterMessage request, RouterSocket socket)
    {
        var adapter = Debugger;
        var content = request.Content;
        lock (debugOrder)
        {
            debugRequests = debugRequests.ContinueWith(async _ =>
            {
                var answer = Task.Run(() => adapter.Handle(content));
                JsonObject response;
                try { response = await answer.WaitAsync(DebugRequestLimit); }
                catch (TimeoutException)
                {
                    response = new JsonObject
                    {
                        ["type"] = "response",
                        ["request_seq"] = content["seq"]?.DeepClone(),
                        ["success"] = false,
                        ["command"] = content["command"]?.DeepClone(),
                        ["message"] = $"no answer within {DebugRequestLimit.TotalSeconds} s: user code it ran (a getter, ToString, the expression) is still running",
                        ["body"] = new JsonObject(),
                    };
                }
                Reply(socket, request, "debug_reply", response);
            }, TaskScheduler.Default).Unwrap();
            return debugRequests;
        }
    }
}
