"""Interactive explorers for the lessons.

Each explorer is a thin view: the numbers it shows come from plain functions (tested
without a browser), and its figure is drawn once and then updated in place.
"""

from .base import Explorer, FigureView

__all__ = ["Explorer", "FigureView"]
