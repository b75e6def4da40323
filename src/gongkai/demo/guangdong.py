"""The ``guangdong-2020`` profile: registers its steps with the builder."""

from __future__ import annotations

from gongkai.demo import (
    applications_step,
    figures_step,
    gazette_step,
    orgs_step,
    publications_step,
    reports_step,
    search_step,
)
from gongkai.demo.builder import PROFILES, Step, register_step

PROFILE = "guangdong-2020"

if PROFILE not in PROFILES:
    register_step(PROFILE, Step("orgs", orgs_step.run, orgs_step.wipe))
    register_step(PROFILE, Step("applications", applications_step.run, applications_step.wipe))
    register_step(PROFILE, Step("publications", publications_step.run, publications_step.wipe))
    register_step(PROFILE, Step("reports", reports_step.run, reports_step.wipe))
    register_step(PROFILE, Step("gazette", gazette_step.run, gazette_step.wipe))
    register_step(PROFILE, Step("search", search_step.run, search_step.wipe))
    # Appended: the earlier steps draw the same data as before (each step has its own PRNG).
    register_step(PROFILE, Step("figures", figures_step.run, figures_step.wipe))
