// A loss, its gradient and a formatter through the LossNotebooks packages; the test reads these lines.
using LossNotebooks.Formatting;
using LossNotebooks.Losses;
using Microsoft.DotNet.Interactive.Formatting;
using static LossNotebooks.Losses.Functional;
using static TorchSharp.torch;

var x = tensor(new[] { 1.0, 2, 3, 4, 10000 }).requires_grad_(true);
var loss = HuberLoss(x, full(5, 3.0, dtype: ScalarType.Float64), delta: 2);
loss.backward();
Console.WriteLine($"huber {loss.item<double>()}");
Console.WriteLine($"gradient {string.Join(" ", x.grad!.data<double>().ToArray())}");
Console.WriteLine($"catalog {LossCatalog.Parse("huber(delta=2)").Info.Name}");
var ranking = new LossNotebooks.Losses.Modules.MarginRankingLoss(margin: 1).call(tensor(new[] { 2.0 }), tensor(new[] { 1.5 }), tensor(new[] { 1.0 }));
Console.WriteLine($"module {ranking.item<double>()}");

LossFormatters.Register();
var html = x.ToDisplayString("text/html");
Console.WriteLine($"html table {html.Contains("<table", StringComparison.Ordinal)}");
