#!/usr/bin/env bash
# Reproducible benchmark of `lossnb compare`: the in-memory CSV reader it had before it streamed through DuckDB
# (built from OLD_REVISION) and the streaming one of this tree, side by side on the same generated files in one run;
# writes docs/benchmarks/compare.md.
#
#     scripts/benchmark-compare.sh [--large-rows 100000000]
set -euo pipefail
cd "$(dirname "$0")/.."
OLD_REVISION=${OLD_REVISION:-8ea2791}   # the last commit with the in-memory CSV path (CsvHelper, every row as float64)
old=$(mktemp -d)
trap 'rm -rf "$old"' EXIT
git archive "$OLD_REVISION" | tar -x -C "$old"
dotnet build -c Release "$old/src/LossNotebooks.Cli" -v q -nologo -p:SkipKernelHostPublish=true >/dev/null
dotnet build -c Release src/LossNotebooks.Cli -v q -nologo -p:SkipKernelHostPublish=true >/dev/null
{
  echo "# lossnb compare benchmark"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores by \`scripts/benchmark-compare.sh\`: regression, a target and two models, the six"
  echo "default losses; the same generated files (\`scripts/make-compare-data.cs\`) read by the old in-memory CSV path"
  echo "($OLD_REVISION) and the streaming one, in one run. Times as lossnb reports them; peak RSS of each process. This VM faults"
  echo "fresh memory pages at about 11 µs each, which weighs on the old path (every row held as float64) more than on the streaming one."
  echo
  /usr/bin/python3 scripts/benchmark-compare.py "$old/src/LossNotebooks.Cli/bin/Release/net10.0/lossnb.dll" \
    src/LossNotebooks.Cli/bin/Release/net10.0/lossnb.dll "$@"
} | tee docs/benchmarks/compare.md
