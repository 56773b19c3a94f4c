using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Cells;
using LossNotebooks.Kernel.Display;
using LossNotebooks.Kernel.Server;
using NetMQ;
using NetMQ.Sockets;

namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// A <see cref="KernelServer"/> running in the test process over real sockets, with a pipeline of fake interpreters,
/// and a minimal signed client for it: the protocol layer tested apart from any compiler.
/// </summary>
public sealed class InProcessKernel : IDisposable
{
    readonly KernelServer server;
    readonly Thread serverThread;
    readonly DealerSocket shell = new(), control = new();
    readonly SubscriberSocket iopub = new();
    readonly WireProtocol wire;
    readonly string session = Guid.NewGuid().ToString("N");

    public InProcessKernel(CellPipeline pipeline)
    {
        KernelConsole.Install(captureNativeOutput: false); // Console of the cells reaches their output, as in the kernel
        var connection = ConnectionInfo.OnFreeLoopbackPorts();
        wire = new WireProtocol(connection.Key);
        server = new KernelServer(connection, new KernelLog(null), pipeline);
        serverThread = new Thread(server.Run) { IsBackground = true, Name = "in-process kernel" };
        serverThread.Start();
        shell.Connect(connection.Endpoint(connection.ShellPort));
        control.Connect(connection.Endpoint(connection.ControlPort));
        iopub.Connect(connection.Endpoint(connection.IopubPort));
        iopub.SubscribeToAnyTopic();
        // Wait until IOPub is connected: a kernel_info request's status messages arrive.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var id = Send("kernel_info_request", new JsonObject());
            Reply(id);
            if (IopubOf(id, TimeSpan.FromMilliseconds(300)).Any()) { DrainIopub(); return; }
        }
        throw new TimeoutException("the in-process kernel's IOPub did not connect");
    }

    /// <summary>Sends a request on shell (or control); returns its msg_id.</summary>
    public string Send(string type, JsonObject content, bool onControl = false)
    {
        var message = new JupyterMessage { Header = JupyterMessage.NewHeader(type, session), Content = content };
        var frames = new NetMQMessage();
        foreach (var frame in wire.Encode(message)) frames.Append(frame);
        (onControl ? (NetMQSocket)control : shell).SendMultipartMessage(frames);
        return (string)message.Header["msg_id"]!;
    }

    /// <summary>Sends an execute_request.</summary>
    public string Execute(string code, bool stopOnError = true) => Send("execute_request", new JsonObject
    {
        ["code"] = code,
        ["silent"] = false,
        ["store_history"] = true,
        ["user_expressions"] = new JsonObject(),
        ["allow_stdin"] = false,
        ["stop_on_error"] = stopOnError,
    });

    /// <summary>The shell reply to a request (replies to other requests are skipped).</summary>
    public JupyterMessage Reply(string msgId, bool onControl = false)
    {
        var socket = onControl ? (NetMQSocket)control : shell;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var frames = new List<byte[]>();
            if (!socket.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(100), ref frames)) continue;
            var message = wire.Decode(frames);
            if ((string?)message.ParentHeader["msg_id"] == msgId) return message;
        }
        throw new TimeoutException($"no reply to {msgId}");
    }

    /// <summary>The IOPub messages of a request up to its idle status.</summary>
    public IReadOnlyList<JupyterMessage> IopubOf(string msgId, TimeSpan? wait = null)
    {
        var messages = new List<JupyterMessage>();
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            var frames = new List<byte[]>();
            if (!iopub.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(50), ref frames)) continue;
            JupyterMessage message;
            try { message = wire.Decode(frames); } catch (InvalidDataException) { continue; }
            if ((string?)message.ParentHeader["msg_id"] != msgId) continue;
            messages.Add(message);
            if (message.MessageType == "status" && (string?)message.Content["execution_state"] == "idle") break;
        }
        return messages;
    }

    void DrainIopub()
    {
        var frames = new List<byte[]>();
        while (iopub.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(50), ref frames)) frames.Clear();
    }

    /// <summary>Runs code and returns its reply content and IOPub messages.</summary>
    public (JsonObject Reply, IReadOnlyList<JupyterMessage> Iopub) Run(string code, bool stopOnError = true)
    {
        var id = Execute(code, stopOnError);
        return (Reply(id).Content, IopubOf(id));
    }

    public void Dispose()
    {
        var id = Send("shutdown_request", new JsonObject { ["restart"] = false }, onControl: true);
        try { Reply(id, onControl: true); } catch (TimeoutException) { }
        serverThread.Join(TimeSpan.FromSeconds(5));
        foreach (var socket in new NetMQSocket[] { shell, control, iopub }) { socket.Options.Linger = TimeSpan.Zero; socket.Dispose(); }
        server.Dispose();
    }
}
