from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OriginalityConfig(AppConfig):
    name = "dangjian.originality"
    label = "originality"
    verbose_name = _("Originality check")
