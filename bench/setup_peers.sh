#!/usr/bin/env bash
# Create the float peers' own venv for bench/bench_peers.py (never a dependency of reluexact).
#
#   bash bench/setup_peers.sh            # -> bench/.venv-peers (git-ignored)
#   PEERS_VENV=/some/dir bash bench/setup_peers.sh
#
# The peers: affinitree (f64, Rust), regioncam (f32, Rust, 2-D), relucent (Python, float LPs).
# A peer that does not install here is reported and skipped by the bench, not fatal.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
venv="${PEERS_VENV:-$here/.venv-peers}"
python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null 2>&1 || python=python3
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv" || { echo "could not create $venv" >&2; exit 1; }
fi
"$venv/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
status=0
for peer in affinitree regioncam relucent; do
    if "$venv/bin/python" -m pip install -q "$peer"; then
        echo "installed $peer: $("$venv/bin/python" -m pip show "$peer" 2>/dev/null | sed -n 's/^Version: //p')"
    else
        echo "could not install $peer (the bench skips it)" >&2
        status=1
    fi
done
echo "peers venv: $venv"
exit $status
