using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LossNotebooks.Kernel.Execution;

/// <summary>A compiler diagnostic and the place in the user's cell it is reported at.</summary>
/// <param name="Diagnostic">The compiler's diagnostic.</param>
/// <param name="Place">The cell, line and column shown to the user.</param>
public sealed record PlacedDiagnostic(Diagnostic Diagnostic, FileLinePositionSpan Place);

/// <summary>
/// Where in the user's cell a diagnostic of the translated cell belongs. Most of the translation carries
/// <c>#line</c> directives naming the cell, so the compiler's mapped position is the user's; the exception is a
/// top-level variable with a written type, which the translation declares as a field in its own glue: an error in
/// that type (an unknown name, a missing reference) is placed on the same text in the user's declaration.
/// </summary>
public static class DiagnosticPlaces
{
    /// <summary>The diagnostic with the user's cell, line and column.</summary>
    /// <param name="diagnostic">A diagnostic of the compilation.</param>
    /// <param name="generated">The translated cell (the class the session compiles).</param>
    /// <param name="cell">The user's trees (the cell and the files it <c>#load</c>s).</param>
    public static PlacedDiagnostic Place(Diagnostic diagnostic, SyntaxTree generated, IEnumerable<SyntaxTree> cell)
    {
        var mapped = diagnostic.Location.GetMappedLineSpan();
        if (!diagnostic.Location.IsInSource || mapped.HasMappedPath || diagnostic.Location.SourceTree != generated)
            return new PlacedDiagnostic(diagnostic, mapped);
        var span = diagnostic.Location.SourceSpan;
        var field = generated.GetRoot().FindNode(span).AncestorsAndSelf().OfType<FieldDeclarationSyntax>().FirstOrDefault();
        if (field?.Declaration.Variables.FirstOrDefault()?.Identifier.ValueText is not { } name) return new PlacedDiagnostic(diagnostic, mapped);
        var written = cell.SelectMany(t => ((CompilationUnitSyntax)t.GetRoot()).Members).OfType<FieldDeclarationSyntax>()
            .LastOrDefault(f => f.Declaration.Variables.Any(v => v.Identifier.ValueText == name));
        if (written is null) return new PlacedDiagnostic(diagnostic, mapped);
        var offset = span.Start - field.Declaration.Type.SpanStart;
        var start = offset >= 0 && offset + span.Length <= written.Declaration.Type.Span.Length
            ? written.Declaration.Type.SpanStart + offset // the same text in the type as written
            : written.Declaration.Variables.First(v => v.Identifier.ValueText == name).Identifier.SpanStart;
        return new PlacedDiagnostic(diagnostic, written.SyntaxTree.GetLocation(new TextSpan(start, span.Length)).GetMappedLineSpan());
    }
}
