#!/usr/bin/env bash
# The README's first command: builds lossnb, installs (or refreshes) the C# kernel for this user, and executes every
# course notebook headless through it, writing the executed notebooks to artifacts/executed/.
# Extra arguments go to `lossnb run` (e.g. --timeout 300, --allow-errors).
set -euo pipefail
cd "$(dirname "$0")"
dotnet build src/LossNotebooks.Cli -nologo -v q
lossnb() { dotnet src/LossNotebooks.Cli/bin/Debug/net10.0/lossnb.dll "$@"; }
lossnb install
lossnb run notebooks --out artifacts/executed "$@"
