using System.Security.Cryptography;
using System.Text;

namespace LossNotebooks.Jupyter;

/// <summary>
/// The short content hash used for cache folders and build keys (package restores, project builds, native folders,
/// executed notebooks): the first 16 hex digits of SHA-256, lower case.
/// </summary>
public static class ContentHash
{
    /// <summary>The hash of some bytes.</summary>
    public static string Of(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();

    /// <summary>The hash of a text's UTF-8 bytes.</summary>
    public static string Of(string text) => Of(Encoding.UTF8.GetBytes(text));
}
