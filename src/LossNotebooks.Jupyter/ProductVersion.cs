using System.Reflection;

namespace LossNotebooks.Jupyter;

/// <summary>
/// The version of LossNotebooks, one for every assembly and package (VersionPrefix and VersionSuffix of
/// Directory.Build.props): what kernel_info, <c>--version</c>, the kernelspecs and the kernel's install folder say.
/// </summary>
public static class ProductVersion
{
    /// <summary>The version as packages carry it (<c>0.2.0-preview.1</c>), without the build's source revision.</summary>
    public static string Current { get; } =
        typeof(ProductVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
