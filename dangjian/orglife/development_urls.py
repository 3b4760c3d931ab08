"""URLs of the development part (filled by that part)."""

urlpatterns: list = []
