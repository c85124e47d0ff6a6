#!/usr/bin/env bash
# The test command: installs everything the suite needs on a fresh machine, then runs it.
#   system: TeX (report tests compile real PDFs), poppler (pdftotext), cddlib+GMP (exact LP baseline)
#   python: the package with its dev, torch (CPU, pinned), sklearn, onnx, scipy, dist, parquet and cdd extras, in ./.venv
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v pdflatex >/dev/null 2>&1 || need+=(texlive-latex-base texlive-latex-extra texlive-pictures)
command -v latexmk >/dev/null 2>&1 || need+=(latexmk)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
{ [ -e /usr/include/cddlib/setoper.h ] || [ -e /usr/include/cdd/setoper.h ]; } || need+=(libcdd-dev libgmp-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing system packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# torch is pinned inside the extra (torch==2.13.0, the local CPU wheel): plain torch would pull CUDA
.venv/bin/python -m pip install -q -e ".[dev,torch,sklearn,onnx,scipy,dist,parquet,cdd]"

# SageMath oracle (passagemath-polyhedra) in its own venv: it pins a gmpy2 pre-release, so it must not share .venv.
# tests/regions/test_sage_oracle.py calls it through a subprocess and skips (with the reason) when it is missing.
if [ ! -x .venv-oracle/bin/python ] || ! .venv-oracle/bin/python -c "import sage.all__sagemath_polyhedra" >/dev/null 2>&1; then
  rm -rf .venv-oracle
  { python3 -m venv .venv-oracle && .venv-oracle/bin/pip install -q passagemath-polyhedra; } \
    || { echo "warning: could not build .venv-oracle; the SageMath oracle test will be skipped (and fail under CI=true)" >&2; rm -rf .venv-oracle; }
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
