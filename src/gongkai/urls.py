from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from gongkai.api.api import api
from gongkai.jobs import views as jobs_views
from gongkai.portal.forms import AdminLoginForm
from gongkai.portal.security import rate_limited
from gongkai.publications import sitemap

admin.site.site_header = "政府信息公开平台 管理后台"
admin.site.site_title = "gongkai 管理后台"
admin.site.index_title = "系统管理"
admin.site.login_form = AdminLoginForm  # a username too long for the lockout log is a form error

# Branded Chinese error pages (gongkai.portal.errors); the CSRF failure page is settings.CSRF_FAILURE_VIEW.
handler400 = "gongkai.portal.errors.bad_request"
handler403 = "gongkai.portal.errors.permission_denied"
handler404 = "gongkai.portal.errors.page_not_found"
handler500 = "gongkai.portal.errors.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    # The admin's login counts against the same per-address limit as the staff login (django-axes locks
    # one username; this stops one address from trying many usernames).
    path("admin/login/", rate_limited("login", "GONGKAI_RATE_LOGIN")(admin.site.login)),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("healthz", jobs_views.healthz, name="healthz"),
    path("sitemap.xml", sitemap.sitemap, name="sitemap"),
    path("sitemap-<int:section>.xml", sitemap.sitemap, name="sitemap_section"),
]
# The portal is Chinese at its plain URLs whatever the browser's Accept-Language says (a Chinese
# government site); the English version lives under /en/ and is chosen explicitly.
urlpatterns += i18n_patterns(
    path("", include("gongkai.supervision.urls")),
    path("", include("gongkai.applications.urls")),
    path("", include("gongkai.reports.urls")),
    path("", include("gongkai.gazette.urls")),
    path("", include("gongkai.publications.urls")),
    path("", include("gongkai.search.urls")),
    path("", include("gongkai.portal.urls")),
    prefix_default_language=False,
)
