from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dangjian.lib.navigation import MenuEntry


def _reviews(user) -> bool:
    from dangjian.orgs.scoping import Action, may

    return may(user, Action.REVIEW)


class OriginalityConfig(AppConfig):
    name = "dangjian.originality"
    label = "originality"
    verbose_name = _("Originality check")
    menu = (MenuEntry(_("Originality check"), "originality:check-list", _reviews, order=50),)
    demo = "dangjian.originality.demo"  # demo_county --reset removes the county's texts
