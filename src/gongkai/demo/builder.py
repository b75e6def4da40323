"""Builds a demo province, deterministically from (profile, seed).

A profile is an ordered list of steps. Each step gets its own PRNG seeded from ``"{seed}:{step name}"``
so that adding a step later (applications, publications, …) never changes what earlier steps generate.
Later issues extend a profile by appending steps to it.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.errors import GongkaiError, InvalidInput
from gongkai.demo.as_of import DEMO_TODAY
from gongkai.demo.models import DemoDataset
from gongkai.demo.progress import Progress, SilentProgress

log = logging.getLogger(__name__)

#: Demo staff usernames look like ``440100-03-clerk`` or ``440100-sup``.
DEMO_USERNAME = re.compile(r"^\d{6}(\d{3})?-")


@dataclass
class BuildContext:
    seed: int
    progress: Progress
    # Fraction of the full volume: tests build small provinces; only 1.0 reproduces the seed's figures.
    scale: float = 1.0
    # Steps share what they built (e.g. the orgs step leaves the agency list for later steps).
    shared: dict[str, Any] = field(default_factory=dict)
    # The demo's "today": nothing after it exists yet (gongkai demo pins the clock to it).
    today: date = DEMO_TODAY

    def rng(self, step: str) -> random.Random:
        return random.Random(f"{self.seed}:{step}")


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[BuildContext], None]
    wipe: Callable[[], None]


PROFILES: dict[str, list[Step]] = {}


def register_step(profile: str, step: Step) -> None:
    PROFILES.setdefault(profile, []).append(step)


class DemoRefused(GongkaiError):
    code = "demo_refused"


def _profile_steps(profile: str) -> list[Step]:
    from gongkai.demo import guangdong  # noqa: F401  (registers the guangdong-2020 steps)

    if profile not in PROFILES:
        raise InvalidInput.for_field(
            "profile", f"未知的演示配置：{profile}（可用：{', '.join(sorted(PROFILES))}）"
        )
    return PROFILES[profile]


def loaded_dataset() -> DemoDataset | None:
    return DemoDataset.objects.filter(complete=True).first()


def build(
    *,
    profile: str,
    seed: int,
    progress: Progress | None = None,
    reset: bool = False,
    only: tuple[str, ...] | None = None,
    scale: float = 1.0,
) -> tuple[bool, dict[str, Any]]:
    """Load the demo province. Returns (built, counts); ``built`` is False when the same profile and seed
    were already loaded completely and ``reset`` was not asked for. ``only`` runs just the named steps and
    ``scale`` shrinks the volume of the steps that honour it (both for tests)."""
    from gongkai.core import stats
    from gongkai.orgs.models import Division

    steps = _profile_steps(profile)
    if only is not None:
        steps = [s for s in steps if s.name in only]
    current = DemoDataset.objects.first()
    if current is None and Division.objects.exists():
        raise DemoRefused(
            "数据库中已有非演示数据，拒绝覆盖（The database holds real data; refusing to load demo data.）"
        )
    full = not reset and only is None and scale == 1.0
    if full and current and current.complete and current.profile == profile and current.seed == seed:
        return False, current.counts
    ctx = BuildContext(seed=seed, progress=progress or SilentProgress(), scale=scale)
    with transaction.atomic():
        for step in reversed(_profile_steps(profile)):
            step.wipe()
        DemoDataset.objects.all().delete()
        get_user_model().objects.filter(username__regex=DEMO_USERNAME.pattern).delete()
        dataset = DemoDataset.objects.create(profile=profile, seed=seed)
        for step in steps:
            started = time.monotonic()
            step.run(ctx)
            log.info("演示数据步骤 %s 用时 %.1f 秒", step.name, time.monotonic() - started)
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner: hundreds of thousands of rows just arrived in bulk
            # (ANALYZE, unlike VACUUM, may run inside the transaction).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        counts = stats.collect()
        dataset.complete = True
        dataset.counts = counts
        dataset.save()
        audit_record(Actor.system("demo"), "demo.loaded", dataset, data={"profile": profile, "seed": seed})
    return True, counts
