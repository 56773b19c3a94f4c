#!/usr/bin/env bash
# Runs once after the container is created: build with the CUDA backend and install the C# and F# kernelspecs for Jupyter.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "TorchBackend=${TorchBackend:-cpu}"
dotnet build LossNotebooks.sln
dotnet run --project src/LossNotebooks.Cli -- install --user
nvidia-smi || echo "post-create: no GPU visible (run with --gpus all on a host with the NVIDIA container toolkit)"
