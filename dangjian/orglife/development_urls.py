"""URLs of the development part (发展党员)."""

from django.urls import path

from dangjian.orglife import development_views as views

urlpatterns = [
    path("development/", views.pipeline, name="development-pipeline"),
    path("development/alerts/", views.alerts, name="development-alerts"),
    path("development/people/<int:person_id>/", views.person_record, name="development-person"),
    path("development/people/<int:person_id>/steps/", views.step_add, name="development-step-add"),
    path(
        "development/people/<int:person_id>/forms/<str:kind>.docx",
        views.form_download,
        name="development-form",
    ),
    path("development/documents/<int:document_id>/", views.document, name="development-document"),
]
