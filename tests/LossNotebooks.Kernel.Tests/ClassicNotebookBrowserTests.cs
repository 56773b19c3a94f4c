using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// The kernel in a real front end: Debian's classic Jupyter Notebook 6.4 server, driven in headless Chromium by
/// Playwright. A cell is typed, run with Shift+Enter, and its HTML table and LaTeX formula must be rendered (MathJax);
/// a screenshot of the output is saved under the test's folder. A #!mermaid cell must draw its diagram.
/// </summary>
[Collection(nameof(KernelCollection))]
[Trait(TestKinds.Kind, TestKinds.RealClient)]
public sealed class ClassicNotebookBrowserTests(KernelInstallation kernel)
{
    const string Chromium = "/usr/bin/chromium";
    const string NotebookServer = "/usr/bin/jupyter-notebook";

    const string CellCode =
        "display(HTML(\"<table id='losses'><tr><th>loss</th><th>value</th></tr><tr><td>MSE</td><td>0.25</td></tr></table>\"));\n" +
        "LaTeX(@\"$$\\mathcal{L}_{\\mathrm{MSE}} = \\frac{1}{n}\\sum_{i=1}^{n} (y_i - \\hat{y}_i)^2$$\")";

    [Fact]
    public Task A_cell_with_an_html_table_and_a_formula_renders_in_classic_notebook() => InClassicNotebook(async page =>
    {
        await page.ClickAsync(".cell.code_cell .CodeMirror");
        await page.Keyboard.InsertTextAsync(CellCode);
        await page.Keyboard.PressAsync("Shift+Enter");

        var table = await page.WaitForSelectorAsync(".output_html table#losses", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Assert.Equal("MSE", await page.InnerTextAsync("table#losses tr:nth-child(2) td:first-child"));
        try
        {
            await page.WaitForSelectorAsync(".output_area .MathJax_Display .MathJax",
                new PageWaitForSelectorOptions { Timeout = 30_000, State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException)
        {
            Assert.Fail("the formula was not typeset by MathJax; the output area holds:\n" + await page.InnerHTMLAsync(".cell.code_cell .output_wrapper"));
        }
        // The execute_reply arrives after the outputs: the prompt then shows the execution count.
        await page.WaitForSelectorAsync(".cell.code_cell .input_prompt:has-text('[1]')", new PageWaitForSelectorOptions { Timeout = 30_000 });

        var shot = Path.Combine(AppContext.BaseDirectory, "artifacts", "classic-notebook.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.Locator(".cell.code_cell .output_wrapper").First.ScreenshotAsync(new LocatorScreenshotOptions { Path = shot });
        Assert.True(new FileInfo(shot).Length > 2_000, "the output screenshot is empty");
        Assert.NotNull(table);
    });

    [Fact]
    public Task A_mermaid_cell_draws_its_diagram_offline_under_requirejs() => InClassicNotebook(async page =>
    {
        await page.ClickAsync(".cell.code_cell .CodeMirror");
        await page.Keyboard.InsertTextAsync("#!mermaid\nflowchart LR\n  Prediction --> Loss --> Gradient");
        await page.Keyboard.PressAsync("Shift+Enter");
        try
        {
            await page.WaitForSelectorAsync(".output_html .lossnb-mermaid svg", new PageWaitForSelectorOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("the diagram was not drawn; the output area holds:\n" + await page.InnerTextAsync(".cell.code_cell .output_wrapper"));
        }
        Assert.Contains("Gradient", await page.InnerTextAsync(".output_html .lossnb-mermaid"));
        Assert.True(await page.EvaluateAsync<bool>("typeof window.define === 'function' && !!window.define.amd"), "requirejs's define was not restored");
    });

    /// <summary>Starts classic Notebook on an empty C# notebook, opens it in headless Chromium (no network) and runs <paramref name="steps"/>.</summary>
    async Task InClassicNotebook(Func<IPage, Task> steps)
    {
        Assert.True(File.Exists(Chromium), "chromium is missing: run ./test.sh, which installs it");
        Assert.True(File.Exists(NotebookServer), "jupyter-notebook is missing: run ./test.sh, which installs it");
        var folder = Directory.CreateDirectory(Path.Combine(kernel.Root, "classic-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "browser.ipynb"), EmptyNotebook());
        var port = FreePort();
        const string token = "lossnb-browser-test";
        using var server = StartServer(folder, port, token);
        try
        {
            await WaitForServer(port, server);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = new[] { "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run" },
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 800 } });
            await page.GotoAsync($"http://127.0.0.1:{port}/notebooks/browser.ipynb?token={token}");
            await page.WaitForSelectorAsync("#kernel_indicator_icon.kernel_idle_icon", new PageWaitForSelectorOptions { Timeout = 60_000 });
            Assert.Contains("C# (LossNotebooks)", await page.InnerTextAsync("#kernel_indicator"));
            await steps(page);
        }
        finally
        {
            try { server.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }

    Process StartServer(string folder, int port, string token)
    {
        var start = new ProcessStartInfo(NotebookServer)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--no-browser", "--allow-root", $"--port={port}", "--ip=127.0.0.1", $"--NotebookApp.token={token}",
                     $"--notebook-dir={folder}", "--NotebookApp.disable_check_xsrf=True",
                 })
            start.ArgumentList.Add(argument);
        kernel.ConfigureEnvironment(start);
        start.Environment["JUPYTER_CONFIG_DIR"] = Path.Combine(kernel.Root, "config");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    static async Task WaitForServer(int port, Process server)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) throw new InvalidOperationException($"jupyter-notebook exited with code {server.ExitCode}");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/api")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("jupyter-notebook did not answer within 60 s");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static string EmptyNotebook() => new JsonObject
    {
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
        ["metadata"] = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["name"] = "csharp", ["display_name"] = "C# (LossNotebooks)", ["language"] = "csharp" },
            ["language_info"] = new JsonObject { ["name"] = "csharp" },
        },
        ["cells"] = new JsonArray(new JsonObject
        {
            ["cell_type"] = "code",
            ["id"] = "browser-cell",
            ["metadata"] = new JsonObject(),
            ["source"] = "",
            ["outputs"] = new JsonArray(),
            ["execution_count"] = null,
        }),
    }.ToJsonString();
}
