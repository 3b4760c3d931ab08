from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dangjian.lib.navigation import MenuEntry


def _sees_orgs(user) -> bool:
    from dangjian.orgs.scoping import Action, scope_prefixes

    return user.is_superuser or bool(scope_prefixes(user, Action.VIEW))


def _member_only(user) -> bool:
    from dangjian.orgs.scoping import Action, may

    return may(user, Action.VIEW) and not _sees_orgs(user)


def _manages_accounts(user) -> bool:
    from dangjian.orgs.scoping import Action, may

    return may(user, Action.MANAGE_ACCOUNTS)


def _audits(user) -> bool:
    from dangjian.orgs.scoping import Action, may

    return may(user, Action.AUDIT)


class OrgsConfig(AppConfig):
    name = "dangjian.orgs"
    label = "orgs"
    verbose_name = _("Organizations and people")
    menu = (
        MenuEntry(_("Organizations"), "orgs:org-list", _sees_orgs, order=10),
        MenuEntry(_("People"), "orgs:person-list", _sees_orgs, order=20),
        MenuEntry(_("My record"), "orgs:person-list", _member_only, order=20),
        MenuEntry(_("Terms due"), "orgs:org-terms", _sees_orgs, order=30),
        MenuEntry(_("Accounts"), "orgs:account-list", _manages_accounts, order=90),
        MenuEntry(_("Audit log"), "orgs:audit-list", _audits, order=91),
    )

    reminders = ("dangjian.orgs.reminders.terms_due_reminders",)

    def ready(self) -> None:
        from dangjian.orgs import checks  # noqa: F401  (registers the scoping system check)
