using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;
using NetMQ;
using NetMQ.Sockets;

namespace LossNotebooks.Notebooks;

/// <summary>The result of one execute request: its IOPub messages and its reply.</summary>
/// <param name="Reply">The execute_reply content.</param>
/// <param name="Outputs">The IOPub messages of the request (type and content), in order.</param>
/// <param name="TimedOut">True when the cell did not finish within the timeout.</param>
public sealed record ExecutionResult(JsonObject Reply, IReadOnlyList<(string Type, JsonObject Content)> Outputs, bool TimedOut);

/// <summary>
/// A Jupyter client in C# (NetMQ): starts a kernel process from its kernelspec with a fresh connection file and the
/// notebook's folder as working directory — as a front end does — and runs code on it. A poller thread owns the
/// sockets: it sends what the queue hands it and puts every verified message it receives into the inbox.
/// </summary>
public sealed class KernelClient : IDisposable
{
    readonly Process process;
    readonly DealerSocket shell = new(), control = new();
    readonly SubscriberSocket iopub = new();
    readonly NetMQQueue<Action> outbox = new();
    readonly NetMQPoller poller;
    readonly BlockingCollection<(NetMQSocket From, JupyterMessage Message)> inbox = new();
    readonly WireProtocol wire;
    readonly string session = Guid.NewGuid().ToString("N");
    readonly string connectionFile;
    readonly KernelSpec spec;

    KernelClient(KernelSpec spec, string workingDirectory)
    {
        this.spec = spec;
        var info = ConnectionInfo.OnFreeLoopbackPorts();
        connectionFile = Path.Combine(Path.GetTempPath(), $"lossnb-kernel-{session}.json");
        File.WriteAllText(connectionFile, JsonSerializer.Serialize(info));
        wire = new WireProtocol(info.Key);
        var start = new ProcessStartInfo(spec.Argv[0]) { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in spec.Argv.Skip(1)) start.ArgumentList.Add(arg.Replace("{connection_file}", connectionFile));
        foreach (var (k, v) in spec.Environment) start.Environment[k] = v;
        process = Process.Start(start) ?? throw new InvalidOperationException($"could not start kernel '{spec.Name}' ({spec.Argv[0]})");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        shell.Connect(info.Endpoint(info.ShellPort));
        control.Connect(info.Endpoint(info.ControlPort));
        iopub.Connect(info.Endpoint(info.IopubPort));
        iopub.SubscribeToAnyTopic();
        poller = new NetMQPoller { shell, control, iopub, outbox };
        foreach (var socket in new NetMQSocket[] { shell, control, iopub }) socket.ReceiveReady += (_, e) => Receive(e.Socket);
        outbox.ReceiveReady += (_, e) => { while (e.Queue.TryDequeue(out var send, TimeSpan.Zero)) send(); };
        poller.RunAsync("kernel-client", isBackgroundThread: true);
    }

    void Receive(NetMQSocket socket)
    {
        var frames = socket.ReceiveMultipartBytes();
        try { inbox.Add((socket, wire.Decode(frames))); }
        catch (InvalidDataException) { } // a message whose signature does not verify is dropped, as Jupyter's clients do
    }

    /// <summary>The next message from the kernel within <paramref name="wait"/>, or null.</summary>
    (NetMQSocket From, JupyterMessage Message)? Next(TimeSpan wait)
    {
        var milliseconds = (int)Math.Clamp(wait.TotalMilliseconds, 0, int.MaxValue);
        return inbox.TryTake(out var next, milliseconds) ? next : null;
    }

    /// <summary>Starts a kernel and waits until it answers kernel_info and its IOPub is connected.</summary>
    public static KernelClient Start(KernelSpec spec, string workingDirectory, TimeSpan timeout)
    {
        var client = new KernelClient(spec, workingDirectory);
        try { client.WaitForReady(timeout); }
        catch { client.Dispose(); throw; }
        return client;
    }

    void WaitForReady(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"kernel '{spec.Name}' exited with code {process.ExitCode} during start-up");
            // Ask until both the reply and an IOPub message of the request arrive: then IOPub is connected too.
            var request = (string?)Send(shell, "kernel_info_request", new JsonObject())["msg_id"];
            var gotReply = false;
            var gotIopub = false;
            var until = DateTime.UtcNow.AddMilliseconds(500);
            while (!(gotReply && gotIopub) && Next(until - DateTime.UtcNow) is var (from, message))
            {
                if ((string?)message.ParentHeader["msg_id"] != request) continue;
                if (from == shell && message.MessageType == "kernel_info_reply") gotReply = true;
                if (from == iopub) gotIopub = true;
            }
            if (gotReply && gotIopub) return;
        }
        throw new TimeoutException($"kernel '{spec.Name}' did not answer within {timeout.TotalSeconds} s");
    }

    JsonObject Send(NetMQSocket socket, string type, JsonObject content, JsonObject? metadata = null)
    {
        var message = new JupyterMessage { Header = JupyterMessage.NewHeader(type, session), Content = content, Metadata = metadata ?? new JsonObject() };
        var frames = wire.Encode(message);
        outbox.Enqueue(() =>
        {
            var msg = new NetMQMessage();
            foreach (var f in frames) msg.Append(f);
            socket.SendMultipartMessage(msg);
        });
        return message.Header;
    }

    /// <summary>
    /// Executes code; on timeout interrupts the kernel (the caller kills it if it does not recover). A kernel process
    /// that exits meanwhile ends the wait at once, with an error naming its exit code.
    /// </summary>
    /// <param name="code">The cell's code.</param>
    /// <param name="timeout">How long the cell may run.</param>
    /// <param name="language">The cell's language from its Polyglot metadata (sent in the request's metadata), or null.</param>
    public ExecutionResult Execute(string code, TimeSpan timeout, string? language = null)
    {
        var header = Send(shell, "execute_request", new JsonObject
        {
            ["code"] = code,
            ["silent"] = false,
            ["store_history"] = true,
            ["user_expressions"] = new JsonObject(),
            ["allow_stdin"] = false,
            ["stop_on_error"] = true,
        }, language is null ? null : PolyglotMetadata.ForLanguage(language));
        var id = (string?)header["msg_id"];
        var outputs = new List<(string, JsonObject)>();
        JsonObject? reply = null;
        var idle = false;
        var deadline = DateTime.UtcNow + timeout;
        var interrupted = false;
        while (!(idle && reply is not null))
        {
            if (DateTime.UtcNow > deadline)
            {
                if (interrupted || process.HasExited) return new ExecutionResult(reply ?? new JsonObject { ["status"] = "error" }, outputs, TimedOut: true);
                Send(control, "interrupt_request", new JsonObject());
                interrupted = true;
                deadline = DateTime.UtcNow.AddSeconds(10);
            }
            var wait = Math.Min(1000, Math.Max(0, (deadline - DateTime.UtcNow).TotalMilliseconds) + 1);
            if (Next(TimeSpan.FromMilliseconds(wait)) is not var (from, m) || (string?)m.ParentHeader["msg_id"] != id)
            {
                if (process.HasExited) return KernelDied(outputs);
                continue;
            }
            if (from == shell) reply ??= m.Content;
            else if (from == iopub)
            {
                if (m.MessageType == "status") idle = (string?)m.Content["execution_state"] == "idle";
                else if (m.MessageType != "execute_input") outputs.Add((m.MessageType, m.Content));
            }
        }
        return new ExecutionResult(reply!, outputs, interrupted);
    }

    ExecutionResult KernelDied(List<(string, JsonObject)> outputs)
    {
        var message = $"the kernel process exited (code {process.ExitCode}) while the cell ran: a crash in native code, or the process was killed";
        return new ExecutionResult(new JsonObject
        {
            ["status"] = "error",
            ["ename"] = "KernelDied",
            ["evalue"] = message,
            ["traceback"] = new JsonArray(message),
        }, outputs, TimedOut: false);
    }

    /// <summary>Asks the kernel to shut down; kills it if it has not exited within 5 s.</summary>
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                Send(control, "shutdown_request", new JsonObject { ["restart"] = false });
                if (!process.WaitForExit(5000)) process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException) { }
        poller.Dispose(); // stops the poller thread first: the sockets are its own
        foreach (var socket in new NetMQSocket[] { shell, control, iopub }) { socket.Options.Linger = TimeSpan.Zero; socket.Dispose(); }
        outbox.Dispose();
        inbox.Dispose();
        process.Dispose();
        try { File.Delete(connectionFile); } catch (IOException) { }
    }
}
