"""URLs of 民主评议党员 and 换届 (included by dues_urls)."""

from django.urls import path

from dangjian.orglife import elections_views, reviews_views

urlpatterns = [
    path("reviews/", reviews_views.review_rounds, name="reviews"),
    path("reviews/<int:pk>/", reviews_views.review_detail, name="review-detail"),
    path("reviews/<int:pk>/self/", reviews_views.review_self, name="review-self"),
    path("reviews/<int:pk>/rate/", reviews_views.review_rate, name="review-rate"),
    path("reviews/<int:pk>/close/", reviews_views.review_close, name="review-close"),
    path("reviews/entry/<int:pk>/grade/", reviews_views.review_grade, name="review-grade"),
    path("elections/", elections_views.election_list, name="elections"),
    path("elections/<int:pk>/", elections_views.election_detail, name="election-detail"),
    path("elections/org/<int:pk>/new/", elections_views.election_create, name="election-create"),
]
