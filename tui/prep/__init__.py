"""The prep file: one TOML file per application (model, parser, template)."""

from tui.prep.model import (
    Application,
    Candidate,
    KeyPoint,
    Prep,
    PreparedAnswer,
    Recap,
)
from tui.prep.parse import PrepError, load_prep, parse_prep

__all__ = [
    "Application",
    "Candidate",
    "KeyPoint",
    "Prep",
    "PrepError",
    "PreparedAnswer",
    "Recap",
    "load_prep",
    "parse_prep",
]
