#!/usr/bin/env bash
# Regenerates enrollment/src/main/resources/reference/cog-communes.csv from registry packages only (npm
# registry). Provenance documentation: the build does not run this script. See docs/reference-data.md.
# cog-countries.csv is not generated: it is the complete INSEE list vendored as is (docs/reference-data.md).
#
# Usage: enrollment/src/main/reference-data/generate.sh [WORKDIR]
#   WORKDIR (default: a new temporary directory) receives the downloaded tarballs; tarballs already
#   there are reused. Every input is checked against the SHA-256 recorded below before use.
# Needs: bash, npm, sha256sum, python3 (standard library only).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/../resources/reference"
WORK="${1:-$(mktemp -d)}"
mkdir -p "$WORK" "$OUT"
cd "$WORK"

# @etalab/decoupage-administratif: one version per COG vintage (README of the package, "Millésimes").
# 0.8.0 = COG 2019 and the only version that ships historique-communes.json (all communes since 1943).
ETALAB_VERSIONS=(0.8.0 1.1.1 2.3.1 3.1.1 4.1.0 5.3.0 6.0.0)

cat > SHA256SUMS <<'SUMS'
3731209f86aab7c92a7de236caa6c5cc70c2ca0c4e21407e7e132b7483d04fe5  etalab-decoupage-administratif-0.8.0.tgz
db6e7c433ee675de314aa19bfc4faf796451342960ed2c1b42fda0f458a97e23  etalab-decoupage-administratif-1.1.1.tgz
d7f2a6915af27a719eeb6eb6581d9a645849b5b23e5c97fa5aa2931eb3552d1f  etalab-decoupage-administratif-2.3.1.tgz
225079c8cd185379fd494993e99fe712523e2f16e4a1170d8391a76a304e7073  etalab-decoupage-administratif-3.1.1.tgz
318f0cfc0c1f9d8113b272bf3cefb8f207f23f73026ee5932215f5d80d7a0f2a  etalab-decoupage-administratif-4.1.0.tgz
149cd9096f70915c02e5d39ef6045f0900d94c782ee9f1c1941703092fe72636  etalab-decoupage-administratif-5.3.0.tgz
c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a  etalab-decoupage-administratif-6.0.0.tgz
SUMS

for v in "${ETALAB_VERSIONS[@]}"; do
  [ -f "etalab-decoupage-administratif-$v.tgz" ] || npm pack --silent "@etalab/decoupage-administratif@$v" >/dev/null
done
sha256sum --check --quiet SHA256SUMS

python3 - "$WORK" "$OUT" "${ETALAB_VERSIONS[@]}" <<'PY'
import csv, io, json, os, re, sys, tarfile

work, out, versions = sys.argv[1], sys.argv[2], sys.argv[3:]
CODE = re.compile(r'^(?:2[AB]|[0-9]{2})[0-9]{3}$')

def member(tgz, path):
    with tarfile.open(os.path.join(work, tgz)) as t:
        return json.load(t.extractfile(path))

# ---- communes ---------------------------------------------------------------------------------
latest = versions[-1]
vintages = {v: member(f'etalab-decoupage-administratif-{v}.tgz', 'package/data/communes.json') for v in versions}
PRIORITY = {'commune-actuelle': 0, 'arrondissement-municipal': 1, 'commune-deleguee': 2, 'commune-associee': 3}

rows = {}  # code -> (name, type, current)
# 1. every code of the latest COG; a code both "actuelle" and "déléguée" keeps the "actuelle" row
for c in sorted(vintages[latest], key=lambda c: PRIORITY[c['type']]):
    rows.setdefault(c['code'], (c['nom'], c['type'], True))

# 2. codes of earlier vintages that the latest COG no longer has: name of the latest vintage having it
for v in reversed(versions[:-1]):
    for c in vintages[v]:
        if c['code'] not in rows:
            rows[c['code']] = (c['nom'], 'commune-historique', False)

# 3. the INSEE history since 1943 (shipped by 0.8.0 only): the name the code last had
history = member('etalab-decoupage-administratif-0.8.0.tgz', 'package/data/historique-communes.json')
def recency(h):  # still valid > ended later > started later
    return (h.get('dateFin') is None, h.get('dateFin') or '', h.get('dateDebut') or '')
last = {}
for h in history:
    if h['code'] not in last or recency(h) > recency(last[h['code']]):
        last[h['code']] = h
for code, h in last.items():
    if code not in rows:
        rows[code] = (h['nom'], 'commune-historique', False)

# 4. "anciensCodes" that no source names (the 985xx codes of Mayotte before 2011): the name of
#    the commune that lists the code among its former codes
for v in reversed(versions):
    for c in vintages[v]:
        for old in c.get('anciensCodes', []):
            if old not in rows:
                rows[old] = (c['nom'], 'commune-historique', False)

bad = [code for code in rows if not CODE.match(code)]
assert not bad, bad
with open(os.path.join(out, 'cog-communes.csv'), 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['code', 'name', 'type', 'current'])
    for code in sorted(rows):
        name, kind, current = rows[code]
        w.writerow([code, name, kind, 'true' if current else 'false'])

kinds = {}
for _, kind, _ in rows.values():
    kinds[kind] = kinds.get(kind, 0) + 1
print('cog-communes.csv:', len(rows), 'codes', kinds)
PY
