"""Linear regions of two-layer ReLU networks for d >= 1: arrangement, exact enumeration, adjacency.

Examples
--------
>>> from reluexact import TwoLayerReLU
>>> from reluexact.regions import regions
>>> len(regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])))
4
"""

from reluexact.regions.arrangement import Arrangement, Domain, HyperplaneGroup, Polytope, arrangement, hyperplanes
from reluexact.regions.enumerate import (
    Edge,
    Facet,
    Region,
    RegionsCertificate,
    RegionsResult,
    affine_maps,
    bounded_regions,
    iter_regions,
    n_bounded_regions,
    n_regions,
    region_containing_point,
    region_is_bounded,
    region_vertices,
    region_volume,
    regions,
    sign_vector,
)

__all__ = [
    "Arrangement",
    "Domain",
    "Edge",
    "Facet",
    "HyperplaneGroup",
    "Polytope",
    "Region",
    "RegionsCertificate",
    "RegionsResult",
    "affine_maps",
    "arrangement",
    "bounded_regions",
    "hyperplanes",
    "iter_regions",
    "n_bounded_regions",
    "n_regions",
    "region_containing_point",
    "region_is_bounded",
    "region_vertices",
    "region_volume",
    "regions",
    "sign_vector",
]
