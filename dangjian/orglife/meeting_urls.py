"""URLs of the meeting ledger (三会一课台账) and its compliance table."""

from django.urls import path

from dangjian.orglife import meeting_views as views

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/compliance/", views.meeting_compliance, name="meeting-compliance"),
    path(
        "meetings/compliance.xlsx",
        views.meeting_compliance_export,
        name="meeting-compliance-export",
    ),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path(
        "meetings/<int:pk>/files/<int:file_pk>/",
        views.meeting_attachment,
        name="meeting-attachment",
    ),
]
