"""Helpers shared by the subcommand modules (printing JSON, the MODEL argument)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

__all__ = ["add_model_argument", "print_json"]


def add_model_argument(parser: argparse.ArgumentParser) -> None:
    """Add the positional MODEL argument (a .json, .npz, .pt or .pth file)."""
    parser.add_argument(
        "model", metavar="MODEL", help="model file: .json (reluexact), .npz (W, b, A, c), .pt/.pth (torch state_dict)"
    )


def print_json(document: Any) -> None:
    """Print a JSON document to stdout (indented, UTF-8, newline-terminated)."""
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
