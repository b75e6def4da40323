from django.urls import path

from gongkai.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.page, name="page"),
    path("search/suggest/", views.suggest, name="suggest"),
]
