using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LossNotebooks.Jupyter;

/// <summary>
/// The Jupyter wire format: <c>[identities…, "&lt;IDS|MSG&gt;", hmac, header, parent, metadata, content, buffers…]</c>,
/// signed with HMAC-SHA256 over the four JSON frames exactly as sent or received.
/// </summary>
public sealed class WireProtocol(string key)
{
    static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();
    readonly byte[] keyBytes = Encoding.UTF8.GetBytes(key);

    /// <summary>Encodes and signs a message into frames.</summary>
    public List<byte[]> Encode(JupyterMessage message)
    {
        var parts = new[]
        {
            Encoding.UTF8.GetBytes(message.Header.ToJsonString()),
            Encoding.UTF8.GetBytes(message.ParentHeader.ToJsonString()),
            Encoding.UTF8.GetBytes(message.Metadata.ToJsonString()),
            Encoding.UTF8.GetBytes(message.Content.ToJsonString()),
        };
        var frames = new List<byte[]>(message.Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(Sign(parts)));
        frames.AddRange(parts);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>
    /// Decodes frames into a message after verifying the signature in constant time. Throws an
    /// <see cref="InvalidDataException"/> for malformed or badly signed messages, which must be dropped.
    /// </summary>
    public JupyterMessage Decode(IReadOnlyList<byte[]> frames)
    {
        var delimiter = -1;
        for (var i = 0; i < frames.Count; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { delimiter = i; break; }
        if (delimiter < 0 || frames.Count < delimiter + 6)
            throw new InvalidDataException($"malformed message: {frames.Count} frames, delimiter at {delimiter}");
        var parts = new[] { frames[delimiter + 2], frames[delimiter + 3], frames[delimiter + 4], frames[delimiter + 5] };
        if (keyBytes.Length > 0)
        {
            var expected = Encoding.ASCII.GetBytes(Sign(parts));
            if (!CryptographicOperations.FixedTimeEquals(expected, frames[delimiter + 1]))
                throw new InvalidDataException("invalid signature");
        }
        JsonObject Parse(byte[] bytes, string what) => JsonNode.Parse(bytes) as JsonObject
            ?? throw new InvalidDataException($"malformed message: {what} is not a JSON object");
        try
        {
            return new JupyterMessage
            {
                Identities = frames.Take(delimiter).ToList(),
                Header = Parse(parts[0], "header"),
                ParentHeader = Parse(parts[1], "parent header"),
                Metadata = Parse(parts[2], "metadata"),
                Content = Parse(parts[3], "content"),
                Buffers = frames.Skip(delimiter + 6).ToList(),
            };
        }
        catch (System.Text.Json.JsonException e) { throw new InvalidDataException($"malformed message: {e.Message}", e); }
    }

    /// <summary>The hex HMAC-SHA256 of the four JSON frames; empty when there is no key.</summary>
    public string Sign(IReadOnlyList<byte[]> parts)
    {
        if (keyBytes.Length == 0) return "";
        using var hmac = new HMACSHA256(keyBytes);
        foreach (var part in parts) hmac.TransformBlock(part, 0, part.Length, null, 0);
        hmac.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
        return Convert.ToHexString(hmac.Hash!).ToLowerInvariant();
    }
}
