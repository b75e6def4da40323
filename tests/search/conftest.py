from tests.publications.conftest import office  # noqa: F401  # the same small office
