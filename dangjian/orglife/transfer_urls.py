"""URLs of 组织关系转接 (transfers)."""

from django.urls import path

from dangjian.orglife import transfer_views as views

urlpatterns = [
    path("transfers/", views.transfer_list, name="transfer-list"),
    path("transfers/history/", views.transfer_history, name="transfer-history"),
    path("transfers/new/", views.transfer_issue, name="transfer-issue"),
    path("transfers/arrival/", views.transfer_register, name="transfer-register"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer-detail"),
    path("transfers/<int:pk>/accept/", views.transfer_accept, name="transfer-accept"),
    path("transfers/<int:pk>/return/", views.transfer_return, name="transfer-return"),
    path("transfers/<int:pk>/cancel/", views.transfer_cancel, name="transfer-cancel"),
    path("transfers/<int:pk>/letter/", views.transfer_letter, name="transfer-letter"),
]
