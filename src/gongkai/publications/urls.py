from django.urls import path

from gongkai.publications import co_issue_views, views

app_name = "publications"

urlpatterns = [
    path("publications/<int:pk>/", views.detail, name="detail"),
    path("publications/<int:pk>/print/", views.detail_print, name="print"),
    path("publications/<int:pk>/versions/<int:number>/", views.version, name="version"),
    path("publications/<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("interpretations/<int:pk>/", views.interpretation, name="interpretation"),
    path("interpretations/<int:pk>/image/", views.interpretation_image, name="interpretation_image"),
    path("library/", views.library, name="library"),
    path("agencies/<int:agency_id>/catalogue/<str:code>/", views.agency_category, name="category"),
    path("agencies/<int:agency_id>/guide/", views.agency_guide, name="guide"),
    path("agencies/<int:agency_id>/standard-catalogue/", views.agency_standard_catalogue, name="standard"),
    path("feeds/latest.atom", views.PublicationsFeed(), name="feed"),
    path("agencies/<int:agency_id>/feed.atom", views.PublicationsFeed(), name="agency_feed"),
    path("display/", views.display_mode, name="display"),
    path("staff/publications/", views.staff_list, name="staff_list"),
    path("staff/publications/new/<int:agency_id>/", views.staff_new, name="staff_new"),
    path("staff/publications/<int:pk>/", views.staff_manage, name="staff_manage"),
    path("staff/publications/<int:pk>/flags/<int:flag_id>/ack/", views.staff_acknowledge, name="staff_ack"),
    path("staff/publications/<int:pk>/<str:action>/", views.staff_action, name="staff_action"),
    path("staff/co-issues/<int:pk>/<str:decision>/", co_issue_views.staff_co_issue, name="staff_co_issue"),
]
