"""URLs of the dues part (filled by that part)."""

urlpatterns: list = []
