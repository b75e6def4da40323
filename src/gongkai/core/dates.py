"""Dates as Chinese official text writes them."""

from __future__ import annotations

from datetime import date


def chinese_date(d: date | None) -> str:
    """GB/T 9704-2012 (7.3.5.1): 年份标全称，月、日不编虚位 — 2021年3月15日, never 2021年03月15日. The one
    format for dates in letters, timeline notes and validation messages."""
    return f"{d.year}年{d.month}月{d.day}日" if d is not None else ""
