"""Crossroads: evidence-linked events, figures and claims on great-power competition over
Central Asia, read from news articles."""

__version__ = "0.1.0"

__all__ = ["__version__"]
