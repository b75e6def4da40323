from __future__ import annotations

import logging
import os
from typing import Any

import pytest

from gongkai.core.context import Actor


@pytest.fixture
def system() -> Actor:
    return Actor.system("tests")


@pytest.fixture(autouse=True)
def _shifted_today() -> Any:
    """GONGKAI_TEST_TODAY=YYYY-MM-DD runs the suite as if the real date were that day (ticking from 10:00
    Beijing time): no test may depend on the real date, and this is how that is checked."""
    raw = os.environ.get("GONGKAI_TEST_TODAY", "")
    if not raw:
        yield
        return
    import time_machine

    with time_machine.travel(f"{raw}T10:00:00+08:00", tick=True):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    # PBKDF2 is deliberately slow; tests create many users and do not test hashing strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests that walk many search URLs from 127.0.0.1 must not meet the per-address limit by accident
    # (tests/security sets the limits it tests explicitly; tracker, form and login keep their defaults).
    settings.GONGKAI_RATE_SEARCH = settings.GONGKAI_RATE_SUGGEST = "100000/h"
    # Pages render against the source static files; `gongkai serve` uses the hashed manifest.
    # Uploaded and generated files (letters) go to the test's own temporary directory.
    settings.DATA_DIR = tmp_path  # the search index and other generated files stay out of the repository
    # Rate-limit counters start at zero in every test (their file lives under DATA_DIR otherwise, shared by
    # runs and workers), and the site's chrome is rendered afresh (settings differ between tests).
    settings.CACHES = {
        **settings.CACHES,
        "counters": {**settings.CACHES["counters"], "LOCATION": str(tmp_path / "counters")},
        "chrome": {**settings.CACHES["chrome"], "LOCATION": f"chrome-{tmp_path.name}"},
    }
    # The clock follows the (time-machine-pinned) real date: a demo's var/today must not leak into tests.
    settings.GONGKAI_TODAY = ""
    settings.STORAGES = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _only_test_blocks(connection: Any) -> bool:
    return bool(connection.in_atomic_block) and all(
        getattr(block, "_from_testcase", False) for block in connection.atomic_blocks
    )


def _run(func: Any, robust: bool) -> None:
    if not robust:
        func()
        return
    try:
        func()
    except Exception:
        logging.getLogger("tests").exception("on_commit callback failed")


@pytest.fixture(autouse=True)
def _commit_hooks_as_in_production(monkeypatch: Any) -> None:
    """pytest-django runs a `db` test inside a transaction that is rolled back at its end, so
    ``transaction.on_commit`` callbacks (files, mail, tasks) would never run. Emulate what production does:
    a callback registered outside the code's own atomic blocks runs at once (autocommit), and the pending
    callbacks run when the code's outermost atomic block exits without error (its commit in production);
    a rolled-back block discards its callbacks, as Django does. `transaction=True` tests commit for real
    and are unaffected."""
    from django.db import transaction
    from django.db.backends.base.base import BaseDatabaseWrapper

    original_on_commit = BaseDatabaseWrapper.on_commit
    original_exit = transaction.Atomic.__exit__

    def on_commit(self: Any, func: Any, robust: bool = False) -> None:
        if _only_test_blocks(self):
            _run(func, robust)
        else:
            original_on_commit(self, func, robust)

    def exit_(self: Any, exc_type: Any, exc_value: Any, traceback: Any) -> Any:
        result = original_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if exc_type is None and not self._from_testcase and _only_test_blocks(connection):
            pending, connection.run_on_commit = connection.run_on_commit, []
            for _, func, robust in pending:
                _run(func, robust)
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_)
