using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossNotebooks.Kernel.Debugging;

/// <summary>The lines of a C# cell where a statement (or an expression body) starts: where a breakpoint can stop.</summary>
public static class StatementLines
{
    static readonly CSharpParseOptions Script = new(LanguageVersion.Latest, kind: Microsoft.CodeAnalysis.SourceCodeKind.Script);

    /// <summary>The 1-based lines, ascending.</summary>
    public static IReadOnlyList<int> Of(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, Script);
        var starts = tree.GetRoot().DescendantNodes().Where(n => n switch
        {
            BlockSyntax or LocalFunctionStatementSyntax => false,
            StatementSyntax => true,
            FieldDeclarationSyntax => true, // a script's top-level variable
            ArrowExpressionClauseSyntax => true,
            AnonymousFunctionExpressionSyntax { Body: ExpressionSyntax } => true,
            _ => false,
        }).Select(n => n switch
        {
            ArrowExpressionClauseSyntax arrow => arrow.Expression.SpanStart,
            AnonymousFunctionExpressionSyntax lambda => lambda.Body.SpanStart,
            _ => n.SpanStart,
        });
        return starts.Select(p => tree.GetLineSpan(new Microsoft.CodeAnalysis.Text.TextSpan(p, 0)).StartLinePosition.Line + 1).Distinct().Order().ToList();
    }
}
