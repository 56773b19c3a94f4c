using LossNotebooks.Build;

namespace LossNotebooks.Losses.Tests;

/// <summary>The build's GLIBCXX weakening (build/GlibcxxWeakener.cs, compiled into this test project too).</summary>
public class GlibcxxWeakenerTests
{
    static string? OutputCopy() => Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).FirstOrDefault();

    [Fact]
    public void OutputCopyIsWeakWhereTheHostNeedsIt()
    {
        if (!OperatingSystem.IsLinux()) return;
        var copy = OutputCopy();
        Assert.NotNull(copy);
        Assert.NotEmpty(GlibcxxWeakener.FindRequirementFlagOffsets(File.ReadAllBytes(copy), GlibcxxWeakener.RequiredVersion));
        Assert.Equal(GlibcxxWeakener.HostLacksVersion(), GlibcxxWeakener.IsWeak(copy));
    }

    [Fact]
    public void NuGetCacheCopyIsNeverTouched()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var original = Directory.Exists(cache)
            ? Directory.GetFiles(Path.Combine(cache, "torchsharp"), "libLibTorchSharp.so", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (original is null) return; // a custom cache layout: nothing to compare
        Assert.False(GlibcxxWeakener.IsWeak(original), $"{original} in the NuGet cache was modified");
    }

    [Fact]
    public void PatchingIsIdempotentKeepsTimestampAndBreaksHardLinks()
    {
        var copy = OutputCopy();
        if (copy is null || OperatingSystem.IsWindows()) return;
        var dir = Directory.CreateTempSubdirectory("weakener-").FullName;
        try
        {
            // An unpatched file: clear the weak bit on a copy, then hard-link a second name to it.
            var bytes = File.ReadAllBytes(copy);
            foreach (var offset in GlibcxxWeakener.FindRequirementFlagOffsets(bytes, GlibcxxWeakener.RequiredVersion))
                bytes[offset] = (byte)(bytes[offset] & ~0x2);
            var file = Path.Combine(dir, "libLibTorchSharp.so");
            File.WriteAllBytes(file, bytes);
            var stamp = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(file, stamp);
            var link = Path.Combine(dir, "linked.so");
            using (var ln = System.Diagnostics.Process.Start("ln", new[] { file, link })) ln.WaitForExit();
            Assert.True(File.Exists(link), "could not hard-link the test file");

            Assert.False(GlibcxxWeakener.IsWeak(file));
            Assert.True(GlibcxxWeakener.WeakenRequirement(file));
            Assert.True(GlibcxxWeakener.IsWeak(file));
            Assert.False(GlibcxxWeakener.IsWeak(link), "the other hard link must keep the original bytes");
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(file));
            Assert.False(GlibcxxWeakener.WeakenRequirement(file), "a second run changes nothing");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void RejectsFilesThatAreNotElf()
        => Assert.Throws<InvalidDataException>(() => GlibcxxWeakener.FindRequirementFlagOffsets(new byte[100], "x"));
}
