#!/usr/bin/env bash
# Reproducible benchmark of `lossnb compare` (generated data, fixed seed): writes docs/benchmarks/compare.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/LossNotebooks.Cli -v q -nologo -p:SkipKernelHostPublish=true >/dev/null
{
  echo "# lossnb compare benchmark"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores by \`scripts/benchmark-compare.sh\` (regression: target and two models, the six default losses; parse and loss times as lossnb reports them; peak RSS of the process)."
  echo
  echo "| data | end to end | parse | losses | other |"
  echo "|---|---:|---:|---:|---:|"
  /usr/bin/python3 scripts/benchmark-compare.py src/LossNotebooks.Cli/bin/Release/net10.0/lossnb.dll "$@"
} | tee docs/benchmarks/compare.md
