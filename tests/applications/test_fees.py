"""信息处理费, 国办函〔2020〕109号 第三条、第四条 and the 按量 tiers (REGULATIONS.md §3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications import fees


def test_spec_example_45_items_in_a_month_cost_5500() -> None:
    # 第四条: 20×100 + 10×200 + 5×300
    assert fees.per_item_fee(before=0, items=45) == Decimal(5500)


def test_spec_example_250_pages_cost_4700() -> None:
    # 70×10 + 100×20 + 50×40
    assert fees.per_page_fee(250) == Decimal(4700)


def test_twelfth_application_in_a_month_costs_100() -> None:
    assert fees.per_item_fee(before=11, items=1) == Decimal(100)


@pytest.mark.parametrize(
    ("k", "price"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_item_bands(k: int, price: int) -> None:
    # 第四条（一）10件以下（含10件）不收费；（二）11—30件 100元/件；
    # （三）31件以上以10件为一档，每档提高100元/件
    assert fees.item_price(k) == price


@pytest.mark.parametrize(
    ("pages", "fee"), [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)]
)
def test_page_bands(pages: int, fee: int) -> None:
    assert fees.per_page_fee(pages) == Decimal(fee)


@given(st.integers(min_value=0, max_value=1000))
def test_page_fee_is_the_sum_of_marginal_prices(pages: int) -> None:
    assert fees.per_page_fee(pages) == sum(fees.page_price(i) for i in range(1, pages + 1))


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=60))
def test_item_fee_is_additive_over_a_month(before: int, items: int) -> None:
    # 超额累进: splitting a batch in two never changes the total.
    split = items // 2
    whole = fees.per_item_fee(before=before, items=items)
    parts = (fees.per_item_fee(before=before, items=split) if split else Decimal(0)) + fees.per_item_fee(
        before=before + split, items=items - split
    )
    assert whole == parts
