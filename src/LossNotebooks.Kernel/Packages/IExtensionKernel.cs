using System.Reflection;
using LossNotebooks.Kernel.Abstractions;

namespace LossNotebooks.Kernel.Packages;

/// <summary>
/// The .NET Interactive kernel object extensions receive (<c>IKernelExtension.OnLoadAsync(Kernel)</c>). Its
/// implementation (<see cref="Compatibility.ExtensionKernels"/>) is created on the first extension, so a session that
/// loads none never loads Microsoft.DotNet.Interactive.
/// </summary>
public interface IExtensionKernel
{
    /// <summary>
    /// Awaits <paramref name="onLoad"/> on <paramref name="extension"/> with the kernel object, inside a command's
    /// invocation context (as .NET Interactive loads extensions), so what it displays reaches the running cell.
    /// </summary>
    void Load(object extension, MethodInfo onLoad);

    /// <summary>The magic commands extensions added (name without <c>#!</c>, description).</summary>
    IReadOnlyList<(string Name, string Description)> AddedMagics { get; }

    /// <summary>
    /// Runs a cell that uses a magic an extension added through .NET Interactive's own parser: the magic's handler
    /// runs, and the cell's code goes to this kernel's interpreters.
    /// </summary>
    CellOutcome Run(string cell);
}
