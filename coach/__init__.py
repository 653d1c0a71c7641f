"""coach: a terminal daily-routine coach for backs that sit and lift."""

__version__ = "0.1.0"
