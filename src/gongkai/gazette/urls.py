from django.urls import path

from gongkai.gazette import views

app_name = "gazette"

urlpatterns = [
    path("gazette/", views.archive, name="archive"),
    path("gazette/<int:year>/", views.year, name="year"),
    path("gazette/<int:year>/<int:number>/", views.issue, name="issue"),
    path("gazette/documents/<int:pk>/", views.document, name="document"),
]
