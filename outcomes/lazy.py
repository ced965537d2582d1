"""Heavy libraries imported on first use, so that starting the command line or the app
does not wait for pandas, pyarrow or openpyxl (seconds) when it does not need them.

``pd = lazy("pandas")`` behaves as the module once any attribute is read; type checkers
see the real module through an ``if TYPE_CHECKING`` import beside it.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule(ModuleType):
    """A stand-in that imports the named module the first time one of its attributes is
    read, then hands every attribute over to it."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self.__name__)
        return getattr(self._module, attribute)


def lazy(name: str) -> Any:
    return LazyModule(name)
