from django.urls import path

from gongkai.applications import views, views_released

app_name = "applications"

urlpatterns = [
    path("apply/", views.choose_agency, name="choose_agency"),
    path("agencies/<int:agency_id>/apply/", views.apply, name="apply"),
    path("apply/submitted/<str:receipt>/", views.submitted, name="submitted"),
    path("apply/submitted/<str:receipt>/receipt.txt", views.submitted_text, name="submitted_text"),
    path("track/", views.track, name="track"),
    path("track/withdraw/", views.track_withdraw, name="track_withdraw"),
    path("staff/applications/", views.inbox, name="inbox"),
    path("staff/applications/new/", views.register, name="register"),
    path("staff/applications/<int:pk>/", views.case, name="case"),
    path("staff/applications/<int:pk>/applicant/", views.reveal_applicant, name="reveal_applicant"),
    path("staff/applications/<int:pk>/letters/", views.issue_letter, name="issue_letter"),
    path("staff/applications/<int:pk>/appeals/", views.record_appeal, name="record_appeal"),
    path(
        "staff/applications/<int:pk>/appeals/<int:appeal_id>/", views.conclude_appeal, name="conclude_appeal"
    ),
    path(
        "staff/applications/<int:pk>/attachments/<int:attachment_id>/",
        views.staff_attachment,
        name="attachment",
    ),
    path(
        "staff/applications/<int:pk>/letters/<int:letter_id>.<str:fmt>",
        views.staff_letter,
        name="staff_letter",
    ),
    path("track/letters/<int:letter_id>.<str:fmt>", views.public_letter, name="public_letter"),
    path("staff/applications/<int:pk>/released/", views_released.add_released_file, name="add_released_file"),
    path(
        "staff/applications/<int:pk>/released/<int:file_id>/",
        views_released.staff_released_file,
        name="staff_released_file",
    ),
    path("track/released/<int:file_id>/", views_released.public_released_file, name="public_released_file"),
    path("staff/applications/<int:pk>/<str:action>/", views.case_action, name="case_action"),
]
