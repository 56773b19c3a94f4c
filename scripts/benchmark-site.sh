#!/usr/bin/env bash
# Reproducible course-build benchmark: cold build of the whole course (every notebook executed), a rebuild with
# nothing changed (all cached), the same cold build with --parallel 2, and the per-notebook overhead (an empty
# notebook: kernel start to shutdown, median of 5). Writes docs/benchmarks/site.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/LossNotebooks.Cli -nologo -v q >/dev/null
lossnb() { dotnet src/LossNotebooks.Cli/bin/Debug/net10.0/lossnb.dll "$@"; }
lossnb install >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
seconds() { local start=$(date +%s.%N); "$@" >/dev/null; awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }'; }
cold=$(seconds lossnb site notebooks --out "$out/site" --force)
rebuild=$(seconds lossnb site notebooks --out "$out/site")
parallel=$(seconds lossnb site notebooks --out "$out/site2" --force --parallel 2)
mkdir -p "$out/empty"
cat > "$out/empty/empty.ipynb" <<'NB'
{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "csharp", "display_name": "C# (LossNotebooks)", "language": "csharp"}}, "cells": []}
NB
overheads=$(for i in 1 2 3 4 5; do seconds lossnb run "$out/empty/empty.ipynb" --out "$out/empty-out"; done | sort -n)
median=$(echo "$overheads" | sed -n 3p)
count=$(ls notebooks/*.ipynb | wc -l)
{
  echo "# Course build benchmark"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores by \`scripts/benchmark-site.sh\` ($count notebooks; times include starting lossnb)."
  echo
  echo "| measure | time | goal |"
  echo "|---|---:|---:|"
  printf "| whole course, cold (\`lossnb site --force\`) | %.1f s | ≤ 90 s |\n" "$cold"
  printf "| whole course, cold, \`--parallel 2\` | %.1f s | |\n" "$parallel"
  printf "| rebuild with nothing changed | %.1f s | ≤ 5 s |\n" "$rebuild"
  printf "| empty notebook (lossnb start, kernel start to shutdown), median of 5 | %.2f s | ≤ 1 s |\n" "$median"
} | tee docs/benchmarks/site.md
