"""Pages of the exemplar part (honors:exemplar-…), and its links on the hub page."""

from dangjian.lib.navigation import MenuEntry

HUB: tuple[MenuEntry, ...] = ()

urlpatterns: list = []
