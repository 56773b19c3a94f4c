#!/usr/bin/env bash
# The README's first command: builds lossnb, installs (or refreshes) the C# kernel for this user, executes every
# course notebook headless through it and publishes the static offline course site in artifacts/site/ (open
# artifacts/site/index.html). Unchanged notebooks are reused from the last build. Extra arguments go to
# `lossnb site` (e.g. --force, --timeout 300).
set -euo pipefail
cd "$(dirname "$0")"
dotnet build src/LossNotebooks.Cli -nologo -v q
lossnb() { dotnet src/LossNotebooks.Cli/bin/Debug/net10.0/lossnb.dll "$@"; }
lossnb install
lossnb site notebooks --out artifacts/site "$@"
