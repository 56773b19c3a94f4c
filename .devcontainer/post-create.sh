#!/usr/bin/env bash
# Runs once after either development container is created (CI runs it too, as the CPU container would): builds with
# the container's TorchSharp backend and installs the C# and F# kernelspecs for Jupyter.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "TorchBackend=${TorchBackend:-cpu}"
dotnet build LossNotebooks.sln -nologo -v q
dotnet run --project src/LossNotebooks.Cli --no-build -- install --user
if [[ "${TorchBackend:-cpu}" == cuda ]]; then
  nvidia-smi || echo "post-create: no GPU visible (the CUDA container needs --gpus all and the NVIDIA Container Toolkit)"
fi
