using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;

namespace LossNotebooks.Notebooks;

/// <summary>A kernelspec found where Jupyter finds them (JUPYTER_PATH, the user folder, the system folders).</summary>
/// <param name="Name">Its name.</param>
/// <param name="Directory">Its folder.</param>
/// <param name="Argv">The command line, with <c>{connection_file}</c> to fill in.</param>
/// <param name="Environment">Extra environment variables.</param>
/// <param name="InterruptMode"><c>message</c> or <c>signal</c>.</param>
public sealed record KernelSpec(string Name, string Directory, IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string> Environment, string InterruptMode)
{
    /// <summary>Finds a kernelspec by name; throws naming the folders searched.</summary>
    public static KernelSpec Find(string name)
    {
        var folder = JupyterPaths.FindKernelSpec(name) ?? throw new InvalidOperationException(
            $"no kernelspec named '{name}' in {string.Join(", ", JupyterPaths.DataDirectories().Select(JupyterPaths.KernelsDirectory))}" +
            (name == "csharp" ? " (install it with: lossnb install)" : ""));
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kernel.json")))!;
        var argv = json["argv"]!.AsArray().Select(a => (string)a!).ToList();
        var env = (json["env"] as JsonObject)?.ToDictionary(p => p.Key, p => (string?)p.Value ?? "") ?? new Dictionary<string, string>();
        return new KernelSpec(name, folder, argv, env, (string?)json["interrupt_mode"] ?? "signal");
    }
}
