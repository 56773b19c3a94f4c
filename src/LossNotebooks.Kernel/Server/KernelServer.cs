using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Cells;
using NetMQ;
using NetMQ.Sockets;

namespace LossNotebooks.Kernel.Server;

/// <summary>
/// The Jupyter side of the kernel: binds the five sockets of a connection file, verifies requests and dispatches
/// them through a table of handlers by message type, publishes status, sends replies and applies
/// <c>stop_on_error</c>. It knows languages only through the <see cref="CellPipeline"/> and its interpreters.
/// Threads: one poller thread owns shell, control, stdin and iopub (every send goes through its queue, as NetMQ
/// sockets are not thread-safe); cells run on their own thread; the heartbeat answers on a third, so the kernel
/// stays alive during long cells.
/// </summary>
public sealed partial class KernelServer : IDisposable
{
    readonly ConnectionInfo connection;
    readonly WireProtocol wire;
    readonly KernelLog log;
    readonly string sessionId = Guid.NewGuid().ToString("N");
    readonly RouterSocket shell = new(), control = new(), stdin = new();
    readonly XPublisherSocket iopub = new(); // XPUB: subscriptions arrive as messages, each answered with iopub_welcome
    readonly NetMQQueue<Action> outbox = new();
    readonly NetMQPoller poller;
    readonly BlockingCollection<JupyterMessage> executeQueue = new();
    readonly ExecutionHistory history = new();
    readonly CancellationTokenSource stopping = new();
    readonly CellPipeline pipeline;
    readonly IReadOnlyDictionary<string, Func<JupyterMessage, RouterSocket, Task>> handlers;
    TaskCompletionSource<string>? pendingInput;
    volatile ProtocolSink? runningCell;
    Thread? executionThread;
    Thread? heartbeat;

    /// <summary>Creates a server for a connection file's ports and key, running cells through <paramref name="pipeline"/>.</summary>
    public KernelServer(ConnectionInfo connection, KernelLog log, CellPipeline pipeline)
    {
        this.connection = connection;
        this.log = log;
        this.pipeline = pipeline;
        wire = new WireProtocol(connection.Key);
        handlers = Handlers();
        iopub.Options.XPubVerbose = true; // every subscriber gets its welcome, also a second one to the same topic
        poller = new NetMQPoller { shell, control, stdin, iopub, outbox };
        iopub.ReceiveReady += (_, e) => Welcome(e.Socket.ReceiveFrameBytes());
        shell.ReceiveReady += (_, e) => Receive(e.Socket, shell);
        control.ReceiveReady += (_, e) => Receive(e.Socket, control);
        stdin.ReceiveReady += (_, e) => ReceiveInput(e.Socket);
        outbox.ReceiveReady += (_, e) => { while (e.Queue.TryDequeue(out var send, TimeSpan.Zero)) send(); };
    }

    /// <summary>Binds the sockets, announces <c>starting</c>, and serves until a shutdown request.</summary>
    public void Run()
    {
        shell.Bind(connection.Endpoint(connection.ShellPort));
        control.Bind(connection.Endpoint(connection.ControlPort));
        stdin.Bind(connection.Endpoint(connection.StdinPort));
        iopub.Bind(connection.Endpoint(connection.IopubPort));
        heartbeat = new Thread(Heartbeat) { IsBackground = true, Name = "heartbeat" };
        heartbeat.Start();
        var execution = new Thread(ExecutionLoop) { IsBackground = true, Name = "execution" };
        execution.Start();
        log.Info($"listening on {connection.Ip} (shell {connection.ShellPort}, iopub {connection.IopubPort}, control {connection.ControlPort})");
        Publish(null, "status", new JsonObject { ["execution_state"] = "starting" });
        poller.Run();
        log.Info("stopped");
    }

    void Heartbeat()
    {
        using var socket = new ResponseSocket();
        socket.Bind(connection.Endpoint(connection.HeartbeatPort));
        while (!stopping.IsCancellationRequested)
            if (socket.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(100), out var ping))
                socket.SendFrame(ping);
    }

    void Receive(NetMQSocket socket, RouterSocket replyTo)
    {
        var frames = socket.ReceiveMultipartBytes();
        JupyterMessage request;
        try { request = wire.Decode(frames); }
        catch (InvalidDataException e)
        {
            log.Error($"dropped a message on {(replyTo == shell ? "shell" : "control")}: {e.Message}");
            return;
        }
        log.Info($"recv {request.MessageType} on {(replyTo == shell ? "shell" : "control")}");
        if (request.MessageType == "execute_request") { executeQueue.Add(request); return; } // dispatched by the execution thread
        Dispatch(request, () => handlers.TryGetValue(request.MessageType, out var handle) ? handle(request, replyTo) : Unknown(request));
        if (request.MessageType == "shutdown_request") Stop();
    }

    Task Unknown(JupyterMessage request)
    {
        log.Error($"unknown message type {request.MessageType}: ignored");
        return Task.CompletedTask;
    }

    /// <summary>
    /// The one place a request's status is published (as ipykernel's <c>dispatch_shell</c>): busy before its handling
    /// starts, idle once the handling (and so its reply) has ended, also when it failed.
    /// </summary>
    void Dispatch(JupyterMessage request, Func<Task> handle)
    {
        Status(request, "busy");
        Task handling;
        try { handling = handle(); }
        catch (Exception e) { handling = Task.FromException(e); }
        handling.ContinueWith(done =>
        {
            if (done.Exception is { } failure) log.Error($"{request.MessageType} failed: {failure.InnerException}");
            Status(request, "idle");
        }, TaskContinuationOptions.ExecuteSynchronously);
    }

    void ReceiveInput(NetMQSocket socket)
    {
        var frames = socket.ReceiveMultipartBytes();
        try
        {
            var reply = wire.Decode(frames);
            if (reply.MessageType == "input_reply") pendingInput?.TrySetResult((string?)reply.Content["value"] ?? "");
        }
        catch (InvalidDataException e) { log.Error($"dropped a message on stdin: {e.Message}"); }
    }

    /// <summary>
    /// Answers a subscription (an XPUB frame: 1, then the topic) with <c>iopub_welcome</c> on that topic (protocol 5.5,
    /// JEP 65): a client that sees it knows its subscription is live and no later output can be lost to it.
    /// Unsubscriptions (0, then the topic) need nothing.
    /// </summary>
    void Welcome(byte[] subscription)
    {
        if (subscription.Length == 0 || subscription[0] != 1) return;
        var topic = subscription[1..];
        log.Info($"iopub subscription '{Encoding.UTF8.GetString(topic)}'");
        Send(iopub, JupyterMessage.For(null, "iopub_welcome", sessionId, new JsonObject { ["subscription"] = Encoding.UTF8.GetString(topic) }, new[] { topic }));
    }

    /// <summary>Sends a message on a socket from any thread (through the poller's queue).</summary>
    void Send(NetMQSocket socket, JupyterMessage message)
    {
        var frames = wire.Encode(message);
        outbox.Enqueue(() =>
        {
            var msg = new NetMQMessage();
            foreach (var frame in frames) msg.Append(frame);
            socket.SendMultipartMessage(msg);
        });
        log.Info($"send {message.MessageType}");
    }

    /// <summary>Publishes an IOPub message for a request (or none).</summary>
    internal void Publish(JupyterMessage? parent, string messageType, JsonObject content)
    {
        var topic = Encoding.UTF8.GetBytes($"kernel.{sessionId}.{messageType}");
        Send(iopub, JupyterMessage.For(parent, messageType, sessionId, content, new[] { topic }));
    }

    void Reply(RouterSocket socket, JupyterMessage request, string replyType, JsonObject content)
        => Send(socket, JupyterMessage.For(request, replyType, sessionId, content));

    void Status(JupyterMessage parent, string state) => Publish(parent, "status", new JsonObject { ["execution_state"] = state });

    void Stop()
    {
        stopping.Cancel();
        executeQueue.CompleteAdding();
        outbox.Enqueue(() => poller.Stop());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        stopping.Cancel();
        heartbeat?.Join(TimeSpan.FromSeconds(1));
        poller.Dispose();
        foreach (var socket in new NetMQSocket[] { shell, control, stdin, iopub }) socket.Dispose();
        outbox.Dispose();
        debugAdapter?.Dispose();
    }
}
