using System.Diagnostics;

namespace LossNotebooks.Notebooks.Tests;

/// <summary>Where the repository is, and headless Chromium (Debian's) as the browser tests start it.</summary>
internal static class TestEnvironment
{
    public const string Chromium = "/usr/bin/chromium";


    /// <summary>Runs headless Chromium with no network and a fresh profile; returns its standard output.</summary>
    public static async Task<string> RunChromiumAsync(params string[] arguments)
    {
        var userData = Directory.CreateTempSubdirectory("chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--proxy-server=127.0.0.1:9",
                         $"--user-data-dir={userData}", "--virtual-time-budget=5000" }.Concat(arguments))
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            var output = await process.StandardOutput.ReadToEndAsync();
            await errors;
            Assert.True(process.WaitForExit(120_000), "chromium did not finish within 120 s");
            return output;
        }
        finally { Directory.Delete(userData, recursive: true); }
    }
}
