"""Training solutions for sin(x) on [0, 2 pi].

Trains two-layer ReLU networks of widths 4, 8, 16, 32, 64 (Adam, 5000 full-batch epochs,
200 grid samples, seed 0), decodes each exactly (knots inside the domain, dead and
affine-acting units, two-sided pairs, the identity net = one-sided spline + affine term),
compares with the constructed one-sided solution with the same number of knots and the
same width, follows the knots through weight snapshots, and writes
experiments-output/oned_sin.{json,tex,pdf} and figures/oned_sin_*.png.

    python examples/oned_sin.py            # full setting
    python examples/oned_sin.py --fast     # reduced setting (seconds)
"""

import sys

from reluexact.experiments.registry import example_main

if __name__ == "__main__":
    sys.exit(example_main("oned-sin", description=__doc__))
