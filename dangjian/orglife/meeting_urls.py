"""URLs of the meeting part (filled by that part)."""

urlpatterns: list = []
