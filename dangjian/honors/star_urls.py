"""Pages of the star part (honors:star-…), and its links on the hub page."""

from dangjian.lib.navigation import MenuEntry

HUB: tuple[MenuEntry, ...] = ()

urlpatterns: list = []
