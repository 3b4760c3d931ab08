"""`manage.py check` fails when an org-owned model's scoping paths do not resolve."""

from __future__ import annotations

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from dangjian.orgs.scoping import OrgOwned, ScopedManager


def resolve_path(model: type[models.Model], path: str) -> models.Field:
    """The field at the end of a `a__b__c` lookup path; FieldDoesNotExist when it breaks."""
    field: models.Field | None = None
    current = model
    for part in path.split("__"):
        if part == "pk":
            field = current._meta.pk
            continue
        field = current._meta.get_field(part)
        if field.is_relation:
            current = field.related_model
    if field is None:
        raise FieldDoesNotExist(path)
    return field


@checks.register(checks.Tags.models)
def check_scoped_models(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from dangjian.orgs.models import Organization, Person

    errors: list[checks.CheckMessage] = []
    for model in apps.get_models():
        if not issubclass(model, OrgOwned):
            continue
        label = model._meta.label
        if not isinstance(model._default_manager, ScopedManager):
            errors.append(
                checks.Error(
                    f"{label}: the default manager must be a ScopedManager.",
                    obj=model,
                    id="dangjian.E001",
                )
            )
        try:
            end = resolve_path(model, model.ORG_PATH)
            snapshot = model.ORG_PATH_IS_SNAPSHOT and isinstance(end, models.CharField)
            if not snapshot and (end.model is not Organization or end.name != "path"):
                raise FieldDoesNotExist
        except FieldDoesNotExist:
            errors.append(
                checks.Error(
                    f"{label}.ORG_PATH = {model.ORG_PATH!r} does not lead to Organization.path.",
                    obj=model,
                    id="dangjian.E002",
                )
            )
        if model.SELF_PATH is None:  # owned by no person: see OrgOwned
            continue
        try:
            end = resolve_path(model, model.SELF_PATH)
            target = end.related_model if end.is_relation else end.model
            if target is not Person:
                raise FieldDoesNotExist
        except FieldDoesNotExist:
            errors.append(
                checks.Error(
                    f"{label}.SELF_PATH = {model.SELF_PATH!r} does not lead to a Person.",
                    obj=model,
                    id="dangjian.E003",
                )
            )
    return errors
