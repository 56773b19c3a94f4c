using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Display;

// Old .NET Interactive (Polyglot) notebooks write `using Microsoft.DotNet.Interactive;` and call these. The real
// Microsoft.DotNet.Interactive assembly, when a package brings it, is referenced by cells under the extern alias
// DotNetInteractive (CSharpInterpreter.DotNetInteractiveAlias), so these names never collide with its own.
namespace Microsoft.DotNet.Interactive;

/// <summary>Compatibility with .NET Interactive's kernel helpers: <c>Kernel.display(x)</c> and friends.</summary>
public static class Kernel
{
    /// <summary>Displays a value; see <see cref="Notebook.display"/>.</summary>
    public static DisplayHandle display(object? value, params string[] mimeTypes) => Notebook.display(value, mimeTypes);

    /// <summary>Raw HTML; see <see cref="Notebook.HTML"/>.</summary>
    public static MimeBundle HTML(string html) => Notebook.HTML(html);

    /// <summary>Runs JavaScript in the front end; see <see cref="Notebook.Javascript"/>.</summary>
    public static void Javascript(string script) => Notebook.Javascript(script);

    /// <summary>Adds CSS to the page; see <see cref="Notebook.CSS"/>.</summary>
    public static void CSS(string css) => Notebook.CSS(css);
}

/// <summary>.NET Interactive's math string: displays as <c>text/latex</c> display math.</summary>
public sealed class MathString(string latex)
{
    /// <summary>The LaTeX source.</summary>
    public string Latex { get; } = latex;
    /// <inheritdoc />
    public override string ToString() => Latex;
    /// <summary>The cast old notebooks write: <c>(MathString)@"\frac{a}{b}"</c>.</summary>
    public static implicit operator MathString(string latex) => new(latex);
}
