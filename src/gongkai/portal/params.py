"""Parsing the query parameters of portal pages: a value a page cannot use is a 400 with a Chinese
message naming the parameter (rendered by :func:`gongkai.portal.errors.bad_request`), never a 500 and
never silently another page.

Numbers are ASCII digits only: ``str.isdigit`` accepts "²" and ``int`` accepts "١٢" and " 12_0 ", none of
which a link of ours produces.
"""

from __future__ import annotations

import re

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from gongkai.core.codes import validate_division_code
from gongkai.core.errors import InvalidInput, NotFound
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Division

#: Years a page of this platform can be about: the 条例 took effect in 2008, the gazette archive starts
#: in the 1950s; a year outside is a typing error or a probe.
MIN_YEAR, MAX_YEAR = 1949, 2100
#: The largest id a database column holds (PostgreSQL bigint); larger numbers are not ids.
MAX_ID = 2**63 - 1
MAX_TEXT = 200

_DIGITS = re.compile(r"[0-9]{1,19}")


class BadParameter(BadRequest):
    """A query parameter with a value the page cannot use; ``message`` is shown on the 400 page."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def _raw(request: HttpRequest, name: str) -> str:
    value = request.GET.get(name, "")
    if "\x00" in value or len(value) > MAX_TEXT * 10:
        raise BadParameter(name, _("参数“%(name)s”含有不允许的字符或过长") % {"name": name})
    return value.strip()


def parse_int(name: str, value: str, *, minimum: int = 0, maximum: int = MAX_ID) -> int:
    """``value`` as an integer in [minimum, maximum], or :class:`BadParameter`."""
    if not _DIGITS.fullmatch(value) or not minimum <= int(value) <= maximum:
        raise BadParameter(
            name,
            _("参数“%(name)s”应为%(min)s至%(max)s之间的整数")
            % {"name": name, "min": minimum, "max": maximum},
        )
    return int(value)


def int_param(
    request: HttpRequest, name: str, *, default: int | None = None, minimum: int = 0, maximum: int = MAX_ID
) -> int | None:
    """An optional integer query parameter (absent or empty → ``default``)."""
    value = _raw(request, name)
    return default if value == "" else parse_int(name, value, minimum=minimum, maximum=maximum)


def id_param(request: HttpRequest, name: str) -> int | None:
    """An optional database id (a positive integer that fits the column)."""
    return int_param(request, name, minimum=1)


def year_param(request: HttpRequest, name: str = "year", *, default: int) -> int:
    value = _raw(request, name)
    return default if value == "" else check_year(value, name=name)


def check_year(value: int | str, *, name: str = "year") -> int:
    """A year from a path or query: an integer between :data:`MIN_YEAR` and :data:`MAX_YEAR`."""
    if isinstance(value, int) and MIN_YEAR <= value <= MAX_YEAR:
        return value
    if isinstance(value, str) and _DIGITS.fullmatch(value) and MIN_YEAR <= int(value) <= MAX_YEAR:
        return int(value)
    raise BadParameter(name, _("年份应为%(min)s至%(max)s之间的整数") % {"min": MIN_YEAR, "max": MAX_YEAR})


def text_param(request: HttpRequest, name: str, *, max_length: int = MAX_TEXT) -> str:
    """A free-text parameter (a search term), stripped; NUL or more than ``max_length`` characters → 400."""
    value = _raw(request, name)
    if len(value) > max_length:
        raise BadParameter(name, _("参数“%(name)s”不能超过%(max)s个字") % {"name": name, "max": max_length})
    return value


def choice_param(
    request: HttpRequest, name: str, choices: set[str] | dict[str, object], default: str = ""
) -> str:
    """A parameter that must be one of ``choices`` (absent → ``default``)."""
    value = _raw(request, name)
    if value == "":
        return default
    if value not in choices:
        raise BadParameter(name, _("参数“%(name)s”的值无效") % {"name": name})
    return value


def page_param(request: HttpRequest, *, maximum: int = 10_000) -> int:
    """A page number, 1 when absent; anything but a number from 1 to ``maximum`` is a 400 (a page past
    the end of a list is the list's to handle: it shows its last page)."""
    return int_param(request, "page", default=1, minimum=1, maximum=maximum) or 1


def path_year(year: int) -> int:
    """A year in a URL path: outside :data:`MIN_YEAR`–:data:`MAX_YEAR` there is no such page (404)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("年份应为%(min)s至%(max)s之间的整数") % {"min": MIN_YEAR, "max": MAX_YEAR})
    return year


def division_or_404(code: str) -> Division:
    """The division of a code in a URL path or query, else a 404 saying so."""
    try:
        code = validate_division_code(code)
    except InvalidInput as e:
        raise Http404(e.message) from e
    try:
        return org_selectors.division_get_by_code(code)
    except NotFound as e:
        raise Http404(e.message) from e
