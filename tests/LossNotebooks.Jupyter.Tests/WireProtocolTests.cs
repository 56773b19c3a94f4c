using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace LossNotebooks.Jupyter.Tests;

/// <summary>The wire format both the kernel and the runner speak: frames, HMAC signatures, and what gets dropped.</summary>
public sealed class WireProtocolTests
{
    const string Key = "a0436f6c-1916-498b-8eb9-e81ab9368e84";

    static JupyterMessage Sample() => new()
    {
        Identities = new[] { "client-1"u8.ToArray() },
        Header = JupyterMessage.NewHeader("execute_request", "session-1"),
        Content = new JsonObject { ["code"] = "1 + 1", ["silent"] = false },
        Buffers = new[] { new byte[] { 1, 2, 3 } },
    };

    [Fact]
    public void A_message_survives_encoding_and_decoding_with_its_identities_and_buffers()
    {
        var protocol = new WireProtocol(Key);
        var decoded = protocol.Decode(protocol.Encode(Sample()));
        Assert.Equal("execute_request", decoded.MessageType);
        Assert.Equal("1 + 1", (string?)decoded.Content["code"]);
        Assert.Equal("client-1"u8.ToArray(), decoded.Identities.Single());
        Assert.Equal(new byte[] { 1, 2, 3 }, decoded.Buffers.Single());
    }

    [Fact]
    public void A_tampered_or_unsigned_message_is_refused_and_a_malformed_one_named()
    {
        var protocol = new WireProtocol(Key);
        var frames = protocol.Encode(Sample());
        var delimiter = frames.FindIndex(f => f.AsSpan().SequenceEqual("<IDS|MSG>"u8));
        frames[delimiter + 5] = Encoding.UTF8.GetBytes("{\"code\":\"rm -rf /\"}");
        Assert.Equal("invalid signature", Assert.Throws<InvalidDataException>(() => protocol.Decode(frames)).Message);

        var unsigned = new WireProtocol("").Encode(Sample());
        Assert.Throws<InvalidDataException>(() => protocol.Decode(unsigned));
        Assert.Contains("delimiter", Assert.Throws<InvalidDataException>(() => protocol.Decode(new[] { new byte[] { 1 } })).Message);
    }

    [Fact]
    [Trait(TestKinds.Kind, TestKinds.RealClient)]
    public void The_signature_is_the_one_jupyter_client_computes()
    {
        var protocol = new WireProtocol(Key);
        var frames = protocol.Encode(Sample());
        var delimiter = frames.FindIndex(f => f.AsSpan().SequenceEqual("<IDS|MSG>"u8));
        var parts = frames.Skip(delimiter + 2).Take(4).Select(f => Convert.ToBase64String(f)).ToList();
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"""
            import base64
            from jupyter_client.session import Session
            parts = [base64.b64decode(p) for p in {"[" + string.Join(", ", parts.Select(p => $"'{p}'")) + "]"}]
            print(Session(key=b'{Key}').sign(parts).decode())
            """);
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEnd();
        Assert.True(python.WaitForExit(60_000), "python did not finish");
        Assert.True(python.ExitCode == 0, python.StandardError.ReadToEnd());
        Assert.Equal(output.Trim(), Encoding.ASCII.GetString(frames[delimiter + 1]));
    }

    [Fact]
    public void A_connection_file_that_is_not_json_or_asks_another_scheme_is_named()
    {
        var folder = Directory.CreateTempSubdirectory("lossnb-connection-").FullName;
        var broken = Path.Combine(folder, "broken.json");
        File.WriteAllText(broken, "{ not json");
        Assert.Contains(broken, Assert.Throws<InvalidDataException>(() => ConnectionInfo.Load(broken)).Message);
        var md5 = Path.Combine(folder, "md5.json");
        File.WriteAllText(md5, """{"key": "k", "signature_scheme": "hmac-md5", "shell_port": 1}""");
        Assert.Contains("unsupported signature_scheme 'hmac-md5'", Assert.Throws<InvalidDataException>(() => ConnectionInfo.Load(md5)).Message);
        var ok = Path.Combine(folder, "ok.json");
        File.WriteAllText(ok, """{"key": "k", "ip": "127.0.0.1", "transport": "tcp", "shell_port": 5001}""");
        var info = ConnectionInfo.Load(ok);
        Assert.Equal("tcp://127.0.0.1:5001", info.Endpoint(info.ShellPort));
    }
}
