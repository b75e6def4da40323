"""信息处理费 (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号; REGULATIONS.md §3). Pure functions.

第三条: charged 按件 or 按量, one method per application, never both, always 超额累进 (marginal bands).
第四条 按件 (per applicant, per natural month, cumulative count of 件 including this application):
  1–10 free; 11–30 100元/件; from 31 in bands of 10, each band 100元/件 dearer (31–40 200, 41–50 300 …).
按量 (pages): 1–30 free; 31–100 10元/页; 101–200 20元/页; 201 and more 40元/页.
How pages are counted for electronic delivery is [UNCONFIRMED]: the clerk enters the page count.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache

PER_ITEM = "per_item"  # 按件计收
PER_PAGE = "per_page"  # 按量计收

#: 条例 (2019) in force: 第四十二条 (信息处理费) cannot apply to anything received before it.
REGULATION_IN_FORCE = date(2019, 5, 15)


@cache
def commencement(raw: str) -> date:
    """The first day of receipt for which a fee may be charged: the 办法's commencement (setting
    ``GONGKAI_FEE_COMMENCEMENT``, ISO date; [UNCONFIRMED] 2021-01-01 in REGULATIONS.md §3), never before
    the 条例 came into force (2019-05-15). Parsed once per value."""
    try:
        parsed = date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValueError(f"GONGKAI_FEE_COMMENCEMENT 应为 YYYY-MM-DD 格式的日期，而不是“{raw}”") from None
    return max(parsed, REGULATION_IN_FORCE)


def item_price(k: int) -> int:
    """Price in 元 of the k-th 件 of the month (k counts from 1)."""
    if k < 1:
        raise ValueError("k counts from 1")
    if k <= 10:
        return 0
    if k <= 30:
        return 100
    return 100 * (1 + (k - 30 + 9) // 10)


def per_item_fee(*, before: int, items: int = 1) -> Decimal:
    """Fee for ``items`` 件 filed after ``before`` 件 by the same applicant in the same natural month."""
    if before < 0 or items < 1:
        raise ValueError("before must be ≥ 0 and items ≥ 1")
    return Decimal(sum(item_price(k) for k in range(before + 1, before + items + 1)))


def page_price(i: int) -> int:
    """Price in 元 of the i-th page (i counts from 1)."""
    if i < 1:
        raise ValueError("i counts from 1")
    if i <= 30:
        return 0
    if i <= 100:
        return 10
    if i <= 200:
        return 20
    return 40


def per_page_fee(pages: int) -> Decimal:
    if pages < 0:
        raise ValueError("pages must be ≥ 0")
    # Closed form of the marginal bands (same result as summing page_price over 1..pages).
    bands = ((30, 0), (100, 10), (200, 20))
    total, low = 0, 0
    for high, price in bands:
        if pages > low:
            total += (min(pages, high) - low) * price
        low = high
    if pages > 200:
        total += (pages - 200) * 40
    return Decimal(total)


def _bands(first: int, last: int, price: Callable[[int], int]) -> list[tuple[int, int, int]]:
    """Runs of equal price over first..last: [(low, high, price), …] (the 计算过程 of a fee notice)."""
    bands: list[tuple[int, int, int]] = []
    for k in range(first, last + 1):
        p = price(k)
        if bands and bands[-1][2] == p:
            bands[-1] = (bands[-1][0], k, p)
        else:
            bands.append((k, k, p))
    return bands


def item_bands(*, before: int, items: int) -> list[tuple[int, int, int]]:
    """第四条: the 件 of this application by price band, numbered within the natural month."""
    return _bands(before + 1, before + items, item_price)


def page_bands(pages: int) -> list[tuple[int, int, int]]:
    """按量计收: the pages by price band."""
    return _bands(1, pages, page_price)


def pages_for_fee(amount: Decimal) -> int:
    """The page count a positive 按量 fee was computed from (the fee is strictly increasing above 30 pages;
    the page count itself is not stored on the application)."""
    if amount <= 0:
        raise ValueError("only a positive fee identifies its page count")
    pages = 30
    while per_page_fee(pages) < amount:
        pages += 1
    return pages


def items_for_fee(amount: Decimal, *, before: int) -> int:
    """The number of 件 a positive 按件 fee was computed from, given the 件 filed before it that month."""
    if amount <= 0:
        raise ValueError("only a positive fee identifies its number of 件")
    items = 1
    while per_item_fee(before=before, items=items) < amount:
        items += 1
    return items
