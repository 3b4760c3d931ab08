"""Pages of the commitment part (honors:commitment-…), and its links on the hub page."""

from dangjian.lib.navigation import MenuEntry

HUB: tuple[MenuEntry, ...] = ()

urlpatterns: list = []
