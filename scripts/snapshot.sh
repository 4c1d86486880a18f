#!/usr/bin/env bash
# Everything the advisor writes for the bundled examples, into one folder, so that two checkouts
# can be compared byte for byte: `scripts/snapshot.sh OUT [CHECKOUT]`, then `diff -r OUT1 OUT2`.
# Each example in md/html/json and en/zh (plus one with evidence), `explain`, `whatif` and the
# `kb` commands. The times of generation and the knowledge's content hash are masked, nothing else.
set -uo pipefail
out="$1"
checkout="$(cd "${2:-$(dirname "$0")/..}" && pwd)"
py="${PYTHON:-$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/python}"
mkdir -p "$out"
export PYTHONPATH="$checkout" ADVISOR_NO_CACHE=1 NO_COLOR=1
mask() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.+Z-]+/<time>/g; s/[0-9a-f]{12,64}/<hash>/g'; }
run() { name="$1"; shift; (cd "$checkout" && "$py" -m advisor "$@" 2>&1; echo "exit $?") | mask >"$out/$name"; }
for ex in "$checkout"/examples/*.yaml "$checkout"/examples/*.json; do
  base="$(basename "${ex%.*}")"
  [ "$base" = evidence ] && continue
  for lang in en zh; do
    for fmt in md html json; do
      run "$base.$lang.$fmt" report --answers "$ex" --lang "$lang" --format "$fmt" -o -
    done
  done
done
run evidence.en.md report --answers examples/healthcare_eu_seed.yaml --evidence examples/evidence.json -o -
run explain.txt explain risk/model_hallucination --answers examples/healthcare_eu_seed.yaml
run whatif.txt whatif --answers examples/healthcare_eu_seed.yaml --set competition=high
for cmd in stats lint validate test; do run "kb-$cmd.txt" kb "$cmd"; done
echo "wrote $(ls "$out" | wc -l) files to $out"
