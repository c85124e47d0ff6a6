"""Training solutions for the ridge target sin(2x + y) on [-1, 1]^2.

Trains two-layer ReLU networks of widths 8, 16, 32, 64 (Adam, 4000 full-batch epochs, 21 x 21
grid samples, seed 0) and analyses each exactly: unit statuses on the box, the linear regions
in the box (enumerated and certified), the adjacency graph with the continuity restriction
checked on every edge, the regions visited by the data, exact parallel families and
near-parallel clusters, the strict partial order of active half-spaces with a minimum chain
decomposition; then fits the ridge-sum construction of the same width (exact least squares)
and compares errors and region structure. Writes experiments-output/twod_ridge.{json,tex,pdf}
and figures/twod_ridge_*.png.

    python examples/twod_ridge.py            # full setting (about a minute)
    python examples/twod_ridge.py --fast     # reduced setting (seconds)
"""

import sys

from reluexact.experiments.registry import example_main

if __name__ == "__main__":
    sys.exit(example_main("twod-ridge", description=__doc__))
