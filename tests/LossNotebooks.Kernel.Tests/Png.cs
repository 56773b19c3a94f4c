using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// A PNG decoder for the tests: every chunk's CRC checked, IDAT inflated and unfiltered. Only what the kernel's logos
/// use: 8-bit RGBA, not interlaced.
/// </summary>
static class Png
{
    /// <summary>Width, height and the RGBA bytes, row by row.</summary>
    public static (int Width, int Height, byte[] Pixels) Decode(byte[] file)
    {
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, file[..8]);
        int width = 0, height = 0;
        using var data = new MemoryStream();
        for (var at = 8; at < file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            var body = file.AsSpan(at + 8, length);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 8 + length)), Crc32.HashToUInt32(file.AsSpan(at + 4, length + 4)));
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(body), BinaryPrimitives.ReadInt32BigEndian(body[4..]));
                Assert.Equal(new byte[] { 8, 6, 0, 0, 0 }, body[8..13].ToArray()); // 8-bit RGBA, deflate, adaptive filters, no interlace
            }
            if (type == "IDAT") data.Write(body);
            at += 12 + length;
        }
        data.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        return (width, height, Unfilter(inflated.ToArray(), width, height));
    }

    static byte[] Unfilter(byte[] raw, int width, int height)
    {
        const int Bpp = 4;
        var stride = width * Bpp;
        Assert.Equal(height * (stride + 1), raw.Length);
        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                int a = x >= Bpp ? pixels[y * stride + x - Bpp] : 0, b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
                int c = x >= Bpp && y > 0 ? pixels[(y - 1) * stride + x - Bpp] : 0;
                var predicted = filter switch
                {
                    0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter} in row {y}"),
                };
                pixels[y * stride + x] = (byte)(raw[y * (stride + 1) + 1 + x] + predicted);
            }
        }
        return pixels;
    }

    static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
