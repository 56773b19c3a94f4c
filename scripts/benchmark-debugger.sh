#!/usr/bin/env bash
# What the debugger costs: one kernel, the same cells compiled without and with a debugger attached, side by side.
# Installs our kernel into a temporary prefix (as `lossnb install --prefix` does). Writes docs/benchmarks/debugger.md.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
dotnet build -c Release src/LossNotebooks.Cli -v q -nologo >/dev/null
HOME="$prefix/home" dotnet src/LossNotebooks.Cli/bin/Release/net10.0/lossnb.dll install --prefix "$prefix" >/dev/null
{
  echo "# Debugger benchmark: cells with and without a debugger attached"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores by \`scripts/benchmark-debugger.sh\`. Goal: a loop-heavy cell within"
  echo "3x of itself with no debugger attached. With no debugger attached cells are compiled exactly as before (see"
  echo "[kernel.md](kernel.md) for start and trivial-cell times against ipykernel). Attached, each call of a cell's method"
  echo "allocates its frame and the calling statement copies its locals (so the caller's frame can show them when a"
  echo "breakpoint stops in the callee): a cell that does little but call tiny cell methods pays most (allocation-heavy: this"
  echo "VM faults fresh memory pages at ~11 µs each, which exaggerates such timings). A trivial cell pays"
  echo "its second compilation (the instrumented one)."
  echo
  JUPYTER_PATH="$prefix/share/jupyter" /usr/bin/python3 scripts/benchmark-debugger.py "$@"
} | tee docs/benchmarks/debugger.md
