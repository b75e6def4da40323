from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "政府信息公开平台 管理后台"
admin.site.site_title = "gongkai 管理后台"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("gongkai.portal.urls")),
]
