"""The text of a minimality proof (``reluexact.cli._format.minimality_text``), as exact strings.

Kept apart from ``test_format.py`` while another branch renumbers that file's printers.
"""

from __future__ import annotations

from reluexact.cli._format import minimality_text
from reluexact.model import TwoLayerReLU
from reluexact.oned.equivalence import minimal_network


def test_proof_when_no_subset_reaches_the_leftmost_slope() -> None:
    net = TwoLayerReLU([[1], [1], [1], [-1]], [0, -1, 100, -100], [[1, 1, 5, -5]], [0])
    assert minimality_text(minimal_network(net).certificate) == (
        "f on R has k = 2 break point(s):\n"
        "  t = 0, jump 1\n"
        "  t = 1, jump 1\n"
        "Leftmost slope L = 5.\n"
        "Lower bound 2: f bends at each break point, and only a unit whose knot is there can bend it, "
        "so each needs its own unit.\n"
        "A width-k network has exactly one unit per break point with a_j |w_j| = J_j; its leftmost slope "
        "is -(sum of J_j over its left-facing units).\n"
        "No subset S of the jumps sums to -L = -5 (exhaustive search), so width 2 is impossible; "
        "width 3 is reached: minimal."
    )


def test_proof_names_the_left_facing_subset_and_the_domain() -> None:
    net = TwoLayerReLU([[-1], [1]], [0, -1], [[1, 1]], [0])  # jumps +1 at 0 and at 1, leftmost slope -1
    text = minimality_text(minimal_network(net, domain=(-2, 3)).certificate)
    assert text.splitlines()[0] == "f on [-2, 3] has k = 2 break point(s):"
    assert (
        text.splitlines()[-1]
        == "The subset S of left-facing knots {0} has sum J_j = -L, so width 2 is reached: minimal."
    )


def test_affine_and_constant_functions() -> None:
    affine = TwoLayerReLU([[1], [-1]], [0, 0], [[3, -3]], [1])  # 3x + 1
    assert minimality_text(minimal_network(affine).certificate).splitlines()[-1] == (
        "f is affine with slope L != 0. One unit a relu(w x + b) + c bends at its knot unless a w = 0, "
        "which gives a constant; so width >= 2, and L relu(x) - L relu(-x) = L x gives 2."
    )
    assert minimality_text(minimal_network(affine, domain=(0, 1)).certificate).splitlines()[-1] == (
        "f is affine with slope L != 0 on the domain: width >= 1 (a constant needs slope 0), "
        "and the affine-acting unit L relu(x - alpha) gives 1."
    )
    constant = TwoLayerReLU([[0]], [2], [[5]], [1])
    assert minimality_text(minimal_network(constant).certificate).splitlines() == [
        "f on R has k = 0 break point(s).",
        "Leftmost slope L = 0.",
        "f is constant: the output bias c alone computes it, width 0.",
    ]
