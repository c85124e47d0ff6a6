"""reluexact: exact analysis of two-layer ReLU networks f(x) = A relu(Wx + b) + c.

Weights are rationals; evaluation, symbolic form and LaTeX are exact. Float
weights from PyTorch, scikit-learn, numpy or JSON are rationalised, losslessly
by default, with a certified bound on what any rounding changes.

The programme follows C. Huang, "On the Principles of ReLU Networks with One
Hidden Layer", arXiv:2411.06728 (2024).

Examples
--------
>>> import reluexact
>>> net = reluexact.TwoLayerReLU([[1], [-2]], ["-1/2", 1], [[1, 3]], ["1/10"])
>>> net([0])
(Fraction(31, 10),)
"""

from reluexact.construct import fit_ridge_sum, interpolate, ridge_error_table
from reluexact.domain import Box, Domain, DomainLike, Polytope, Whole, as_domain, as_interval
from reluexact.errors import (
    BudgetExceeded,
    CertificateError,
    CertificationError,
    DomainError,
    InvalidArgument,
    MissingDependencyError,
    ModelFormatError,
    RationalParseError,
    ReluexactError,
    ShapeError,
    TeXError,
    UnsupportedModelError,
)
from reluexact.io import (
    ConversionResult,
    convert_model,
    load_model,
    load_model_with_certificate,
    save_model,
)
from reluexact.model import TwoLayerReLU, evaluate, evaluate_exact_batch, evaluate_float, to_sympy

# note: reluexact.oned.construct (the 1-D construction) is not re-exported here; a top-level name ``construct`` would
# shadow the reluexact.construct subpackage (d-D interpolation and ridge sums)
from reluexact.oned import (
    SplineForm,
    are_equivalent,
    decode,
    knot_order,
    minimal_network,
    spline_form,
)
from reluexact.order import chain_decomposition, half_space_order, maximal_chains, parallel_chains
from reluexact.rational import Rationalization, format_fraction, parse_point, rationalize, to_fraction
from reluexact.rationalization import (
    RationalizationCertificate,
    RationalizationResult,
    certify_change,
    parse_box,
    rationalize_network,
)
from reluexact.regions import (
    AffineMap,
    Facet,
    Region,
    RegionsResult,
    adjacency_graph,
    affine_map,
    iter_regions,
    locate,
    n_regions,
    region_containing_point,
)

# ``reluexact.regions`` is the subpackage; its main function is re-exported under another name
# so that it does not shadow the subpackage (``import reluexact.regions.graph as g`` keeps working)
from reluexact.regions import regions as enumerate_regions
from reluexact.regions.families import coincident_hyperplanes, near_parallel_families_float, parallel_families
from reluexact.summary import NetworkSummary, duplicate_hyperplanes, parallel_hyperplanes, summarize
from reluexact.train import (
    TrainingConfig,
    TrainingData,
    TrainingResult,
    sample_target,
    train_network,
    train_on_target,
)

__version__ = "0.1.0"

# reports pull in the region and 1-D machinery: loaded on first use, so `import reluexact` stays fast
_LAZY = dict.fromkeys(("compile_pdf", "plot_network", "render_report", "write_report"), "reluexact.report")


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'reluexact' has no attribute {name!r}")


__all__ = [
    "AffineMap",
    "Box",
    "BudgetExceeded",
    "CertificateError",
    "CertificationError",
    "ConversionResult",
    "Domain",
    "DomainError",
    "DomainLike",
    "Facet",
    "InvalidArgument",
    "MissingDependencyError",
    "ModelFormatError",
    "NetworkSummary",
    "Polytope",
    "RationalParseError",
    "Rationalization",
    "RationalizationCertificate",
    "RationalizationResult",
    "Region",
    "RegionsResult",
    "ReluexactError",
    "ShapeError",
    "SplineForm",
    "TeXError",
    "TrainingConfig",
    "TrainingData",
    "TrainingResult",
    "TwoLayerReLU",
    "UnsupportedModelError",
    "Whole",
    "__version__",
    "adjacency_graph",
    "affine_map",
    "are_equivalent",
    "as_domain",
    "as_interval",
    "certify_change",
    "chain_decomposition",
    "coincident_hyperplanes",
    "compile_pdf",
    "convert_model",
    "decode",
    "duplicate_hyperplanes",
    "enumerate_regions",
    "evaluate",
    "evaluate_exact_batch",
    "evaluate_float",
    "fit_ridge_sum",
    "format_fraction",
    "half_space_order",
    "interpolate",
    "iter_regions",
    "knot_order",
    "load_model",
    "load_model_with_certificate",
    "locate",
    "maximal_chains",
    "minimal_network",
    "n_regions",
    "near_parallel_families_float",
    "parallel_chains",
    "parallel_families",
    "parallel_hyperplanes",
    "parse_box",
    "parse_point",
    "plot_network",
    "rationalize",
    "rationalize_network",
    "region_containing_point",
    "render_report",
    "ridge_error_table",
    "sample_target",
    "save_model",
    "spline_form",
    "summarize",
    "to_fraction",
    "to_sympy",
    "train_network",
    "train_on_target",
    "write_report",
]
