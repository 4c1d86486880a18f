"""advisor: a declarative knowledge base and rule-driven strategy advisor for AI startups."""

__all__ = ["__version__"]

__version__ = "0.1.0"
