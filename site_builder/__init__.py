"""site-builder: turn a workshop kit into a static site, an offline self-assessment and PDFs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("site-builder")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
