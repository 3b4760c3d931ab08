"""URLs of the transfer part (filled by that part)."""

urlpatterns: list = []
