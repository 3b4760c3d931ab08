from django.urls import path

from dangjian.work import (
    plan_urls,
    progress_urls,
    project_urls,
    rect_urls,
    views,
    visit_urls,
)

app_name = "work"

urlpatterns = [
    path("", views.home, name="home"),
    path("files/<str:kind>/<int:pk>", views.file, name="file"),
    *plan_urls.urlpatterns,
    *progress_urls.urlpatterns,
    *project_urls.urlpatterns,
    *visit_urls.urlpatterns,
    *rect_urls.urlpatterns,
]
