#!/usr/bin/env bash
# Our F# kernelspec side by side with .NET Interactive's F# kernel (the dotnet-interactive tool 1.0.712001,
# `--default-kernel fsharp`), and our C# kernelspec in the same run. Installs both into a temporary prefix; writes
# docs/benchmarks/fsharp.md.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
dotnet build -c Release src/LossNotebooks.Cli -v q -nologo >/dev/null
HOME="$prefix/home" dotnet src/LossNotebooks.Cli/bin/Release/net10.0/lossnb.dll install --prefix "$prefix" >/dev/null
dotnet tool install Microsoft.dotnet-interactive --version 1.0.712001 --tool-path "$prefix/tool" >/dev/null
mkdir -p "$prefix/share/jupyter/kernels/dotnet-interactive-fsharp"
cat > "$prefix/share/jupyter/kernels/dotnet-interactive-fsharp/kernel.json" <<JSON
{ "argv": ["$prefix/tool/dotnet-interactive", "jupyter", "--default-kernel", "fsharp", "{connection_file}"],
  "display_name": ".NET Interactive (F#)", "language": "F#" }
JSON
host="$prefix/home/.local/share/lossnotebooks/kernel"
{
  echo "# F# kernels: LossNotebooks vs .NET Interactive"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores by \`scripts/compare-fsharp-kernels.sh\`: LossNotebooks' \`fsharp\`"
  echo "kernelspec (Release build; F# Interactive from FSharp.Compiler.Service, loaded on the first F# cell) and .NET"
  echo "Interactive's F# kernel (dotnet-interactive 1.0.712001, \`--default-kernel fsharp\`), both started by jupyter_client"
  echo "$(/usr/bin/python3 -c 'import jupyter_client; print(jupyter_client.__version__)') from a kernelspec."
  echo "Sizes on disk: the C# host $(du -sh --exclude=fsharp "$host"/* | cut -f1), its fsharp/ folder $(du -sh "$host"/*/fsharp | cut -f1)."
  echo
  JUPYTER_PATH="$prefix/share/jupyter" /usr/bin/python3 scripts/compare-fsharp-kernels.py fsharp dotnet-interactive-fsharp csharp
} | tee docs/benchmarks/fsharp.md
