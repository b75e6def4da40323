"""The demo loads its records in bulk, without the services: its last step builds the figures once, and
they equal a recount from scratch."""

from __future__ import annotations

import pytest

from gongkai.demo import builder
from gongkai.orgs.models import Division
from gongkai.reports import compute
from gongkai.reports.aggregates import verify
from gongkai.reports.models import AgencyFigure, FigureYear

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_builds_the_figures_and_they_equal_the_recount() -> None:
    builder.build(profile="guangdong-2020", seed=3, scale=0.01)
    assert list(FigureYear.objects.order_by("year").values_list("year", flat=True)) == list(range(2016, 2022))
    assert AgencyFigure.objects.filter(year=2020).exists()
    assert verify.differences() == []
    scope = compute.scope_of_division(Division.objects.get(code="440000"), region=True)
    assert compute.compute(scope, 2020).as_json() == compute.compute_from_records(scope, 2020).as_json()
