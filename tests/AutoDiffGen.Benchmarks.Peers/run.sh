#!/usr/bin/env bash
# Builds the peer benchmark in Release, makes libtorch load on this machine, and runs it; arguments are forwarded.
#   tests/AutoDiffGen.Benchmarks.Peers/run.sh            every measurement
#   tests/AutoDiffGen.Benchmarks.Peers/run.sh --quick    fewer repetitions, to check that it runs
#   tests/AutoDiffGen.Benchmarks.Peers/run.sh --gpt      only the GPT comparison (with --quick too, to check it)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
bin=$here/bin/Release/net10.0
shim=$here/obj/torchsharp-shim

dotnet build "$here/AutoDiffGen.Benchmarks.Peers.csproj" -c Release --nologo -v quiet
# The build copies an unpatched libLibTorchSharp.so whenever it rebuilds, so the fix runs every time (on the copy
# in the build output; the NuGet cache is left alone).
"$root/../shared/tools/torchsharp-fix.sh" "$bin/runtimes/linux-x64/native" "$shim"
LD_PRELOAD="$shim/libiosshim.so" dotnet "$bin/AutoDiffGen.Benchmarks.Peers.dll" "$@"
