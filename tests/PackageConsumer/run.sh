#!/usr/bin/env bash
# Packs AutoDiffGen into a local folder feed, checks the package holds the runtime, the generator and its code fixes,
# then builds and runs this console app outside the repository, with the package as its only reference to AutoDiffGen.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet pack "$root/src/AutoDiffGen/AutoDiffGen.csproj" -c Release -o "$work/feed" --nologo -v quiet
package=$(ls "$work/feed"/AutoDiffGen.*.nupkg)
version=$(basename "$package" .nupkg); version=${version#AutoDiffGen.}
echo "Package $(basename "$package"):"
python3 - "$package" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
for name in sorted(names):
    print("  " + name)
missing = [n for n in ("lib/net10.0/AutoDiffGen.dll", "analyzers/dotnet/cs/AutoDiffGen.Generator.dll",
                       "analyzers/dotnet/cs/AutoDiffGen.CodeFixes.dll", "README.md") if n not in names]
if missing:
    sys.exit("the package lacks " + ", ".join(missing))
PY

# Outside the repository, so none of its build props apply; the local feed beside the machine's own sources; a
# package folder of its own, so no earlier package of the same version is taken from the cache.
mkdir "$work/app"
cp "$here/PackageConsumer.csproj" "$here/Program.cs" "$work/app/"
cat > "$work/app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="autodiffgen-local" value="$work/feed" />
  </packageSources>
</configuration>
XML
export NUGET_PACKAGES="$work/packages"
dotnet run --project "$work/app/PackageConsumer.csproj" -c Release -p:AutoDiffGenVersion="$version" --nologo
