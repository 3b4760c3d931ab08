"""Pages of the post part (honors:post-…), and its links on the hub page."""

from dangjian.lib.navigation import MenuEntry

HUB: tuple[MenuEntry, ...] = ()

urlpatterns: list = []
