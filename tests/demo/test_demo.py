"""The demo province: the seed's division counts, realistic content, and determinism."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.contrib.auth import get_user_model

from gongkai.core import stats
from gongkai.core.codes import validate_uscc
from gongkai.demo import builder
from gongkai.demo.builder import DemoRefused
from gongkai.orgs import selectors
from gongkai.orgs.models import Agency, Division, StaffRole
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _snapshot() -> str:
    """A digest of everything the orgs step generates, independent of primary keys."""
    user_model = get_user_model()
    data = {
        "divisions": list(
            Division.objects.order_by("code").values_list("code", "name", "level", "kind", "has_districts")
        ),
        "agencies": list(
            Agency.objects.order_by("uscc").values_list(
                "uscc",
                "name",
                "short_name",
                "kind",
                "division__code",
                "parent__uscc",
                "sort_order",
                "office_name",
                "office_address",
                "postcode",
                "office_hours",
                "phone",
                "fax",
                "email",
                "website",
                "vertical",
            )
        ),
        "users": list(
            user_model.objects.order_by("username").values_list("username", "last_name", "first_name")
        ),
        "roles": list(
            StaffRole.objects.order_by("user__username", "role").values_list(
                "user__username", "role", "agency__uscc", "division__code"
            )
        ),
    }
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, default=str).encode()).hexdigest()


def test_guangdong_2020_matches_the_seed_and_is_deterministic() -> None:
    built, counts = builder.build(profile="guangdong-2020", seed=7, only=("orgs",))
    assert built
    assert counts["orgs"]["divisions"] == {"province": 1, "prefecture": 21, "county": 147, "town": 1635}
    first = _snapshot()

    builder.build(profile="guangdong-2020", seed=7, only=("orgs",))
    assert _snapshot() == first
    assert stats.collect() == counts

    builder.build(profile="guangdong-2020", seed=8, only=("orgs",))
    assert _snapshot() != first  # the seed matters
    assert stats.collect()["orgs"]["divisions"] == counts["orgs"]["divisions"]


def test_demo_content_is_realistic() -> None:
    builder.build(profile="guangdong-2020", seed=2020, only=("orgs",))
    cities = Division.objects.filter(level=Division.Level.PREFECTURE)
    assert {c.code: c.name for c in cities}["440100"] == "广州市"
    assert set(cities.filter(has_districts=False).values_list("name", flat=True)) == {"东莞市", "中山市"}
    # Towns of the cities without districts sit directly under the city.
    dongguan = Division.objects.get(code="441900")
    assert {d.level for d in selectors.division_children(dongguan)} == {Division.Level.TOWN}
    # Real county-level names and codes.
    assert Division.objects.get(code="440104").name == "越秀区"
    assert Division.objects.get(code="441825").name == "连山壮族瑶族自治县"
    # Every division under 广州 has a code starting 4401: an independent check of the subtree query.
    gz = Division.objects.get(code="440100")
    expected = {a.pk for a in Agency.objects.filter(division__code__startswith="4401", is_active=True)}
    assert {a.pk for a in selectors.agencies_in_subtree(gz)} == expected
    assert len(expected) > 300
    # Provincial government, its general office and about 60 departments.
    province_agencies = Agency.objects.filter(division__code="440000")
    assert province_agencies.get(sort_order=0).name == "广东省人民政府"
    assert province_agencies.get(sort_order=1).name == "广东省人民政府办公厅"
    assert 50 <= province_agencies.filter(kind=Agency.Kind.DEPARTMENT).count() <= 65
    # Real-looking 发文机关代字 for the reply letters' 文号 (GB/T 9704: {代字}〔YYYY〕n号).
    prefixes = dict(Agency.objects.values_list("name", "doc_prefix"))
    assert prefixes["广东省人民政府办公厅"] == "粤府办依复" and prefixes["广州市人民政府"] == "穗府依复"
    assert prefixes["广州市越秀区人民政府"] == "越府依复"
    assert all(p.endswith("依复") and len(p) <= 8 for p in prefixes.values())
    branch = Agency.objects.filter(kind=Agency.Kind.DISPATCHED, name__startswith="广州市公安局").first()
    assert branch is not None and prefixes[branch.name] == f"{branch.division.name[0]}公分依复"
    # Every agency carries a valid 统一社会信用代码 and the 指南 contact details.
    for agency in Agency.objects.all()[:500]:
        assert validate_uscc(agency.uscc) == agency.uscc
        assert agency.phone and agency.office_address and agency.office_hours and agency.email
    # Each agency has its clerk, approver and reviewer; each division down to county level a supervisor.
    assert StaffRole.objects.filter(role="clerk").count() == Agency.objects.count()
    assert StaffRole.objects.filter(role="supervisor").count() == 1 + 21 + 147
    assert get_user_model().objects.filter(username="440000-01-clerk").exists()


def test_demo_refuses_to_overwrite_real_data() -> None:
    factories.small_province()
    with pytest.raises(DemoRefused):
        builder.build(profile="guangdong-2020", seed=1)
    assert Division.objects.count() == 6
