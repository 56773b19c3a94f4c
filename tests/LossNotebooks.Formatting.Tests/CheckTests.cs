namespace LossNotebooks.Formatting.Tests;

/// <summary>The notebooks' claim checks: a passing claim prints one line, a failing one throws naming claim and values.</summary>
public class CheckTests
{
    static string Printed(Action action)
    {
        var original = Console.Out;
        using var writer = new StringWriter();
        Console.SetOut(writer);
        try { action(); } finally { Console.SetOut(original); }
        return writer.ToString();
    }

    [Fact]
    public void PassingClaimsPrintWhatTheyChecked()
    {
        Assert.Equal("✓ MSE with the outlier = 19988003, stated 19988003\n", Printed(() => Check.Near("MSE with the outlier", 19988003.0, 19988003)));
        Assert.Equal("✓ AUC = 0.9951, stated 0.995 ± 0.002\n", Printed(() => Check.Near("AUC", 0.9951, 0.995, 0.002)));
        Assert.Equal("✓ Huber wins (0.3 < 0.5)\n", Printed(() => Check.That("Huber wins", true, "0.3 < 0.5")));
        Assert.Equal("✓ winner: huber, stated huber\n", Printed(() => Check.Equal("winner", "huber", "huber")));
    }

    [Fact]
    public void FailingClaimsThrowNamingTheValues()
    {
        Assert.Equal("claim failed: MAE = 3998.4, stated 3199.2",
            Assert.Throws<ClaimFailedException>(() => Check.Near("MAE", 3998.4, 3199.2)).Message);
        Assert.Equal("claim failed: AUC = 0.9, stated 0.995 ± 0.002",
            Assert.Throws<ClaimFailedException>(() => Check.Near("AUC", 0.9, 0.995, 0.002)).Message);
        Assert.Contains("claim failed: x = NaN", Assert.Throws<ClaimFailedException>(() => Check.Near("x", double.NaN, 1, 10)).Message);
        Assert.Equal("claim failed: Huber wins (0.7 > 0.5)", Assert.Throws<ClaimFailedException>(() => Check.That("Huber wins", false, "0.7 > 0.5")).Message);
        Assert.Equal("claim failed: winner: mse, stated huber", Assert.Throws<ClaimFailedException>(() => Check.Equal("winner", "mse", "huber")).Message);
    }
}
