from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from dangjian import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # POST only: switching language sets a cookie (Django's view also redirects on GET).
    path("i18n/setlang/", login_not_required(require_POST(set_language)), name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("dangjian.orgs.urls")),
    path("originality/", include("dangjian.originality.urls")),
    path("study/", include("dangjian.study.urls")),
    path("orglife/", include("dangjian.orglife.urls")),
    path("work/", include("dangjian.work.urls")),
    path("assess/", include("dangjian.assess.urls")),
    path("honors/", include("dangjian.honors.urls")),
    path("notices/", include("dangjian.notices.urls")),
    path("api/v1/", include("dangjian.api_urls")),
    path("admin/", admin.site.urls),
]

handler403 = "dangjian.views.permission_denied"
handler404 = "dangjian.views.page_not_found"
handler500 = "dangjian.views.server_error"
