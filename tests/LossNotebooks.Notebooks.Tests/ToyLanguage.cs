using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Abstractions;

namespace LossNotebooks.Notebooks.Tests;

/// <summary>
/// A language added by one record (<see cref="Toy"/>) and this interpreter class, nothing else: <c>say TEXT</c> writes
/// a line to the console, <c>sum A B …</c> is the cell's value, <c>fail</c> is an error at its line.
/// </summary>
public sealed class ToyInterpreter : IInterpreter
{
    /// <summary>The toy language's record.</summary>
    public static Language Toy { get; } = new("toy", LanguageKind.Code, new[] { "tl" }, new[] { ".toy" },
        "text/x-toy", "text", "null", "none", "Toy");

    /// <inheritdoc />
    public LanguageInfo Language { get; } = new(Toy, "1.0", "Toy, a language of the tests");

    /// <inheritdoc />
    public CellOutcome Execute(string code, int executionCount, IOutputSink output)
    {
        var outcome = CellOutcome.Nothing;
        var lines = code.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var words = lines[i].Trim().Split(' ', 2);
            switch (words[0])
            {
                case "say": Console.WriteLine(words.Length > 1 ? words[1] : ""); break;
                case "sum": outcome = new CellOutcome { HasValue = true, Value = words[1].Split(' ').Sum(int.Parse) }; break;
                case "fail":
                    var message = $"line {i + 1} says fail";
                    return new CellOutcome { Error = new CellError("ToyError", message, new[] { message }, new CellPosition(executionCount, i + 1, 1)) };
                case "": break;
                default:
                    var unknown = $"line {i + 1}: unknown word '{words[0]}'";
                    return new CellOutcome { Error = new CellError("ToySyntaxError", unknown, new[] { unknown }, new CellPosition(executionCount, i + 1, 1)) };
            }
        }
        return outcome;
    }
}
