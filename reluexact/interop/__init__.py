"""Readers and writers for trained networks: one module per source.

* :mod:`reluexact.interop.json_io`: reluexact's own exact JSON format.
* :mod:`reluexact.interop.numpy_io`: numpy arrays and ``.npz`` files (keys W, b, A, c).
* :mod:`reluexact.interop.torch`: ``nn.Sequential(Linear, ReLU, Linear)`` and state_dict files
  (extra ``torch``).
* :mod:`reluexact.interop.sklearn`: ``MLPRegressor`` / ``MLPClassifier`` with one ReLU hidden
  layer (extra ``sklearn``).
* :mod:`reluexact.interop.onnx`: ``.onnx`` graphs of Gemm / MatMul + Add, Relu, Flatten and
  Identity, as PyTorch and skl2onnx export them (extra ``onnx``).

Every reader returns the exact :class:`~reluexact.model.TwoLayerReLU` of the weights
it finds, floats at their exact binary values (lossless); it reads and checks,
nothing else. Rationalising to shorter rationals, with a certificate, is
:func:`reluexact.rationalize_network`; :func:`reluexact.io.load_model` combines both
and dispatches on the source. torch, scikit-learn and onnx are imported only when used.
"""

from reluexact.interop.json_io import dumps_json, loads_json, read_json, save_json
from reluexact.interop.numpy_io import from_arrays, read_npz, save_npz, to_arrays
from reluexact.interop.onnx import from_onnx, read_onnx, save_onnx, to_onnx
from reluexact.interop.sklearn import from_sklearn
from reluexact.interop.torch import from_state_dict, from_torch, read_torch, save_torch, to_torch

__all__ = [
    "dumps_json",
    "from_arrays",
    "from_onnx",
    "from_sklearn",
    "from_state_dict",
    "from_torch",
    "loads_json",
    "read_json",
    "read_npz",
    "read_onnx",
    "read_torch",
    "save_json",
    "save_npz",
    "save_onnx",
    "save_torch",
    "to_arrays",
    "to_onnx",
    "to_torch",
]
