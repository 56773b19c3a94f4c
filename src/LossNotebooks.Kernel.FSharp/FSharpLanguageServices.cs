using System.Text;
using FSharp.Compiler.Diagnostics;
using FSharp.Compiler.EditorServices;
using FSharp.Compiler.Interactive;
using FSharp.Compiler.Symbols;
using FSharp.Compiler.Tokenization;
using LossNotebooks.Kernel.Abstractions;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace LossNotebooks.Kernel.FSharp;

/// <summary>
/// Completion, inspection and is-complete for F# cells, over the session so far (F# Interactive's own checker: a
/// cell is checked as the next interaction, so it sees every earlier cell's values and opens).
/// </summary>
sealed class FSharpLanguageServices(Shell.FsiEvaluationSession fsi, object gate)
{
    /// <summary>The names that complete the dotted identifier before the cursor.</summary>
    public Completions Complete(string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        var start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] is '_' or '.' or '\'')) start--;
        var longIdent = code[start..cursor];
        var lastDot = longIdent.LastIndexOf('.');
        var replaceFrom = lastDot < 0 ? start : start + lastDot + 1;
        IReadOnlyList<string> names;
        lock (gate) names = fsi.GetCompletions(longIdent).Distinct().Order(StringComparer.Ordinal).ToList();
        return new Completions(names.Select(n => new CompletionCandidate(n, "", null)).ToList(), replaceFrom, cursor);
    }

    /// <summary>The tooltip (signature and documentation) of the identifier at the cursor, or null.</summary>
    public string? Inspect(string code, int cursor)
    {
        var (line, column, lineText) = Position(code, Math.Clamp(cursor, 0, code.Length));
        var end = column;
        while (end < lineText.Length && (char.IsLetterOrDigit(lineText[end]) || lineText[end] is '_' or '\'')) end++;
        var start = end;
        while (start > 0 && (char.IsLetterOrDigit(lineText[start - 1]) || lineText[start - 1] is '_' or '\'' or '.')) start--;
        var names = lineText[start..end].Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) return null;
        lock (gate)
        {
            var (_, check, _) = fsi.ParseAndCheckInteraction(code, FSharpOption<bool>.None).ToValueTuple();
            var tip = check.GetToolTip(line, end, lineText, ListModule.OfSeq(names), FSharpTokenTag.Identifier, FSharpOption<int>.None);
            var text = new StringBuilder();
            foreach (var element in tip.Item)
                if (element is ToolTipElement.Group group)
                    foreach (var item in group.elements)
                    {
                        text.AppendLine(string.Concat(item.MainDescription.Select(t => t.Text)));
                        if (item.XmlDoc is FSharpXmlDoc.FromXmlText { Item: var xml }) text.AppendLine(string.Join("\n", xml.UnprocessedLines).Trim());
                    }
            return text.Length == 0 ? null : text.ToString().TrimEnd();
        }
    }

    /// <summary>
    /// The parser's errors that mean "the input stops midway": an incomplete construct or expression, an unmatched
    /// bracket, a string or block left open, the end of input.
    /// </summary>
    static readonly HashSet<string> StopsMidway = new(StringComparer.Ordinal)
    {
        "FS0010", "FS3156", "FS0583", "FS0598", "FS0604", "FS0514", "FS3113", "FS0588", "FS3524",
    };

    /// <summary>
    /// <c>complete</c> when the cell parses; <c>incomplete</c> when it only stops midway (<see cref="StopsMidway"/>);
    /// <c>invalid</c> when a token is unexpected where it stands (<c>let x = )</c>) or another error is found.
    /// </summary>
    public string IsComplete(string code)
    {
        if (string.IsNullOrWhiteSpace(code)) return "complete";
        FSharpDiagnostic[] errors;
        lock (gate)
        {
            var (parse, _, _) = fsi.ParseAndCheckInteraction(code, FSharpOption<bool>.None).ToValueTuple();
            errors = parse.Diagnostics.Where(d => d.Severity.IsError && d.ErrorNumberText != "FS0058").ToArray(); // FS0058: offside, follows the others
        }
        if (errors.Length == 0) return "complete";
        if (errors.Any(e => e.Message.StartsWith("Unexpected symbol", StringComparison.Ordinal) || e.Message.StartsWith("Unexpected keyword", StringComparison.Ordinal)))
            return "invalid";
        return errors.Any(e => StopsMidway.Contains(e.ErrorNumberText)) ? "incomplete" : "invalid";
    }

    /// <summary>The 1-based line, 0-based column and text of the line at a UTF-16 offset.</summary>
    static (int Line, int Column, string Text) Position(string code, int offset)
    {
        var lineStart = code.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
        if (offset == 0) lineStart = 0;
        var lineEnd = code.IndexOf('\n', offset);
        var line = code[..lineStart].Count(c => c == '\n') + 1;
        return (line, offset - lineStart, code[lineStart..(lineEnd < 0 ? code.Length : lineEnd)].TrimEnd('\r'));
    }
}
