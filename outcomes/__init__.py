"""Outcomes: learning reviews, cross-place comparison and reproducible datasets.

The domain library. It knows nothing of Flask: services take a SQLAlchemy
``Session`` and plain values, and raise the exceptions in ``outcomes.errors``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("outcomes")
except PackageNotFoundError:  # running from a checkout that is not installed
    __version__ = "0.0.0"
