using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LossNotebooks.Kernel.Execution;

/// <summary>
/// Marks the classes that stand for anonymous types: their plain-text display is their <c>ToString</c>
/// (<c>{ A = 1, B = x }</c>), as for the compiler's anonymous types.
/// </summary>
public interface IAnonymousValue;

/// <summary>
/// Rewrites a cell so that, compiled on its own, it keeps the meaning C# scripts give it across cells. In a script
/// session every submission may use what earlier ones declared, whatever its accessibility, and anonymous types of
/// the same shape are one type; here each cell is its own assembly, so:
/// <list type="bullet">
/// <item>accessibility: <c>private</c>, <c>protected</c> and <c>internal</c> on top-level members and types, and
/// <c>internal</c> anywhere (<c>protected internal</c> → <c>public</c>, <c>private protected</c> →
/// <c>protected</c>), become <c>public</c>, padded with spaces so every column stays where the user wrote it;</item>
/// <item>anonymous types: <c>new { A = x, y.B }</c> becomes <c>global::__Anonymous_2_A_B.Create(x, y.B)</c>, a public
/// generic class with the anonymous type's semantics (read-only properties, value equality, its
/// <c>ToString</c>) that the session emits once per shape, so a later cell names it and two cells share it.</item>
/// </list>
/// Lines never move; columns move only after an anonymous object creation on the same line.
/// </summary>
public static class ScriptForm
{
    /// <summary>The prefix of the classes standing for anonymous types.</summary>
    public const string AnonymousPrefix = "__Anonymous_";

    /// <summary>The rewritten text, whether it differs from the tree's, and the anonymous-type shapes (property names, in order) it uses.</summary>
    public sealed record Result(string Code, bool Changed, IReadOnlyList<IReadOnlyList<string>> Shapes);

    /// <summary>Rewrites a parsed cell (or <c>#load</c>ed file) in script syntax.</summary>
    public static Result Rewrite(SyntaxTree tree)
    {
        var root = (CompilationUnitSyntax)tree.GetRoot();
        var changes = new List<TextChange>();
        foreach (var member in root.Members.Where(m => m is not GlobalStatementSyntax))
            Publish(member.Modifiers, topLevel: true, changes);
        foreach (var nested in root.Members.SelectMany(m => m.DescendantNodes()).OfType<MemberDeclarationSyntax>())
            Publish(nested.Modifiers, topLevel: false, changes);
        var shapes = new List<IReadOnlyList<string>>();
        foreach (var creation in root.DescendantNodes().OfType<AnonymousObjectCreationExpressionSyntax>())
            if (Shape(creation) is { } names)
            {
                shapes.Add(names);
                changes.Add(new TextChange(creation.NewKeyword.Span, $"global::{ClassName(names)}.Create"));
                changes.Add(new TextChange(creation.OpenBraceToken.Span, "("));
                changes.Add(new TextChange(creation.CloseBraceToken.Span, ")"));
                foreach (var initializer in creation.Initializers.Where(i => i.NameEquals is not null))
                    changes.Add(new TextChange(initializer.NameEquals!.Span, new string(' ', initializer.NameEquals.Span.Length)));
            }
        var text = changes.Count == 0 ? tree.GetText() : tree.GetText().WithChanges(changes);
        return new Result(text.ToString(), changes.Count > 0, shapes.DistinctBy(Key).ToList());
    }

    /// <summary>Makes a modifier list visible to later cells, as width-preserving replacements.</summary>
    static void Publish(SyntaxTokenList modifiers, bool topLevel, List<TextChange> changes)
    {
        var kinds = modifiers.Select(m => m.Kind()).ToHashSet();
        var isProtected = kinds.Contains(SyntaxKind.ProtectedKeyword);
        var isInternal = kinds.Contains(SyntaxKind.InternalKeyword);
        var isPrivate = kinds.Contains(SyntaxKind.PrivateKeyword);
        foreach (var modifier in modifiers)
        {
            var replacement = modifier.Kind() switch
            {
                SyntaxKind.ProtectedKeyword when isInternal => "public",            // protected internal
                SyntaxKind.InternalKeyword when isProtected => "",
                SyntaxKind.PrivateKeyword when isProtected => topLevel ? "public" : "", // private protected
                SyntaxKind.ProtectedKeyword when isPrivate => topLevel ? "" : null,
                SyntaxKind.InternalKeyword => "public",
                SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword when topLevel => "public",
                _ => null,
            };
            if (replacement is not null) changes.Add(new TextChange(modifier.Span, replacement.PadRight(modifier.Span.Length)));
        }
    }

    /// <summary>The property names of an anonymous object creation, or null when one cannot be inferred (the compiler reports it).</summary>
    static IReadOnlyList<string>? Shape(AnonymousObjectCreationExpressionSyntax creation)
    {
        var names = new List<string>();
        foreach (var initializer in creation.Initializers)
        {
            var name = initializer.NameEquals?.Name.Identifier.ValueText ?? initializer.Expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                ConditionalAccessExpressionSyntax { WhenNotNull: MemberBindingExpressionSyntax binding } => binding.Name.Identifier.ValueText,
                _ => null,
            };
            if (name is null || names.Contains(name)) return null;
            names.Add(name);
        }
        return names;
    }

    static string Key(IReadOnlyList<string> shape) => string.Join(",", shape);

    /// <summary>The class that stands for anonymous types of a shape.</summary>
    public static string ClassName(IReadOnlyList<string> shape) =>
        AnonymousPrefix + shape.Count + "_" + string.Join("_", shape.Select(n => n.Replace("_", "__", StringComparison.Ordinal)));

    /// <summary>
    /// The source of a shape's class: a generic <c>sealed class</c> with a constructor, read-only properties,
    /// value equality (<see cref="EqualityComparer{T}.Default"/> per property, as anonymous types), C#'s
    /// anonymous-type <c>ToString</c> (<c>{ A = 1, B = x }</c>), and a static <c>Create</c> that infers the types.
    /// </summary>
    public static string ClassSource(IReadOnlyList<string> shape)
    {
        var name = ClassName(shape);
        var typeParameters = shape.Select((_, i) => $"T{i}").ToList();
        var generic = shape.Count == 0 ? name : $"{name}<{string.Join(", ", typeParameters)}>";
        var parameters = string.Join(", ", shape.Select((p, i) => $"T{i} @{p}"));
        var arguments = string.Join(", ", shape.Select(p => "@" + p));
        var equal = shape.Count == 0 ? "true" : string.Join(" && ", shape.Select((p, i) => $"global::System.Collections.Generic.EqualityComparer<T{i}>.Default.Equals(this.@{p}, other.@{p})"));
        var hash = shape.Aggregate("0x2f1c_a3b5", (h, p) => $"global::System.HashCode.Combine({h}, this.@{p})");
        var text = shape.Count == 0 ? "\"{ }\"" : "\"{ " + string.Join(" + \", ", shape.Select(p => $"{p} = \" + this.@{p}")) + " + \" }\"";
        var properties = string.Concat(shape.Select((p, i) => $"    public T{i} @{p} {{ get; }}\n"));
        var factory = $"public static {generic} Create{(shape.Count == 0 ? "" : $"<{string.Join(", ", typeParameters)}>")}({parameters}) => new({arguments});";
        var assignments = string.Concat(shape.Select(p => $" this.@{p} = @{p};"));
        return $$"""
            /// <summary>An anonymous type of this shape (written by the kernel: cells share it).</summary>
            [global::System.Diagnostics.DebuggerDisplay("{ToString(),nq}")]
            public sealed class {{generic}} : global::LossNotebooks.Kernel.Execution.IAnonymousValue
            {
                public {{name}}({{parameters}}) {{{assignments}} }
            {{properties}}    public override bool Equals(object other_) => other_ is {{generic}} other && {{equal}};
                public override int GetHashCode() => {{hash}};
                public override string ToString() => {{text}};
            {{(shape.Count == 0 ? "    " + factory + "\n" : "")}}}
            {{(shape.Count == 0 ? "" : $"public static class {name}\n{{\n    {factory}\n}}\n")}}
            """;
    }
}
