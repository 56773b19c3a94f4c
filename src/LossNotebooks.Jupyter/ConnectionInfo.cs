using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LossNotebooks.Jupyter;

/// <summary>The connection file Jupyter front ends write for a kernel: transport, address, ports and signing key.</summary>
public sealed record ConnectionInfo
{
    /// <summary>Transport, normally <c>tcp</c>.</summary>
    [JsonPropertyName("transport")] public string Transport { get; init; } = "tcp";
    /// <summary>The address to bind, e.g. <c>127.0.0.1</c>.</summary>
    [JsonPropertyName("ip")] public string Ip { get; init; } = "127.0.0.1";
    /// <summary>Shell ROUTER port.</summary>
    [JsonPropertyName("shell_port")] public int ShellPort { get; init; }
    /// <summary>IOPub PUB port.</summary>
    [JsonPropertyName("iopub_port")] public int IopubPort { get; init; }
    /// <summary>Stdin ROUTER port.</summary>
    [JsonPropertyName("stdin_port")] public int StdinPort { get; init; }
    /// <summary>Control ROUTER port.</summary>
    [JsonPropertyName("control_port")] public int ControlPort { get; init; }
    /// <summary>Heartbeat REP port.</summary>
    [JsonPropertyName("hb_port")] public int HeartbeatPort { get; init; }
    /// <summary>HMAC key; empty disables signing.</summary>
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    /// <summary>Signature scheme; only <c>hmac-sha256</c> is supported.</summary>
    [JsonPropertyName("signature_scheme")] public string SignatureScheme { get; init; } = "hmac-sha256";

    /// <summary>The ZeroMQ endpoint for a port, e.g. <c>tcp://127.0.0.1:5555</c>.</summary>
    public string Endpoint(int port) => Transport == "ipc" ? $"ipc://{Ip}-{port}" : $"{Transport}://{Ip}:{port}";

    /// <summary>
    /// A new connection on the loopback address: five ports the system reports free, and a random 256-bit key
    /// (what a front end writes before it starts a kernel).
    /// </summary>
    public static ConnectionInfo OnFreeLoopbackPorts()
    {
        var listeners = Enumerable.Range(0, 5).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        foreach (var listener in listeners) listener.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var listener in listeners) listener.Stop();
        return new ConnectionInfo
        {
            ShellPort = ports[0],
            IopubPort = ports[1],
            StdinPort = ports[2],
            ControlPort = ports[3],
            HeartbeatPort = ports[4],
            Key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant(),
        };
    }

    /// <summary>Reads a connection file; throws an <see cref="InvalidDataException"/> naming the file and the problem.</summary>
    public static ConnectionInfo Load(string path)
    {
        ConnectionInfo? info;
        try { info = JsonSerializer.Deserialize<ConnectionInfo>(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"connection file {path} is not valid JSON: {e.Message}", e); }
        if (info is null) throw new InvalidDataException($"connection file {path} is empty");
        if (info.SignatureScheme != "hmac-sha256" && info.Key.Length > 0)
            throw new InvalidDataException($"connection file {path}: unsupported signature_scheme '{info.SignatureScheme}' (expected hmac-sha256)");
        return info;
    }
}
