namespace System.Runtime.CompilerServices;

/// <summary>Lets records compile for netstandard2.0, which the compiler hosts generators on (the type ships in .NET 5+).</summary>
internal static class IsExternalInit;
