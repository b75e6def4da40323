from django.urls import path

from gongkai.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.public_list, name="list"),
    path("reports/<int:pk>/", views.public_report, name="report"),
    path("reports/<int:pk>/download.<str:fmt>", views.download, name="download"),
    path("staff/reports/open/", views.open_report, name="open"),
    path("staff/reports/table2/<int:agency_id>/<int:year>/", views.table2_entry, name="table2"),
    path("staff/reports/<int:pk>/", views.staff_report, name="staff_report"),
    path("staff/reports/<int:pk>/<str:action>/", views.staff_action, name="staff_action"),
    path("staff/reports/supervision/<str:code>/<int:year>/", views.supervision, name="supervision"),
    path("staff/reports/supervision/<str:code>/", views.supervision_year, name="supervision_year"),
    path("staff/reports/supervision/<str:code>/<int:year>/urge/", views.urge, name="urge"),
    path(
        "staff/reports/supervision/<str:code>/<int:year>/urge-overdue/",
        views.urge_overdue,
        name="urge_overdue",
    ),
]
