using System.CommandLine;
using System.Text.Json;
using LossNotebooks.Notebooks;

namespace LossNotebooks.Cli.Commands;

/// <summary><c>lossnb convert FILE [--out FILE]</c>: .dib → .ipynb, and .ipynb → a C# file-based app (.cs).</summary>
public static class ConvertCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Argument<string>("file") { Description = "A .dib (Polyglot) or .ipynb file" };
        var output = new Option<string?>("--out") { Description = "Output file (default: beside the input, .ipynb or .cs)" };
        var command = new Command("convert", "Convert .dib to .ipynb, or .ipynb to a C# file-based app (.cs)") { input, output };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(input)!;
            if (!File.Exists(file)) { Console.Error.WriteLine($"lossnb convert: no file at {file}"); return 2; }
            var extension = Path.GetExtension(file).ToLowerInvariant();
            try
            {
                switch (extension)
                {
                    case ".dib":
                        var target = parse.GetValue(output) ?? Path.ChangeExtension(file, ".ipynb");
                        var notebook = Conversions.DibToNotebook(File.ReadAllText(file));
                        Write(target, notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
                        Console.WriteLine($"{file} -> {target} ({notebook["cells"]!.AsArray().Count} cells)");
                        return 0;
                    case ".ipynb":
                        var app = parse.GetValue(output) ?? Path.ChangeExtension(file, ".cs");
                        Write(app, Conversions.NotebookToFileBasedApp(NotebookDocument.Load(file)));
                        Console.WriteLine($"{file} -> {app} (run it with: dotnet run {Path.GetFileName(app)})");
                        return 0;
                    default:
                        Console.Error.WriteLine($"lossnb convert: {file}: expected a .dib or .ipynb file, got '{extension}'");
                        return 2;
                }
            }
            catch (InvalidDataException e) { Console.Error.WriteLine($"lossnb convert: {e.Message}"); return 1; }
        });
        return command;
    }

    static void Write(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
