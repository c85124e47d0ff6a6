"""Colours shared by the TikZ and the matplotlib figures, so both pictures agree.

Colours are RGB triples of floats in [0, 1]. A colour is decoration, not data:
floats are fine here (the exact values are in the tables).

Examples
--------
>>> sequential_color(0.0)
(0.267, 0.004, 0.329)
>>> hex_color((1.0, 0.5, 0.0))
'#ff8000'
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "LEFT_FACING",
    "RIGHT_FACING",
    "categorical_color",
    "hex_color",
    "sequential_color",
    "tikz_rgb",
]

RGB = tuple[float, float, float]

# viridis at 0, 1/8, ..., 1 (matplotlib's values, rounded to 3 decimals)
_VIRIDIS: tuple[RGB, ...] = (
    (0.267, 0.004, 0.329),
    (0.278, 0.175, 0.483),
    (0.230, 0.322, 0.546),
    (0.173, 0.449, 0.558),
    (0.128, 0.567, 0.551),
    (0.153, 0.680, 0.506),
    (0.360, 0.786, 0.388),
    (0.668, 0.862, 0.196),
    (0.993, 0.906, 0.144),
)

# a light qualitative palette (matplotlib's tab20 light/dark pairs reordered for contrast)
_CATEGORICAL: tuple[RGB, ...] = (
    (0.682, 0.780, 0.910),
    (1.000, 0.733, 0.471),
    (0.596, 0.875, 0.541),
    (1.000, 0.596, 0.588),
    (0.773, 0.690, 0.835),
    (0.769, 0.612, 0.580),
    (0.969, 0.714, 0.824),
    (0.780, 0.780, 0.780),
    (0.859, 0.859, 0.553),
    (0.620, 0.855, 0.898),
    (0.122, 0.467, 0.706),
    (1.000, 0.498, 0.055),
    (0.173, 0.627, 0.173),
    (0.839, 0.153, 0.157),
    (0.580, 0.404, 0.741),
    (0.549, 0.337, 0.294),
    (0.890, 0.467, 0.761),
    (0.498, 0.498, 0.498),
    (0.737, 0.741, 0.133),
    (0.090, 0.745, 0.812),
)

#: Knots of right-facing units (w > 0) and of left-facing units (w < 0).
RIGHT_FACING: RGB = (0.122, 0.467, 0.706)
LEFT_FACING: RGB = (0.839, 0.153, 0.157)
#: A knot shared by units of both orientations.
BOTH_FACING: RGB = (0.580, 0.404, 0.741)


def sequential_color(t: float) -> RGB:
    """Viridis-like colour for ``t`` in [0, 1] (clipped), by linear interpolation.

    Examples
    --------
    >>> sequential_color(1.0)
    (0.993, 0.906, 0.144)
    """
    t = min(1.0, max(0.0, float(t)))
    position = t * (len(_VIRIDIS) - 1)
    index = min(int(position), len(_VIRIDIS) - 2)
    weight = position - index
    low, high = _VIRIDIS[index], _VIRIDIS[index + 1]
    return (
        round(low[0] + weight * (high[0] - low[0]), 3),
        round(low[1] + weight * (high[1] - low[1]), 3),
        round(low[2] + weight * (high[2] - low[2]), 3),
    )


def categorical_color(index: int) -> RGB:
    """The ``index``-th colour of a 20-colour qualitative palette (cycling).

    Examples
    --------
    >>> categorical_color(20) == categorical_color(0)
    True
    """
    return _CATEGORICAL[index % len(_CATEGORICAL)]


def hex_color(rgb: Sequence[float]) -> str:
    """``#rrggbb`` for an RGB triple in [0, 1].

    Examples
    --------
    >>> hex_color((1, 0.5, 0)), hex_color((2, -1, 0.2))  # clipped to [0, 1]
    ('#ff8000', '#ff0033')
    """
    return "#" + "".join(f"{round(255 * min(1.0, max(0.0, c))):02x}" for c in rgb)


def tikz_rgb(rgb: Sequence[float]) -> str:
    """An xcolor ``rgb`` specification: ``{rgb,1:red,0.5;green,0.2;blue,0.1}``.

    Examples
    --------
    >>> tikz_rgb((0.5, 0.25, 0.0))
    '{rgb,1:red,0.5;green,0.25;blue,0}'
    """
    red, green, blue = (f"{c:.3f}".rstrip("0").rstrip(".") for c in rgb)
    return f"{{rgb,1:red,{red};green,{green};blue,{blue}}}"
