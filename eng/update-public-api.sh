#!/usr/bin/env bash
# Regenerates src/<lib>/PublicAPI/<tfm>/PublicAPI.Unshipped.txt from the PublicApiAnalyzers' own RS0016 diagnostics
# (what is public now, minus PublicAPI.Shipped.txt), then checks that the libraries build clean. See docs/contributing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
libs=(Stdb.Compat Stdb.Compat.Hosting Stdb.Compat.Testing Stdb.Compat.Testing.Host)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for lib in "${libs[@]}"; do
  for dir in src/"$lib"/PublicAPI/*/; do
    printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  done
done
for lib in "${libs[@]}"; do
  dotnet build "src/$lib/$lib.csproj" -p:TreatWarningsAsErrors=false -clp:NoSummary >> "$log" 2>&1 || true
done
python3 - "$log" "${libs[@]}" <<'PY'
import re, sys, pathlib, collections
log, libs = sys.argv[1], sys.argv[2:]
found = collections.defaultdict(set)
pat = re.compile(r"warning RS0016: Symbol '(.*)' is not part of the declared public API.*\[(.*?)/src/([^/]+)/[^/]+\.csproj(?:::TargetFramework=([^\]]+))?\]")
for line in open(log, encoding="utf-8", errors="replace"):
    m = pat.search(line)
    if m:
        found[(m.group(3), m.group(4))].add(m.group(1))
for lib in libs:
    tfms = sorted(p.name for p in pathlib.Path("src", lib, "PublicAPI").iterdir() if p.is_dir())
    for tfm in tfms:
        symbols = found.get((lib, tfm), set()) | (found.get((lib, None), set()) if len(tfms) == 1 else set())
        path = pathlib.Path("src", lib, "PublicAPI", tfm, "PublicAPI.Unshipped.txt")
        path.write_text("#nullable enable\n" + "".join(s + "\n" for s in sorted(symbols, key=lambda s: s.encode())), encoding="utf-8")
        print(f"{lib} {tfm}: {len(symbols)} unshipped")
PY
if grep -E "warning RS00[0-9]+" "$log" | grep -v "RS0016" | sort -u | grep .; then
  echo "Other public API diagnostics above (RS0017: a Shipped symbol disappeared) need a hand edit." >&2
fi
for lib in "${libs[@]}"; do
  dotnet build "src/$lib/$lib.csproj" -clp:NoSummary -warnaserror 2>&1 | grep -E "error|warning" | sort -u || true
done
