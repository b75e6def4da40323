from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.portal import site_views, views
from gongkai.portal.forms import LoginForm
from gongkai.portal.security import rate_limited

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("divisions/<str:code>/", views.division_detail, name="division"),
    path("agencies/<int:agency_id>/", views.agency_detail, name="agency"),
    path("site-map/", site_views.site_map, name="site_map"),
    path("contact/", site_views.contact, name="contact"),
    path(
        "accounts/login/",
        rate_limited("login", "GONGKAI_RATE_LOGIN")(
            auth_views.LoginView.as_view(
                template_name="registration/login.html", authentication_form=LoginForm
            )
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", views.staff_home, name="staff_home"),
]
