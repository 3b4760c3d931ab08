"""Pages of the eval part (assess:eval-…), and its links on the hub page."""

from django.urls import path, register_converter
from django.utils.translation import gettext_lazy as _

from dangjian.assess import eval_public_views as public
from dangjian.assess import eval_views as views
from dangjian.lib.navigation import MenuEntry
from dangjian.orgs.scoping import Action, may


def _signed_in(user) -> bool:
    return user.is_authenticated


def _manages(user) -> bool:
    return may(user, Action.CHANGE)


class PublicKeyConverter:
    """A point's public key (secrets.token_urlsafe: URL-safe base64); anything else is 404
    before the database sees it (a NUL byte would be a database error on PostgreSQL)."""

    regex = "[A-Za-z0-9_-]{1,43}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PublicKeyConverter, "evalkey")


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("Evaluation by the people served"), "assess:eval-overview", _signed_in, order=50),
    MenuEntry(_("Comments to moderate"), "assess:eval-moderation", _manages, order=51),
)

urlpatterns = [
    # Public (no account): the page a unit's QR code opens.
    path("e/<evalkey:public_key>", public.public, name="eval-public"),
    path("e/<evalkey:public_key>/thanks", public.thanks, name="eval-thanks"),
    # Staff.
    path("evaluation/", views.overview, name="eval-overview"),
    path("evaluation/setup/", views.setup_start, name="eval-setup-start"),
    path("evaluation/moderation/", views.moderation, name="eval-moderation"),
    path("evaluation/moderation/<int:pk>/", views.moderate, name="eval-moderate"),
    path("evaluation/<int:pk>/", views.results, name="eval-results"),
    path("evaluation/<int:pk>/setup/", views.setup, name="eval-setup"),
    path("evaluation/<int:pk>/qr", views.qr, name="eval-qr"),
    path("evaluation/<int:pk>/poster/", views.poster, name="eval-poster"),
    path("evaluation/<int:pk>/codes/", views.codes, name="eval-codes"),
    path("evaluation/<int:pk>/codes/export", views.codes_export, name="eval-codes-export"),
]
