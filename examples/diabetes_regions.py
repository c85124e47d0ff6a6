"""Per-sample region analysis of networks trained on scikit-learn's diabetes data (d = 10).

Trains widths 8 and 32 (Adam, 300 full-batch epochs, standardised data, 80/20 split, seed 0)
and locates every sample exactly: its activation pattern and region, the region's exact
affine map (checked against the network's exact value at the sample), the exact distance to
the region's boundary, the regions visited by training and test samples. Needs scikit-learn
(pip install "reluexact[sklearn]"). Writes experiments-output/diabetes_regions.{json,tex,pdf}
and figures/diabetes_regions_samples.png.

    python examples/diabetes_regions.py            # full setting
    python examples/diabetes_regions.py --fast     # reduced setting (seconds)
"""

import sys

from reluexact.experiments.registry import example_main

if __name__ == "__main__":
    sys.exit(example_main("diabetes-regions", description=__doc__))
