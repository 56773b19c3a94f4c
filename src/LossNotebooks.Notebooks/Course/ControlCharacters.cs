using System.Text.Json.Nodes;

namespace LossNotebooks.Notebooks.Course;

/// <summary>
/// Control characters (U+0000–U+001F other than the line feed; a tab included) in cell sources and course.json's setup
/// cells: never what a course author means. They come from text written through a string-escaping layer, where LaTeX's
/// <c>\tfrac</c> becomes a tab and <c>\big</c> a backspace; the page then renders broken. Normalizing cannot know what
/// was meant, so they are errors that name the place and the character.
/// </summary>
public static class ControlCharacters
{
    /// <summary>Each control character of the notebook's cells: <c>cell N (id), line L, column C: U+0009 (tab)</c>.</summary>
    public static IReadOnlyList<string> In(NotebookDocument notebook)
    {
        var problems = new List<string>();
        for (var i = 0; i < notebook.Cells.Count; i++)
            if (notebook.Cells[i] is JsonObject cell)
                problems.AddRange(In(NotebookDocument.Source(cell), $"cell {i + 1} ({(string?)cell["id"]})"));
        return problems;
    }

    /// <summary>Each control character of the course's setup cells (course.json).</summary>
    public static IReadOnlyList<string> In(CourseInfo course) =>
        course.Kernels.Select(k => k.SetupCell).Prepend(course.SetupCell).OfType<string>().Distinct()
            .SelectMany(setup => In(setup, $"{CourseInfo.FileName} setup cell")).ToList();

    static IEnumerable<string> In(string text, string where)
    {
        var lines = text.Split('\n');
        for (var line = 0; line < lines.Length; line++)
            for (var column = 0; column < lines[line].Length; column++)
                if (lines[line][column] is var c && c < ' ' && !(c == '\r' && column == lines[line].Length - 1))
                    yield return $"{where}, line {line + 1}, column {column + 1}: U+{(int)c:X4} ({Name(c)}), a control character (an escape such as \\t or \\b read from a string?)";
    }

    static string Name(char c) => c switch { '\t' => "tab", '\b' => "backspace", '\r' => "carriage return", '\f' => "form feed", '\0' => "null", _ => "control" };
}
