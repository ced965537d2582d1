"""Reading the rows of a pandas frame in plain Python."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def tuples(frame: pd.DataFrame, *, index: bool = True) -> Iterator[Any]:
    """The rows of ``frame`` as named tuples (``frame.itertuples``). Typed as Any: pandas
    types every cell as any scalar at all, while each column here holds one known kind."""
    return frame.itertuples(index=index)
