"""planmetrics: progress of a strategic plan's ambitions, from yearly figures to board-ready reports."""

__version__ = "0.1.0"
