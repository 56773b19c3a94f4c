using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Interpreters;

namespace LossNotebooks.Kernel.Tests;

/// <summary>The C# interpreter behind the server's interface: its variables, read and set from outside its cells.</summary>
public sealed class CSharpInterpreterTests
{
    readonly CSharpInterpreter csharp = new();
    int cell;

    sealed class NoOutput : IOutputSink
    {
        public void Stream(string name, string text) { }
        public void Display(MimeBundle bundle, string? displayId, bool update) { }
        public void ClearOutput(bool wait) { }
        public void Page(MimeBundle bundle) { }
        public string ReadInput(string prompt, bool password) => "";
    }

    object? Run(string code)
    {
        var outcome = csharp.Execute(code, ++cell, new NoOutput());
        Assert.True(outcome.Error is null, outcome.Error?.Value);
        return outcome.Value;
    }

    [Fact]
    public void Variables_lists_each_top_level_variable_once_with_its_newest_type_and_value()
    {
        Run("var x = 1; var names = new List<string> { \"a\" };");
        Run("var x = \"text\";");
        Run("Console.WriteLine(x);"); // a cell that declares nothing changes nothing
        var variables = csharp.Variables().ToDictionary(v => v.Name);
        Assert.Equal(new[] { "names", "x" }, variables.Keys.Order());
        Assert.Equal(typeof(string), variables["x"].Type);
        Assert.Equal("text", variables["x"].Value);
        Assert.Equal(typeof(List<string>), variables["names"].Type);
    }

    [Fact]
    public void TryGetValue_reads_a_variable_by_name()
    {
        Run("var answer = 6 * 7;");
        Assert.True(csharp.TryGetValue("answer", out var value));
        Assert.Equal(42, value);
        Assert.False(csharp.TryGetValue("question", out _));
    }

    [Fact]
    public void SetValue_declares_a_typed_variable_later_cells_use_and_shares_the_object()
    {
        var shared = new List<double> { 1.5, 2.5 };
        csharp.SetValue("samples", shared, typeof(List<double>));
        Assert.Equal(4.0, Run("samples.Sum()"));
        Run("samples.Add(1);");
        Assert.Equal(3, shared.Count); // the same object, not a copy
        Assert.Equal(typeof(List<double>), csharp.Variables().Single(v => v.Name == "samples").Type);
    }

    [Fact]
    public void SetValue_assigns_an_existing_variable_of_a_fitting_type()
    {
        Run("int count = 1;");
        csharp.SetValue("count", 5, typeof(int));
        Assert.Equal(10, Run("count * 2"));
    }

    [Fact]
    public void A_value_of_a_type_declared_in_a_cell_arrives_as_object()
    {
        Run("public record Point(int X, int Y); var p = new Point(1, 2);");
        Assert.True(csharp.TryGetValue("p", out var point));
        csharp.SetValue("copy", point, point!.GetType());
        Assert.Equal(typeof(object), csharp.Variables().Single(v => v.Name == "copy").Type);
        Assert.Equal("Point { X = 1, Y = 2 }", Run("copy.ToString()"));
    }

    [Fact]
    public void SetValue_rejects_a_name_that_is_not_an_identifier()
    {
        var error = Assert.Throws<ArgumentException>(() => csharp.SetValue("class", 1, typeof(int)));
        Assert.Contains("'class' is not a C# variable name", error.Message);
    }

    [Theory]
    [InlineData(typeof(int), "global::System.Int32")]
    [InlineData(typeof(List<string>), "global::System.Collections.Generic.List<global::System.String>")]
    [InlineData(typeof(Dictionary<string, int[]>), "global::System.Collections.Generic.Dictionary<global::System.String, global::System.Int32[]>")]
    [InlineData(typeof(double[,]), "global::System.Double[,]")]
    [InlineData(typeof(Environment.SpecialFolder), "global::System.Environment.SpecialFolder")]
    public void Runtime_types_are_written_as_csharp(Type type, string expected) => Assert.Equal(expected, CSharpTypeName.Of(type));

    [Fact]
    public void A_type_cells_cannot_name_has_no_csharp_name() => Assert.Null(CSharpTypeName.Of(typeof(NoOutput)));
}
