from django.urls import path

from dangjian.originality import views

app_name = "originality"

urlpatterns = [
    path("checks/", views.check_list, name="check-list"),
    path("checks/new/", views.check_new, name="check-new"),
    path("checks/<int:pk>/", views.check_detail, name="check-detail"),
    path("checks/<int:pk>/report.pdf", views.check_pdf, name="check-pdf"),
    path("checks/<int:pk>/report-full.pdf", views.check_pdf_full, name="check-pdf-full"),
    path("verify/", views.verify, name="verify"),
    path("corpus/", views.corpus_list, name="corpus-list"),
    path("corpus/<int:pk>/", views.corpus_detail, name="corpus-detail"),
]
