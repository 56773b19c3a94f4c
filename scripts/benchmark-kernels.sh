#!/usr/bin/env bash
# Reproducible kernel benchmark: installs our kernel into a temporary prefix (as `lossnb install --prefix` does)
# and measures it side by side with Debian's ipykernel (python3-ipykernel). Writes docs/benchmarks/kernel.md.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
dotnet build -c Release src/LossNotebooks.Cli -v q -nologo >/dev/null
HOME="$prefix/home" dotnet src/LossNotebooks.Cli/bin/Release/net10.0/lossnb.dll install --prefix "$prefix"
{
  echo "# Kernel benchmark: C# (LossNotebooks) vs ipykernel"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores by \`scripts/benchmark-kernels.sh\` (jupyter_client $(/usr/bin/python3 -c 'import jupyter_client; print(jupyter_client.__version__)'))."
  echo
  JUPYTER_PATH="$prefix/share/jupyter" /usr/bin/python3 scripts/benchmark-kernels.py "$@"
} | tee docs/benchmarks/kernel.md
