"""Write the seed corpus under tests/fuzz/corpus/<parser>/ (run once; the files are committed).

Seeds are small valid inputs of every form each parser reads, plus every input that once
crashed, hung or was misread (issue 14's findings and what the fuzz passes found). Add a new
crasher by hand as a file in its parser's folder (any name); ``test_corpus.py`` replays all.

    python -m tests.fuzz.make_corpus
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import numpy as np

CORPUS = Path(__file__).resolve().parent / "corpus"

TEXT: dict[str, dict[str, str | bytes]] = {
    "rational": {
        "int": "42",
        "fraction": " 6/-4 ",
        "decimal": "0.125",
        "scientific": "-1e-3",
        "underscore": "1_000",
        "unicode-digit": "\u0661\u0662",
        "zero-denominator": "1/0",
        "nan": "nan",
        "inf": "-inf",
        "huge-exponent": "1e999999999",
        "exponent-at-limit": "1e1000",
        "long-numeral": "7" * 10_001,
        "long-fraction": "9" * 4_500 + "/" + "7" * 4_400,
        "surrogate": b"1\xff",
        "empty": "",
        "hex": "0x10",
    },
    "point": {"two": "1/2,-3", "empty-part": "1,,2", "trailing": "1,", "huge": "1e400,1e-400", "nan": "nan,1"},
    "domain": {
        "interval": "-1,1",
        "box": "0,1;0,1/2",
        "reversed": "1,0",
        "degenerate": "1,1",
        "nan": "nan,1",
        "tiny": "-1,1e-400",
        "huge": "-1e300,1e300",
        "three-sides": "0,1;0,1;0,1",
        "surrogate": b"\xff,1",
        "semicolon": ";",
        "empty": "",
    },
    "limits": {
        "one": "max_elements=100000000",
        "units": "max_file_bytes=4GiB, max_units=10k",
        "power": "max_knots=2**20",
        "power-too-large": "max_elements=2**100",
        "unknown": "max_weights=1",
        "zero": "max_units=0",
        "no-equals": "max_elements",
        "new-fields": "max_numeral_length=20000,max_exponent=2000,max_onnx_bytes=1GiB,max_points_rows=10",
    },
    "expression": {
        "square": "x**2 - 1/4\n1/3",
        "sine": "sin(2*pi*x)\n1",
        "kink": "Abs(x - 1/3)\n0",
        "huge-power": "9**9**9",
        "import": "__import__('os')",
        "exp-exp-1e20": "exp(exp(x))\n100000000000000000000",
        "x-to-x-1e20": "x**x\n100000000000000000000",
        "exp-exp-1e308": "exp(exp(x))\n" + "1" + "0" * 308,
        "x-to-x-7": "x**x\n7",
        "pole": "1/x\n0",
        "sign": "sign(x-1)\n1",
        "two-symbols": "a*x",
        "deep": "(" * 500 + "x" + ")" * 500,
        "surrogate": b"x\xff",
    },
    "json": {
        "valid": '{"format": "reluexact.two-layer-relu", "version": 1, "name": "n", "input_dim": 2, '
        '"W": [[1, "-1/2"], [0.5, "1e-3"]], "b": [0, 1], "A": [["1/3", -2]], "c": ["7"]}',
        "huge-int": '{"format": "reluexact.two-layer-relu", "version": 1, "W": [[1]], "b": [' + "9" * 20_000 + "], "
        '"A": [[1]], "c": [0]}',
        "garbage": b'{"W": [[1e99999]], "b": "\xff"',
        "input-dim-1e9": '{"format": "reluexact.two-layer-relu", "version": 1, "input_dim": 1000000000, '
        '"W": [], "b": [], "A": [[]], "c": [0]}',
        "lone-surrogate-name": '{"format": "reluexact.two-layer-relu", "version": 1, "name": "\\ud800", '
        '"W": [[1]], "b": [0], "A": [[1]], "c": [0]}',
        "deep": "[" * 3000 + "]" * 3000,
        "nan": '{"format": "reluexact.two-layer-relu", "version": 1, "W": [[NaN]], "b": [0], "A": [[1]], "c": [0]}',
        "ragged": '{"format": "reluexact.two-layer-relu", "version": 1, "W": [[1], [1, 2]], "b": [0, 0], '
        '"A": [[1, 1]], "c": [0]}',
        "bool": '{"format": "reluexact.two-layer-relu", "version": 1, "W": [[true]], "b": [0], "A": [[1]], "c": [0]}',
        "not-utf8": b"\xff\xfe{}",
    },
    "points_csv": {
        "points": "x,y\n1/2,3\n# a comment\n0.25, -1\n",
        "one-column": "0\n1/3\n",
        "nul": b"1,\x00\n",
        "not-utf8": b"\xff,1e400000\n",
        "ragged": "1,2\n3\n",
        "empty-field": "1,,2\n",
        "huge-line": "1" * 140_000,
        "bom": b"\xef\xbb\xbf1,2\n",
        "header-only": "a,b\n",
    },
}


def _npy(array: np.ndarray) -> bytes:
    stream = io.BytesIO()
    np.lib.format.write_array(stream, array, allow_pickle=False)
    return stream.getvalue()


def _npz(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = compression
            archive.writestr(info, data)
    return stream.getvalue()


def _valid_arrays(dtype: str = "float64") -> dict[str, bytes]:
    return {
        "W": _npy(np.array([[1.0, -0.5], [0.25, 3.0]], dtype=dtype)),
        "b": _npy(np.array([0.0, 1.0], dtype=dtype)),
        "A": _npy(np.array([[1.0, -2.0]], dtype=dtype)),
        "c": _npy(np.array([0.5], dtype=dtype)),
    }


def npz_seeds() -> dict[str, bytes]:
    seeds = {"valid": _npz(_valid_arrays()), "float32": _npz(_valid_arrays("float32"))}
    longdouble = _valid_arrays()
    longdouble["W"] = _npy(np.array([[np.longdouble(1) + np.longdouble(2) ** -60, 0]], dtype=np.longdouble))
    longdouble["b"] = _npy(np.array([0], dtype=np.longdouble))
    longdouble["A"] = _npy(np.array([[1]], dtype=np.longdouble))
    seeds["longdouble-one-plus-2-60"] = _npz(longdouble)
    integers = {key: _npy(np.array(value, dtype=np.int64)) for key, value in
                {"W": [[2**62, -1]], "b": [0], "A": [[-(2**63)]], "c": [7]}.items()}  # fmt: skip
    seeds["int64-extremes"] = _npz(integers)
    # an .npy header claiming 10^11 floats over no data (a 745 GiB allocation)
    header = _npy(np.zeros((1,)))[:10]
    text = "{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000,), }"
    text = text + " " * (118 - len(text)) + "\n"
    claimed = _valid_arrays()
    claimed["W"] = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text.encode()
    del header
    seeds["header-1e11-floats"] = _npz(claimed)
    bomb = _valid_arrays()
    bomb["W"] = _npy(np.zeros((1, 2**18)))  # 2 MiB of zeros, compressed about 1000-fold
    seeds["zip-bomb"] = _npz(bomb, zipfile.ZIP_DEFLATED)
    pickled = _valid_arrays()
    stream = io.BytesIO()
    np.lib.format.write_array(stream, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    pickled["W"] = stream.getvalue()
    seeds["object-pickle"] = _npz(pickled)
    boolean = _valid_arrays()
    boolean["W"] = _npy(np.array([[True, False]]))
    seeds["bool"] = _npz(boolean)
    seeds["plain-npy"] = _npy(np.zeros(3))
    seeds["empty"] = b""
    missing = _valid_arrays()
    del missing["c"]
    seeds["missing-c"] = _npz(missing)
    return seeds


def torch_seeds() -> dict[str, bytes]:
    import torch

    def saved(obj: object, **kwargs: object) -> bytes:
        stream = io.BytesIO()
        torch.save(obj, stream, **kwargs)  # type: ignore[arg-type]
        return stream.getvalue()

    state = {"0.weight": torch.tensor([[1.0, -0.5]]), "0.bias": torch.tensor([0.25]),
             "2.weight": torch.tensor([[2.0]]), "2.bias": torch.tensor([0.0])}  # fmt: skip
    seeds = {"valid": saved(state)}
    seeds["legacy-format"] = saved(state, _use_new_zipfile_serialization=False)
    expanded = dict(state, **{"0.weight": torch.zeros(1).expand(1, 2)})
    seeds["stride-0"] = saved(expanded)
    seeds["meta"] = saved(dict(state, **{"0.weight": torch.empty(1, 2, device="meta")}))
    seeds["sparse"] = saved(dict(state, **{"0.weight": torch.tensor([[1.0, 0.0]]).to_sparse()}))
    seeds["bfloat16"] = saved({key: value.to(torch.bfloat16) for key, value in state.items()})
    seeds["int64"] = saved({key: value.to(torch.int64) for key, value in state.items()})
    seeds["bool"] = saved(dict(state, **{"0.weight": torch.tensor([[True, False]])}))
    seeds["module-list"] = saved([1, 2, 3])
    return seeds


def onnx_seeds() -> dict[str, bytes]:
    from reluexact.interop.onnx import to_onnx
    from reluexact.model import TwoLayerReLU

    fixture = Path(__file__).resolve().parents[1] / "interop" / "tiny_torch.onnx"
    seeds = {"torch-export": fixture.read_bytes()}
    seeds["reluexact-export"] = to_onnx(TwoLayerReLU([[1, 0], [-1, 2]], [0, 1], [[1, "1/2"]], [0])).SerializeToString()
    seeds["garbage"] = b"not a protobuf \xff\xff\xff"
    seeds["varint"] = b"\x0a\xff\xff\xff\xff\x0f"
    return seeds


def main() -> None:
    for parser, seeds in TEXT.items():
        folder = CORPUS / parser
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in seeds.items():
            (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for parser, builder in (("npz", npz_seeds), ("torch", torch_seeds), ("onnx", onnx_seeds)):
        folder = CORPUS / parser
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in builder().items():
            (folder / name).write_bytes(content)


if __name__ == "__main__":
    main()
