"""The site's URLconf plus a page that fails, to see the 500 page as a visitor does."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from gongkai.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def failing(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("failing/", failing), *urlpatterns]
