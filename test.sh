#!/usr/bin/env bash
# The README's test command: installs the Debian packages the tests need (listed in scripts/test-deps.txt) when
# they are missing, then builds and runs every test project (the benchmarks are left out: LossNotebooks.Tests.slnf).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
while read -r package; do
  [[ -z "$package" || "$package" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done < scripts/test-deps.txt

if (( ${#missing[@]} > 0 )); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "test.sh: installing Debian packages the tests need: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test LossNotebooks.Tests.slnf "$@" 2>&1 | tee "$log" || status=$?

# One plain closing line summed over every test assembly: "N passed, N failed, N skipped".
awk '/(Passed|Failed)! +- +Failed: / {
       gsub(/,/, ""); for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
