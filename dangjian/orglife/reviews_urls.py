"""URLs of 民主评议党员 (included by dues_urls)."""

from django.urls import path

from dangjian.orglife import reviews_views

urlpatterns = [
    path("reviews/", reviews_views.review_rounds, name="reviews"),
    path("reviews/<int:pk>/", reviews_views.review_detail, name="review-detail"),
    path("reviews/<int:pk>/self/", reviews_views.review_self, name="review-self"),
    path("reviews/<int:pk>/rate/", reviews_views.review_rate, name="review-rate"),
    path("reviews/<int:pk>/close/", reviews_views.review_close, name="review-close"),
    path("reviews/entry/<int:pk>/grade/", reviews_views.review_grade, name="review-grade"),
]
