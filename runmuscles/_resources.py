"""Access to the tables shipped inside the package (``runmuscles/data``).

Everything is read with :mod:`importlib.resources`, so an installed wheel and a checkout
behave the same; nothing here reads the repository's ``data/`` folder.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["data_file", "read_csv", "read_json", "sha256_of", "check_choice"]


def data_file(name: str):
    """Traversable for a file in ``runmuscles/data``."""
    return files("runmuscles") / "data" / name


@cache
def _read_csv_cached(name: str) -> pd.DataFrame:
    import pandas as pd  # here, not at the top: the explorer's kernel never needs it

    with data_file(name).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh)


def read_csv(name: str) -> pd.DataFrame:
    """A shipped CSV table as a new DataFrame (callers may modify it)."""
    return _read_csv_cached(name).copy()


@cache
def read_json(name: str) -> Any:
    """A shipped JSON document (cached: treat as read-only)."""
    with data_file(name).open("r", encoding="utf-8") as fh:
        return json.load(fh)


def sha256_of(name: str) -> str:
    """SHA-256 hex digest of a shipped file's bytes."""
    return hashlib.sha256(data_file(name).read_bytes()).hexdigest()


def check_choice(kind: str, value: Any, valid) -> None:
    """Raise ``ValueError`` naming the valid choices when ``value`` is not one of them."""
    valid = list(valid)
    if value not in valid:
        listed = ", ".join(repr(v) for v in valid)
        raise ValueError(f"unknown {kind} {value!r}; valid {kind}s are: {listed}")
