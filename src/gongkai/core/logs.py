"""Logging filters: what the log of a public site should and should not carry."""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A 4xx answer (a malformed ``?page=``, a missing page) is the client's mistake: one line in the log,
    not a traceback that reads like a crash to whoever watches it. 5xx records keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name.startswith("django.") and isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
