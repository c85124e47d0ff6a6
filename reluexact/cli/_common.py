"""Helpers shared by the subcommand modules (printing JSON, the MODEL argument)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

__all__ = ["add_model_argument", "print_json"]


def add_model_argument(parser: argparse.ArgumentParser) -> None:
    """Add the positional MODEL argument (a .json, .npz, .pt or .pth file).

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_model_argument(parser)
    >>> parser.parse_args(["net.json"]).model
    'net.json'
    """
    parser.add_argument(
        "model", metavar="MODEL", help="model file: .json (reluexact), .npz (W, b, A, c), .pt/.pth (torch state_dict)"
    )


def print_json(document: Any, *, compact: bool = False) -> None:
    """Print a JSON document to stdout (indented, or on one line when ``compact``; newline-terminated).

    Examples
    --------
    >>> print_json({"values": [["1/2"]]}, compact=True)
    {"values": [["1/2"]]}
    """
    text = json.dumps(document, ensure_ascii=False) if compact else json.dumps(document, indent=2, ensure_ascii=False)
    sys.stdout.write(text + "\n")
