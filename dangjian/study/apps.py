from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dangjian.lib.navigation import MenuEntry


def _writes_notes(user) -> bool:
    # Every account: asking whether it has a person record would cost every page a query;
    # the page itself says when it has none.
    return user.is_authenticated


def _reviews(user) -> bool:
    from dangjian.orgs.scoping import Action, may

    return may(user, Action.REVIEW)


class StudyConfig(AppConfig):
    name = "dangjian.study"
    label = "study"
    verbose_name = _("Study")
    menu = (
        MenuEntry(_("My study"), "study:home", _writes_notes, order=5),
        MenuEntry(_("Monthly review"), "study:review-queue", _reviews, order=40),
        MenuEntry(_("Study sessions"), "study:session-calendar", _writes_notes, order=6),
        MenuEntry(_("Learning hall"), "study:hall-list", _writes_notes, order=7),
    )
    reminders = ("dangjian.study.reminders.month_end_reminders",)
    demo = "dangjian.study.demo"
    # Assessment's automatic indicators (lib.indicators).
    indicators = "dangjian.study.indicators"
    home_panel = "dangjian.study.views.home_panel"
