"""Suite-wide test settings."""


def pytest_configure(config) -> None:
    # textreuse's tests also run alone, without Django (pytest textreuse -p no:django).
    if not config.pluginmanager.hasplugin("django"):
        return
    from django.conf import settings

    # The default hasher is slow on purpose; tests hash dozens of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
