"""发展党员's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py).

The person is person_a of village A1 (member_a's own record): A's chain sees and records,
the member sees their own record read-only, township B's people get 404 whatever the method.
The pipeline and alerts cover a subtree: everyone with an organization-wide role, not members.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone


def _document(county) -> int:
    """A document attached to person_a's record (archived: person_a is a full member)."""
    from django.test import TestCase

    from dangjian.orglife import development_services as services
    from dangjian.orglife.models import DevelopmentDocument

    # The file is written once the step commits: run the test transaction's commit hooks.
    with TestCase.captureOnCommitCallbacks(execute=True):
        row = services.step_record(
            actor=county.secretary_a,
            person=county.person_a,
            step="archive",
            date=timezone.localdate(),
            documents=[SimpleUploadedFile("归档清单.pdf", b"%PDF-1.4")],
        )

    return DevelopmentDocument.objects.unscoped("test").get(step=row).pk


def _step(county) -> dict:
    return {"step": "archive", "date": timezone.localdate().isoformat(), "note": "材料归档"}


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import (
        A_CHANGE,
        A_CHANGED,
        A_VIEW,
        A_WRITERS,
        Case,
        api,
        every,
    )

    subtree = every(200) | {"member_a": 403}

    def person(name, *extra):
        return lambda c: reverse(name, args=[c.person_a.pk, *extra])

    return [
        Case(
            "orglife:development-pipeline",
            lambda c: reverse("orglife:development-pipeline"),
            subtree,
        ),
        Case(
            "orglife:development-alerts", lambda c: reverse("orglife:development-alerts"), subtree
        ),
        Case("orglife:development-person", person("orglife:development-person"), A_VIEW),
        Case(
            "orglife:development-step-add",
            person("orglife:development-step-add"),
            every(405),
            post=A_CHANGED,
            payload=_step,
            writers=A_WRITERS,
            why="a step is recorded by a POST from the person's record",
        ),
        Case(
            "orglife:development-form",
            person("orglife:development-form", "pre_review"),
            A_CHANGE,
        ),
        Case(
            "orglife:development-document",
            lambda c: reverse("orglife:development-document", args=[_document(c)]),
            A_VIEW,
        ),
        Case(
            "api:orglife-development-detail",
            person("api:orglife-development-detail"),
            api(A_VIEW),
            post=api(every(405)),
            why="steps are recorded through /advance",
        ),
        Case(
            "api:orglife-development-advance",
            person("api:orglife-development-advance"),
            api(every(405)),
            post=api(A_CHANGE | {"superuser": 201, "dept_admin": 201, "secretary_a": 201}),
            payload=_step,
            writers=A_WRITERS,
            json=True,
            why="advance is a POST",
        ),
    ]
