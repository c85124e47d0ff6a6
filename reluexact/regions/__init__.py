"""Linear regions of two-layer ReLU networks for d >= 1: one vocabulary for enumeration and per-sample analysis.

Types (:mod:`reluexact.regions.types`): :class:`Region`, :class:`Facet`, :class:`Edge`,
:class:`RegionsResult`, :class:`LocateResult`, :class:`AffineMap`; domains are
:mod:`reluexact.domain`'s. Algorithms, one module per concept: the arrangement
(:mod:`~reluexact.regions.arrangements`), exact enumeration
(:mod:`~reluexact.regions.enumeration`), its certification (:mod:`~reluexact.regions.certify`),
per-sample location (:mod:`~reluexact.regions.location`) and its facets
(:mod:`~reluexact.regions.facets`), geometry (:mod:`~reluexact.regions.geometry`), affine maps
(:mod:`~reluexact.regions.affine`), the adjacency graph (:mod:`~reluexact.regions.graph`),
hyperplane families (:mod:`~reluexact.regions.families`) and the Dask split
(:mod:`~reluexact.regions.distributed`). JSON and GraphML writers are in
:mod:`reluexact.interop.regions_json`.

Examples
--------
>>> from reluexact import TwoLayerReLU
>>> from reluexact.regions import regions, locate
>>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
>>> res = regions(net)
>>> len(res)
4
>>> located = locate(net, [[1, 1]], facets=True).regions[0]
>>> enumerated = res.region_with_pattern(located.pattern)
>>> located.affine_map == enumerated.affine_map
True
>>> {f.label for f in located.facets} == {f.label for f in enumerated.facets}
True
"""

from reluexact.domain import Polytope
from reluexact.regions.affine import affine_map, affine_maps
from reluexact.regions.arrangements import Arrangement, HyperplaneGroup, arrangement, hyperplanes
from reluexact.regions.enumeration import iter_regions, n_regions, regions
from reluexact.regions.families import coincident_hyperplanes, parallel_families
from reluexact.regions.geometry import bounded_regions, is_bounded, n_bounded_regions, vertices, volume
from reluexact.regions.graph import adjacency_graph
from reluexact.regions.location import locate, region_containing_point, sign_vector
from reluexact.regions.types import (
    AffineMap,
    Edge,
    Facet,
    LocateResult,
    PointLocation,
    Region,
    RegionsCertificate,
    RegionsResult,
)

__all__ = [
    "AffineMap",
    "Arrangement",
    "Edge",
    "Facet",
    "HyperplaneGroup",
    "LocateResult",
    "PointLocation",
    "Polytope",
    "Region",
    "RegionsCertificate",
    "RegionsResult",
    "adjacency_graph",
    "affine_map",
    "affine_maps",
    "arrangement",
    "bounded_regions",
    "coincident_hyperplanes",
    "hyperplanes",
    "is_bounded",
    "iter_regions",
    "locate",
    "n_bounded_regions",
    "n_regions",
    "parallel_families",
    "region_containing_point",
    "regions",
    "sign_vector",
    "vertices",
    "volume",
]
