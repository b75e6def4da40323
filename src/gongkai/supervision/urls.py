from django.urls import path

from gongkai.supervision import views

app_name = "supervision"

urlpatterns = [
    path("staff/supervision/", views.home, name="home"),
    path("staff/supervision/case/<int:pk>/urge/", views.urge, name="urge"),
    path("staff/supervision/agency/<int:agency_id>/overdue/", views.overdue_agency, name="overdue_agency"),
    path(
        "staff/supervision/agency/<int:agency_id>/timeliness/",
        views.timeliness_agency,
        name="timeliness_agency",
    ),
    path("staff/supervision/<str:code>/", views.dashboard_view, name="dashboard"),
    path("staff/supervision/<str:code>/overdue/", views.overdue, name="overdue"),
    path("staff/supervision/<str:code>/overdue.xlsx", views.overdue_export, name="overdue_export"),
    path("staff/supervision/<str:code>/timeliness/", views.timeliness_view, name="timeliness"),
]
