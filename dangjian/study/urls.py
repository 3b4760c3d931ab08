from django.urls import path

from dangjian.study import views

app_name = "study"

urlpatterns = [
    path("", views.home, name="home"),
    path("notes/", views.note_list, name="note-list"),
    path("notes/new/", views.note_new, name="note-new"),
    path("notes/<int:pk>/", views.note_detail, name="note-detail"),
    path("notes/<int:pk>/edit/", views.note_edit, name="note-edit"),
    path("notes/<int:pk>/autosave/", views.note_autosave, name="note-autosave"),
    path("notes/<int:pk>/submit/", views.note_submit, name="note-submit"),
    path("notes/<int:pk>/review/", views.note_review, name="note-review"),
    path("reviews/", views.review_queue, name="review-queue"),
    path("status/", views.month_status, name="month-status"),
]

from dangjian.study import sessions_views  # noqa: E402

urlpatterns += [
    path("sessions/", sessions_views.session_calendar, name="session-calendar"),
    path("sessions/<int:pk>/", sessions_views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", sessions_views.session_edit, name="session-edit"),
    path(
        "sessions/<int:pk>/attendance/",
        sessions_views.session_attendance,
        name="session-attendance",
    ),
    path("sessions/<int:pk>/sign-in/", sessions_views.session_sign_in, name="session-sign-in"),
    path("sessions/<int:pk>/close/", sessions_views.session_close, name="session-close"),
    path("sessions/<int:pk>/qr/", sessions_views.session_qr, name="session-qr"),
    path("sessions/scan/<str:token>/", sessions_views.session_scan, name="session-scan"),
    path("sessions/schedules/", sessions_views.session_schedules, name="session-schedules"),
    path(
        "sessions/schedules/<int:pk>/generate/",
        sessions_views.session_generate,
        name="session-generate",
    ),
]
