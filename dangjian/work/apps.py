from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dangjian.lib.navigation import MenuEntry


def _signed_in(user) -> bool:
    # Every account: members see and report the items, projects and rectifications they are
    # responsible for; the hub page shows each part only to those who may use it.
    return user.is_authenticated


# Each part lists its hub links in its own module (`<part>_urls.HUB`), so that adding a page
# touches one part's files only.
PARTS = ("plan", "progress", "project", "visit", "rect")


class WorkConfig(AppConfig):
    """工作推进 — annual work plans (菜单式管理) with report-style progress (报账式推进), key
    projects (项目化管理), village contact and visits (包村 / 下基层), rectification ledgers
    (整改台账)."""

    name = "dangjian.work"
    label = "work"
    verbose_name = _("Work tracking")
    menu = (MenuEntry(_("Work tracking"), "work:home", _signed_in, order=9),)
    # Daily reminders, run by `manage.py notices_daily` (one line per part).
    reminders: tuple[str, ...] = (
        "dangjian.work.progress_reminders.item_reminders",
        "dangjian.work.rect_reminders.rectification_reminders",
        "dangjian.work.project_reminders.project_reminders",
    )
    demo = "dangjian.work.demo"
    # Assessment's automatic indicators (lib.indicators).
    indicators = "dangjian.work.indicators"

    @property
    def hub(self) -> tuple[MenuEntry, ...]:
        """The hub page's links (work:home), gathered from each part's `HUB`."""
        from importlib import import_module

        entries: list[MenuEntry] = []
        for part in PARTS:
            entries.extend(import_module(f"dangjian.work.{part}_urls").HUB)
        return tuple(sorted(entries, key=lambda entry: entry.order))
