using System.Text;

namespace LossNotebooks.Kernel.Debugging;

/// <summary>
/// Where a cell's source lives for a debugger: <c>{prefix}{hash}{suffix}</c>, the hash JupyterLab's debugger computes
/// from the cell's text with the method and seed the kernel announces in <c>debugInfo</c>, so the front end knows a
/// cell's path without asking (<c>@jupyterlab/debugger</c>'s <c>DebuggerConfig.getCodeId</c>).
/// </summary>
public sealed class CellFiles
{
    /// <summary>The hash method <c>debugInfo</c> names (the one JupyterLab implements).</summary>
    public const string HashMethod = "Murmur2";

    /// <summary>The seed of the hash (any number both sides agree on; ipykernel uses the same).</summary>
    public const uint HashSeed = 3339675911;

    /// <summary>A folder of this kernel process under the temporary folder.</summary>
    public CellFiles(string suffix)
    {
        Prefix = Path.Combine(Path.GetTempPath(), $"lossnb_{Environment.ProcessId}") + Path.DirectorySeparatorChar;
        Suffix = suffix;
    }

    /// <summary>What every cell's path starts with (a folder of this kernel process).</summary>
    public string Prefix { get; }

    /// <summary>What every cell's path ends with (the default language's extension).</summary>
    public string Suffix { get; }

    /// <summary>The path of a cell's text.</summary>
    public string PathOf(string code) => Prefix + Murmur2(code, HashSeed).ToString(System.Globalization.CultureInfo.InvariantCulture) + Suffix;

    /// <summary>Writes a cell's text to its path (the front end may show it as the frame's source) and returns the path.</summary>
    public string Dump(string code)
    {
        var path = PathOf(code);
        Directory.CreateDirectory(Prefix);
        File.WriteAllText(path, code, new UTF8Encoding(false));
        return path;
    }

    /// <summary>Removes the cells' files (the kernel is ending).</summary>
    public void Delete()
    {
        try
        {
            if (Directory.Exists(Prefix)) Directory.Delete(Prefix, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>MurmurHash2 (32-bit) of the text's UTF-8 bytes, as JupyterLab's <c>murmur2</c> computes it.</summary>
    public static uint Murmur2(string text, uint seed) => unchecked(Murmur2(Encoding.UTF8.GetBytes(text), seed));

    static uint Murmur2(byte[] data, uint seed)
    {
        const uint m = 0x5bd1e995;
        var length = data.Length;
        var h = seed ^ (uint)length;
        var i = 0;
        for (; length - i >= 4; i += 4)
        {
            var k = BitConverter.ToUInt32(data, i);
            if (!BitConverter.IsLittleEndian) k = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(k);
            k *= m;
            k ^= k >> 24;
            k *= m;
            h = (h * m) ^ k;
        }
        switch (length - i)
        {
            case 3:
                h ^= (uint)data[i + 2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)data[i + 1] << 8;
                goto case 1;
            case 1:
                h ^= data[i];
                h *= m;
                break;
        }
        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return h;
    }
}
