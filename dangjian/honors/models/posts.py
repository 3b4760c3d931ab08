"""设岗定责 / 党员示范岗 — posts with defined duties held by members; demonstration posts are
shown publicly with the member and the duties."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import OrgOwned

__all__ = ["Post"]


class Post(OrgOwned):
    """岗位 — a post of an organization, its duties, and the member who holds it (none while
    vacant). `demonstration` marks a 党员示范岗, shown on the organization's public page."""

    ORG_PATH = "org__path"
    SELF_PATH = "person"

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("post"), max_length=80)
    duties = models.TextField(_("duties"))
    person = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    demonstration = models.BooleanField(_("demonstration post (党员示范岗)"), default=False)
    since = models.DateField(_("held since"), null=True, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
