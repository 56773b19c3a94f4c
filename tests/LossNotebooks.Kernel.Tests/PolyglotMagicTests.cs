using System.Text.Json;
using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Cells;
using LossNotebooks.Kernel.Interpreters;

namespace LossNotebooks.Kernel.Tests;

/// <summary>A C# and an F# interpreter behind one pipeline, as the kernel has them (one per test class: F# starts in seconds).</summary>
public sealed class PolyglotSession
{
    int cell;

    public CSharpInterpreter CSharp { get; } = new();
    public IInterpreter FSharp { get; } = FSharpLanguage.Lazy();
    public CellPipeline Pipeline { get; }

    public PolyglotSession() => Pipeline = CellPipeline.Standard(new[] { CSharp, FSharp }, references: null);

    /// <summary>Runs a cell through the pipeline: its outcome and what it displayed or streamed.</summary>
    public (CellOutcome Outcome, RecordingSink Output) Run(string code)
    {
        var sink = new RecordingSink();
        return (Pipeline.Run(Pipeline.Prepare(code), Interlocked.Increment(ref cell), sink), sink);
    }

    /// <summary>Runs a cell that must succeed; its value.</summary>
    public object? Value(string code)
    {
        var (outcome, _) = Run(code);
        Assert.True(outcome.Error is null, $"{outcome.Error?.Name}: {outcome.Error?.Value}");
        return outcome.Value;
    }

    /// <summary>Runs a cell that must fail; its error message.</summary>
    public string Error(string code)
    {
        var (outcome, _) = Run(code);
        Assert.True(outcome.Error is not null, "the cell should have failed");
        return outcome.Error!.Value;
    }
}

public sealed class RecordingSink : IOutputSink
{
    public List<MimeBundle> Displays { get; } = new();
    public void Stream(string name, string text) { }
    public void Display(MimeBundle bundle, string? displayId, bool update) => Displays.Add(bundle);
    public void ClearOutput(bool wait) { }
    public void Page(MimeBundle bundle) { }
    public string ReadInput(string prompt, bool password) => "";

    public string Text(int index = 0) => Displays[index].Data["text/plain"]?.ToString() ?? "";
}

/// <summary>
/// Values between C# and F# (#!share, #!set, #!value) and the informational magics (#!who, #!whos, #!lsmagic,
/// #!about, #!import), against the real interpreters.
/// </summary>
public sealed class PolyglotMagicTests(PolyglotSession session) : IClassFixture<PolyglotSession>
{
    [Fact]
    public void A_framework_typed_CSharp_value_is_shared_into_FSharp_as_the_same_object_with_its_type()
    {
        session.Value("var samples = new List<double> { 1.5, 2.5 };");
        Assert.Equal(4.0, session.Value("#!fsharp\n#!share --from csharp samples\nsamples |> Seq.sum"));
        session.Value("#!fsharp\nsamples.Add 6.0");
        Assert.Equal(3, session.Value("samples.Count")); // the F# cell changed the C# object: one object
        Assert.Equal(typeof(List<double>), session.FSharp.Variables().Single(v => v.Name == "samples").Type);
    }

    [Fact]
    public void An_FSharp_list_arrives_in_CSharp_typed_and_renamed_with_as()
    {
        session.Value("#!fsharp\nlet squares = [ for i in 1 .. 4 -> i * i ]");
        Assert.Equal(30, session.Value("#!share --from fsharp squares --as fromFSharp\nfromFSharp.Sum()"));
        Assert.Equal("FSharpList`1", session.CSharp.Variables().Single(v => v.Name == "fromFSharp").Type.Name);
    }

    [Fact]
    public void A_type_declared_in_a_cell_arrives_as_object_and_is_still_the_same_object()
    {
        session.Value("#!fsharp\ntype Point = { X: int; Y: int }\nlet point = { X = 3; Y = 4 }");
        session.Value("#!share --from fsharp point");
        Assert.Equal(typeof(object), session.CSharp.Variables().Single(v => v.Name == "point").Type);
        Assert.Equal(true, session.Value("#!fsharp\n#!share --from csharp point --as pointBack\nobj.ReferenceEquals(pointBack, point)"));
    }

    [Fact]
    public void With_the_json_mime_type_a_value_arrives_as_a_JsonElement_copy()
    {
        session.Value("#!fsharp\ntype Reading = { Name: string; Loss: float }\nlet reading = { Name = \"mse\"; Loss = 0.25 }");
        Assert.Equal(0.25, session.Value("#!share --from fsharp reading --as readingJson --mime-type application/json\nreadingJson.GetProperty(\"Loss\").GetDouble()"));
        Assert.Equal(typeof(JsonElement), session.CSharp.Variables().Single(v => v.Name == "readingJson").Type);
    }

    [Fact]
    public void Set_takes_a_literal_json_or_another_languages_variable()
    {
        session.Value("#!set --name greeting --value \"hello there\"");
        Assert.Equal("hello there", session.Value("greeting"));
        session.Value("#!value --name settings\n{ \"epochs\": 3 }");
        session.Value("#!set --name config --value @value:settings --mime-type application/json"); // JSON text parsed, not quoted again
        Assert.Equal(3, session.Value("config.GetProperty(\"epochs\").GetInt32()"));
        session.Value("var threshold = 0.5;");
        Assert.Equal(1.0, session.Value("#!fsharp\n#!set --name limit --value @csharp:threshold\nlimit * 2.0"));
    }

    [Fact]
    public void Value_stores_the_cell_text_for_later_cells_of_either_language()
    {
        var (outcome, _) = session.Run("#!value --name csv\nx,y\n1,2");
        Assert.Null(outcome.Error);
        Assert.False(outcome.HasValue);
        Assert.Equal("x,y\n1,2", session.Value("#!share --from value csv\ncsv"));
        Assert.Equal(2, session.Value("#!fsharp\n#!share --from value csv\ncsv.Split('\\n').Length"));
    }

    [Fact]
    public async Task Value_from_url_stores_the_body_of_a_GET_and_names_a_failed_one()
    {
        var port = FreePort();
        using var listener = new System.Net.HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var served = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = await listener.GetContextAsync();
                var found = context.Request.Url!.AbsolutePath == "/scores.csv";
                context.Response.StatusCode = found ? 200 : 404;
                var body = System.Text.Encoding.UTF8.GetBytes(found ? "id,score\n1,0.5" : "missing");
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
        var (outcome, _) = session.Run($"#!value --name scores --from-url http://127.0.0.1:{port}/scores.csv");
        Assert.True(outcome.Error is null, outcome.Error?.Value);
        Assert.Equal("id,score\n1,0.5", session.Value("#!share --from value scores\nscores"));
        Assert.Contains($"GET http://127.0.0.1:{port}/other.csv answered 404", session.Error($"#!value --name other --from-url http://127.0.0.1:{port}/other.csv"));
        await served.WaitAsync(TimeSpan.FromSeconds(10));
        var closed = FreePort();
        var refused = session.Error($"#!value --name nothing --from-url http://127.0.0.1:{closed}/data.csv");
        Assert.Contains($"GET http://127.0.0.1:{closed}/data.csv failed", refused);
        Assert.Contains("not an http or https URL", session.Error("#!value --name local --from-url file:///etc/hostname"));
    }

    static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    [Fact]
    public void Sharing_errors_name_the_missing_variable_language_or_argument()
    {
        session.Value("var present = 1;");
        Assert.Contains("csharp has no variable 'absent'", session.Error("#!fsharp\n#!share --from csharp absent"));
        Assert.Contains("unknown language 'pwsh'", session.Error("#!share --from pwsh x"));
        Assert.Contains("languages: csharp, fsharp, value", session.Error("#!share --from pwsh x"));
        Assert.Contains("#!share", session.Error("#!share present")); // --from is required: the usage is shown
        Assert.Contains("--from", session.Error("#!share present"));
        Assert.Contains("no value named 'nothing'", session.Error("#!share --from value nothing"));
    }

    [Fact]
    public void Who_and_whos_list_the_cell_languages_variables_and_all_lists_each_language()
    {
        session.Value("var whoCs = 42;");
        session.Value("#!fsharp\nlet whoFs = \"text\"");
        var (_, csharp) = session.Run("#!who");
        Assert.Contains("whoCs", csharp.Text());
        Assert.DoesNotContain("whoFs", csharp.Text());
        var (_, table) = session.Run("#!fsharp\n#!whos");
        Assert.Contains("<td>whoFs</td><td>String</td><td>text</td>", table.Displays[0].Data["text/html"]?.ToString());
        var (_, all) = session.Run("#!whos --all");
        Assert.Contains("csharp\twhoCs\tInt32\t42", all.Text());
        Assert.Contains("fsharp\twhoFs\tString\ttext", all.Text());
    }

    [Fact]
    public void Lsmagic_lists_every_registered_magic_and_about_names_the_languages()
    {
        var (_, magics) = session.Run("#!lsmagic");
        foreach (var magic in new[] { "#!csharp", "#!fsharp", "#!share", "#!set", "#!value", "#!who", "#!whos", "#!import", "#!time", "#!markdown", "#!about", "#r" })
            Assert.Contains(magic, magics.Text());
        var (_, about) = session.Run("#!about");
        Assert.Contains("csharp", about.Text());
        Assert.Contains("fsharp", about.Text());
        Assert.Contains(".NET " + Environment.Version, about.Text());
    }

    [Fact]
    public void Import_runs_scripts_and_notebooks_cell_by_cell_and_names_the_failing_cell()
    {
        var folder = Directory.CreateTempSubdirectory("lossnb-import-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "helpers.csx"), "double Twice(double x) => 2 * x;");
            File.WriteAllText(Path.Combine(folder, "helpers.fsx"), "let thrice x = 3 * x");
            File.WriteAllText(Path.Combine(folder, "mixed.dib"), "#!meta\n{\"kernelInfo\":{}}\n\n#!csharp\nvar fromDib = 5;\n\n#!markdown\n# not code\n\n#!fsharp\nlet fromDibFs = 6\n");
            File.WriteAllText(Path.Combine(folder, "polyglot.ipynb"), JsonSerializer.Serialize(new
            {
                cells = new object[]
                {
                    new { cell_type = "markdown", metadata = new { }, source = "# title" },
                    new { cell_type = "code", metadata = new { }, source = new[] { "var fromNotebook = 7;" } },
                    new { cell_type = "code", metadata = new { polyglot_notebook = new { kernelName = "fsharp" } }, source = new[] { "let fromNotebookFs = 8" } },
                },
                metadata = new { kernelspec = new { name = ".net-csharp", language = "C#" } },
                nbformat = 4,
                nbformat_minor = 5,
            }));
            File.WriteAllText(Path.Combine(folder, "broken.csx"), "var fine = 1;\nthrow new InvalidOperationException(\"imported failure\");");
            Assert.Equal(8.0, session.Value($"#!import {folder}/helpers.csx\nTwice(4)"));
            Assert.Equal(9, session.Value($"#!fsharp\n#!import {folder}/helpers.fsx\nthrice 3"));
            Assert.Equal(11, session.Value($"#!import {folder}/mixed.dib\n#!share --from fsharp fromDibFs\nfromDib + fromDibFs"));
            Assert.Equal(15, session.Value($"#!import {folder}/polyglot.ipynb\n#!share --from fsharp fromNotebookFs\nfromNotebook + fromNotebookFs"));
            var error = session.Error($"#!import {folder}/broken.csx");
            Assert.Contains("broken.csx: cell 1 (csharp) failed: InvalidOperationException: imported failure", error);
            Assert.Contains("no file", session.Error($"#!import {folder}/missing.csx"));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
