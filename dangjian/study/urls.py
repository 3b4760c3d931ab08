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
