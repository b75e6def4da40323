"""gongkai (公开): government information disclosure, end to end, for every agency of a province."""

__version__ = "0.1.0"
