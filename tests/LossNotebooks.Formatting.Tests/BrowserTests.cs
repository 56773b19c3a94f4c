using System.Diagnostics;
using static TorchSharp.torch;

namespace LossNotebooks.Formatting.Tests;

/// <summary>
/// A tensor table and a chart opened in headless Chromium (Debian's chromium) with no network: the table's cells
/// and the plot's SVG exist after scripts ran. A screenshot is kept in the test output (artifacts/).
/// </summary>
[Collection(nameof(FormatterCollection))]
[Trait(TestKinds.Kind, TestKinds.RealClient)]
public class BrowserTests
{
    const string Chromium = "/usr/bin/chromium";

    static string RunChromium(string userData, params string[] arguments)
    {
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--proxy-server=127.0.0.1:9", $"--user-data-dir={userData}" }.Concat(arguments))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "chromium did not finish within 120 s");
        return output.Result;
    }

    [Fact]
    public void TableAndChartRenderOffline()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run ./test.sh, which installs Debian's chromium");
        LossFormatters.Register();
        PlotlyFormatter.Reset();
        var page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" +
                   TensorFormatter.ToHtml(arange(12, dtype: ScalarType.Float32).reshape(3, 4), new TensorFormatOptions { HeatMap = true }) +
                   PlotlyFormatter.ToHtml(Plots.LossVsResidual(new[] { "mse", "huber", "l1" })) + "</body></html>";
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        var file = Path.Combine(folder, "formatters.html");
        File.WriteAllText(file, page);
        var userData = Directory.CreateTempSubdirectory("chromium-").FullName;
        try
        {
            var dom = RunChromium(userData, "--virtual-time-budget=5000", "--dump-dom", "file://" + file);
            Assert.Contains("lossnb-table", dom);
            Assert.Contains(">11</td>", dom);
            Assert.Contains("main-svg", dom);
            var screenshot = Path.Combine(folder, "formatters.png");
            RunChromium(userData, "--virtual-time-budget=5000", "--window-size=900,900", $"--screenshot={screenshot}", "file://" + file);
            Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is empty");
        }
        finally { Directory.Delete(userData, recursive: true); }
    }
}
