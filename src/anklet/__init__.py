"""Anklet: an evidence-based coach for ankle dorsiflexion and plantarflexion."""

__version__ = "0.1.0"
