namespace LossNotebooks.Losses;

/// <summary>
/// A formula written in LaTeX (without surrounding dollar signs). A plain value type so the math travels with the
/// losses; the formatting library displays it as <c>text/latex</c> and <c>text/markdown</c>.
/// </summary>
/// <param name="Latex">The LaTeX source, e.g. <c>\ell(x, y) = (x - y)^2</c>.</param>
public sealed record LatexFormula(string Latex)
{
    /// <summary>The formula as display math, <c>$$…$$</c>.</summary>
    public string ToDisplayMath() => "$$" + Latex + "$$";

    /// <inheritdoc />
    public override string ToString() => Latex;
}
