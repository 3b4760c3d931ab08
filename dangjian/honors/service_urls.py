"""Pages of the service part (honors:service-…), and its links on the hub page."""

from dangjian.lib.navigation import MenuEntry

HUB: tuple[MenuEntry, ...] = ()

urlpatterns: list = []
