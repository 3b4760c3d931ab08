from django.urls import path

from dangjian.study import hall_views, views

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
