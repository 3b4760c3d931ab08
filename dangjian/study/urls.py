from django.urls import path

from dangjian.study import (
    award_views,
    event_views,
    hall_views,
    lecture_views,
    plan_views,
    research_views,
    views,
)

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
    path("plans/", plan_views.plan_list, name="plan-list"),
    path("plans/new/", plan_views.plan_new, name="plan-new"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", plan_views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/readings/new/", plan_views.reading_new, name="reading-new"),
    path("readings/<int:pk>/", plan_views.reading_detail, name="reading-detail"),
    path("readings/<int:pk>/edit/", plan_views.reading_edit, name="reading-edit"),
    path("research/", research_views.research_home, name="research-home"),
    path("research/topics/new/", research_views.topic_new, name="topic-new"),
    path("research/topics/<int:pk>/", research_views.topic_detail, name="topic-detail"),
    path("research/topics/<int:pk>/decide/", research_views.topic_decide, name="topic-decide"),
    path("research/topics/<int:pk>/article/", research_views.article_new, name="article-new"),
    path("research/articles/<int:pk>/", research_views.article_detail, name="article-detail"),
    path("research/articles/<int:pk>/score/", research_views.article_score, name="article-score"),
    path("research/review/", research_views.research_review, name="research-review"),
    path("awards/<str:kind>.<str:fmt>", award_views.award_list, name="award-list"),
    path("lectures/", lecture_views.lecture_list, name="lecture-list"),
    path("lectures/new/", lecture_views.lecture_new, name="lecture-new"),
    path("lectures/report/", lecture_views.lecture_report, name="lecture-report"),
    path("lectures/<int:pk>/", lecture_views.lecture_detail, name="lecture-detail"),
    path("lectures/<int:pk>/edit/", lecture_views.lecture_edit, name="lecture-edit"),
    path("lectures/<int:pk>/ask/", lecture_views.question_ask, name="question-ask"),
    path("lectures/<int:pk>/rate/", lecture_views.lecture_rate, name="lecture-rate"),
    path("questions/<int:pk>/answer/", lecture_views.question_answer, name="question-answer"),
    path("events/", event_views.event_list, name="event-list"),
    path("events/new/", event_views.event_new, name="event-new"),
    path("events/<int:pk>/", event_views.event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", event_views.event_edit, name="event-edit"),
    path("events/<int:pk>/issues/", event_views.issue_add, name="issue-add"),
    path("issues/<int:pk>/done/", event_views.issue_done, name="issue-done"),
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

# 干训讲堂 — the online learning hall.
urlpatterns += [
    path("hall/", hall_views.hall_list, name="hall-list"),
    path("hall/new/", hall_views.hall_new, name="hall-new"),
    path("hall/stats/", hall_views.hall_stats, name="hall-stats"),
    path("hall/<int:pk>/", hall_views.hall_detail, name="hall-detail"),
    path("hall/<int:pk>/edit/", hall_views.hall_edit, name="hall-edit"),
    path("hall/<int:pk>/file/", hall_views.hall_download, name="hall-download"),
    path("hall/<int:pk>/progress/", hall_views.hall_progress, name="hall-progress"),
    path("hall/<int:pk>/suggestions/", hall_views.hall_suggest, name="hall-suggest"),
    path("hall/<int:pk>/stats/", hall_views.hall_material_stats, name="hall-material-stats"),
    path("hall/suggestions/", hall_views.hall_moderation, name="hall-moderation"),
    path("hall/suggestions/<int:pk>/moderate/", hall_views.hall_moderate, name="hall-moderate"),
]
