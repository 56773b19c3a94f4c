#!/usr/bin/env bash
# Our kernel side by side with .NET Interactive's (the dotnet-interactive tool 1.0.712001, its C# kernel): the
# compatibility notebooks and the script-semantics cases through both, and a kernel benchmark. Installs both into a
# temporary prefix; writes docs/benchmarks/dotnet-interactive.md.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
dotnet build -c Release src/LossNotebooks.Cli -v q -nologo >/dev/null
HOME="$prefix/home" dotnet src/LossNotebooks.Cli/bin/Release/net10.0/lossnb.dll install --prefix "$prefix" >/dev/null
dotnet tool install Microsoft.dotnet-interactive --version 1.0.712001 --tool-path "$prefix/tool" >/dev/null
mkdir -p "$prefix/share/jupyter/kernels/dotnet-interactive-csharp"
cat > "$prefix/share/jupyter/kernels/dotnet-interactive-csharp/kernel.json" <<JSON
{ "argv": ["$prefix/tool/dotnet-interactive", "jupyter", "--default-kernel", "csharp", "{connection_file}"],
  "display_name": ".NET Interactive (C#)", "language": "C#" }
JSON
{
  echo "# LossNotebooks vs .NET Interactive"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores by \`scripts/compare-dotnet-interactive.sh\`: LossNotebooks' C# kernel"
  echo "(Release build) and .NET Interactive's (dotnet-interactive 1.0.712001, \`--default-kernel csharp\`), both started by"
  echo "jupyter_client $(/usr/bin/python3 -c 'import jupyter_client; print(jupyter_client.__version__)') from a kernelspec."
  echo
  JUPYTER_PATH="$prefix/share/jupyter" /usr/bin/python3 scripts/compare-dotnet-interactive.py csharp dotnet-interactive-csharp
} | tee docs/benchmarks/dotnet-interactive.md
