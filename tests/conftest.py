from __future__ import annotations

from typing import Any

import pytest

from gongkai.core.context import Actor


@pytest.fixture
def system() -> Actor:
    return Actor.system("tests")


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
    settings.STORAGES = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
