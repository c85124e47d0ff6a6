"""Training solutions for |x| on [-1, 1] (an exact solution of width 2 exists: does training find it?).

Trains two-layer ReLU networks of widths 4, 8, 16, 32, 64 (Adam, 5000 full-batch epochs,
200 grid samples, seed 0), decodes each exactly (knots inside the domain, dead and
affine-acting units, two-sided pairs, the identity net = one-sided spline + affine term),
compares with the constructed one-sided solution with the same number of knots and the
same width, follows the knots through weight snapshots, and writes
experiments-output/oned_abs.{json,tex,pdf} and figures/oned_abs_*.png.

    python examples/oned_abs.py            # full setting
    python examples/oned_abs.py --fast     # reduced setting (seconds)
"""

import sys

from reluexact.experiments.registry import example_main

if __name__ == "__main__":
    sys.exit(example_main("oned-abs", description=__doc__))
