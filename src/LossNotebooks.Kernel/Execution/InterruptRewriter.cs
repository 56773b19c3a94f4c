using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossNotebooks.Kernel.Execution;

/// <summary>
/// Inserts <c>Interrupt.Check();</c> at the top of every loop body and every block-bodied method, local function and
/// accessor (so recursion is interruptible too). Insertions stay on existing lines, so stack traces keep the cell's
/// line numbers; compile errors are reported from the original text, so their columns stay right.
/// </summary>
public sealed class InterruptRewriter : CSharpSyntaxRewriter
{
    /// <summary>The method the inserted statement calls, as written.</summary>
    public const string CheckMethod = "global::LossNotebooks.Kernel.Execution.Interrupt.Check";

    static readonly StatementSyntax CheckStatement = SyntaxFactory.ParseStatement(CheckMethod + "();");

    /// <summary>Rewrites a parsed cell (C# script syntax).</summary>
    public static string Rewrite(SyntaxTree tree) => new InterruptRewriter().Visit(tree.GetRoot()).ToFullString();

    static StatementSyntax WithCheck(StatementSyntax body)
    {
        if (body is BlockSyntax block) return block.WithStatements(block.Statements.Insert(0, CheckStatement));
        // A single statement: wrap it in braces without adding line breaks.
        return SyntaxFactory.Block(CheckStatement, body.WithoutLeadingTrivia())
            .WithLeadingTrivia(body.GetLeadingTrivia())
            .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken))
            .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken));
    }

    static BlockSyntax? WithCheck(BlockSyntax? body) => body?.WithStatements(body.Statements.Insert(0, CheckStatement));

    /// <inheritdoc />
    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(WithCheck(visited.Statement));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(WithCheck(visited.Statement));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(WithCheck(visited.Statement));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(WithCheck(visited.Statement));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(WithCheck(visited.Statement));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var visited = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
        return visited.WithBody(WithCheck(visited.Body));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        return visited.WithBody(WithCheck(visited.Body));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var visited = (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!;
        return visited.WithBody(WithCheck(visited.Body));
    }
}
