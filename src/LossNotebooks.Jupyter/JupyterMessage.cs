using System.Text.Json.Nodes;

namespace LossNotebooks.Jupyter;

/// <summary>A Jupyter message: routing identities, header, parent header, metadata, content and binary buffers.</summary>
public sealed class JupyterMessage
{
    /// <summary>Protocol version this kernel speaks.</summary>
    public const string ProtocolVersion = "5.5";

    /// <summary>ZeroMQ routing identities (ROUTER sockets) or the topic (IOPub).</summary>
    public IReadOnlyList<byte[]> Identities { get; init; } = Array.Empty<byte[]>();
    /// <summary>The header: msg_id, session, username, date, msg_type, version.</summary>
    public required JsonObject Header { get; init; }
    /// <summary>The header of the request this message answers (empty object for none).</summary>
    public JsonObject ParentHeader { get; init; } = new();
    /// <summary>Metadata.</summary>
    public JsonObject Metadata { get; init; } = new();
    /// <summary>Content.</summary>
    public JsonObject Content { get; init; } = new();
    /// <summary>Extra binary buffers.</summary>
    public IReadOnlyList<byte[]> Buffers { get; init; } = Array.Empty<byte[]>();

    /// <summary>The message type, e.g. <c>execute_request</c>.</summary>
    public string MessageType => (string?)Header["msg_type"] ?? "";

    /// <summary>The session id of the header.</summary>
    public string Session => (string?)Header["session"] ?? "";

    /// <summary>Creates a new header for a message of this kernel's session.</summary>
    public static JsonObject NewHeader(string messageType, string session) => new()
    {
        ["msg_id"] = Guid.NewGuid().ToString("N"),
        ["session"] = session,
        ["username"] = "kernel",
        ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"),
        ["msg_type"] = messageType,
        ["version"] = ProtocolVersion,
    };

    /// <summary>A reply or output for <paramref name="parent"/>, routed to the same identities.</summary>
    public static JupyterMessage For(JupyterMessage? parent, string messageType, string session, JsonObject content,
        IReadOnlyList<byte[]>? identities = null) => new()
        {
            Identities = identities ?? parent?.Identities ?? Array.Empty<byte[]>(),
            Header = NewHeader(messageType, session),
            ParentHeader = parent is null ? new JsonObject() : (JsonObject)parent.Header.DeepClone(),
            Content = content,
        };
}
