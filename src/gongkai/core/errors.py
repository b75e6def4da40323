"""One error hierarchy for the whole platform.

Every error has a stable machine ``code``, a human ``message`` (Chinese first, translatable) and, for
input errors, the ``fields`` it concerns, so that the portal can show the message next to the field and
the API can return ``{"code", "message", "fields"}``.
"""

from __future__ import annotations

from collections.abc import Mapping


class GongkaiError(Exception):
    code = "error"

    def __init__(self, message: str, *, fields: Mapping[str, str] | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fields: dict[str, str] = dict(fields or {})
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "fields": self.fields}


class InvalidInput(GongkaiError):
    """Input that fails validation; ``fields`` maps each offending field to its message."""

    code = "invalid_input"

    @classmethod
    def for_field(cls, field: str, message: str) -> InvalidInput:
        return cls(message, fields={field: message})


class NotFound(GongkaiError):
    code = "not_found"


class PermissionDenied(GongkaiError):
    code = "permission_denied"


class InvalidTransition(GongkaiError):
    code = "invalid_transition"


class DatabaseNotInitialized(GongkaiError):
    """The database is missing, unreachable or has no tables yet (``gongkai init`` has not run)."""

    code = "database_not_initialized"

    def __init__(self, detail: str):
        super().__init__(f"数据库尚未初始化：{detail}；请先运行 gongkai init 或设置 GONGKAI_DATA_DIR")
        self.detail = detail


class DatabaseUnavailable(GongkaiError):
    """The database server does not answer (or refuses the connection)."""

    code = "database_unavailable"

    def __init__(self, detail: str):
        super().__init__(f"无法连接数据库：{detail}；请检查 GONGKAI_DATABASE_URL 和数据库服务器")
        self.detail = detail


class ConfigurationInvalid(GongkaiError):
    """A ``GONGKAI_*`` setting that cannot be used."""

    code = "configuration_invalid"


class CalendarNotCovered(GongkaiError):
    """A date falls in a year whose official holiday schedule is not in the database."""

    code = "calendar_not_covered"

    def __init__(self, year: int):
        super().__init__(
            f"{year}年的法定节假日安排尚未录入工作日历，无法计算工作日"
            f"（No holiday schedule for {year} in the working-day calendar; an administrator must add "
            f"the State Council's {year} schedule first.）"
        )
        self.year = year
