from django.urls import path, register_converter

from dangjian.orgs import account_views, audit_views, views

app_name = "orgs"


class ImportKindConverter:
    regex = "orgs|people"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ImportKindConverter, "import_kind")

org_patterns = [
    path("orgs/", views.org_list, name="org-list"),
    path("orgs/new/", views.org_create, name="org-create"),
    path("orgs/terms/", views.org_terms, name="org-terms"),
    path("orgs/export.xlsx", views.org_export, name="org-export"),
    path("orgs/template.xlsx", views.org_template, name="org-template"),
    path("orgs/<int:pk>/", views.org_detail, name="org-detail"),
    path("orgs/<int:pk>/children/", views.org_children, name="org-children"),
    path("orgs/<int:pk>/edit/", views.org_edit, name="org-edit"),
    path("orgs/<int:pk>/move/", views.org_move, name="org-move"),
]

person_patterns = [
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/export.xlsx", views.person_export, name="person-export"),
    path("people/template.xlsx", views.person_template, name="person-template"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/transfer/", views.person_transfer, name="person-transfer"),
    path("people/<int:pk>/exit/", views.person_exit, name="person-exit"),
    path("people/<int:pk>/reinstate/", views.person_reinstate, name="person-reinstate"),
]

audit_patterns = [path("audit/", audit_views.audit_list, name="audit-list")]

export_patterns = [
    path("exports/<int:pk>/", views.export_status, name="export-status"),
    path("exports/<int:pk>/download/", views.export_download, name="export-download"),
]

import_patterns = [
    path("imports/<import_kind:kind>/new/", views.import_upload, name="import-upload"),
    path("imports/<int:pk>/", views.import_status, name="import-status"),
]

account_patterns = [
    path("accounts/", account_views.account_list, name="account-list"),
    path("accounts/new/", account_views.account_create, name="account-create"),
    path("accounts/<int:user_id>/", account_views.account_detail, name="account-detail"),
    path("accounts/<int:user_id>/roles/", account_views.role_grant, name="role-grant"),
    path(
        "accounts/<int:user_id>/roles/<int:pk>/revoke/",
        account_views.role_revoke,
        name="role-revoke",
    ),
    path("accounts/<int:user_id>/password/", account_views.password_reset, name="password-reset"),
    path("accounts/<int:user_id>/active/", account_views.account_set_active, name="account-active"),
    path("accounts/<int:user_id>/unlock/", account_views.account_unlock, name="account-unlock"),
]

token_patterns = [
    path("accounts/tokens/", account_views.api_tokens, name="api-tokens"),
    path(
        "accounts/tokens/<int:pk>/revoke/",
        account_views.api_token_revoke,
        name="api-token-revoke",
    ),
]

urlpatterns = (
    audit_patterns
    + token_patterns
    + export_patterns
    + org_patterns
    + person_patterns
    + import_patterns
    + account_patterns
)
