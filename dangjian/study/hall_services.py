"""Writes of the 干训讲堂 (online learning hall): publishing materials, reading records,
downloads, suggestions (留言) and their moderation.

Each service checks who may, validates, writes, audits, and leaves side effects (notices,
removing a replaced file) to run after the commit. Reading heartbeats and downloads are
counted, not audited one by one: the read record is their trace.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.lib.files import save_on_commit
from dangjian.notices.services import notice_send
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, can, person_id_of
from dangjian.orgs.services import audit_record
from dangjian.study import hall_search, hall_selectors, rules
from dangjian.study.models import Material, MaterialCategory, MaterialRead, MaterialTerm, Suggestion

ERRORS = {
    "no_right": _("You may not publish materials for this organization."),
    "empty_title": _("Give the material a title."),
    "empty": _("Write the material's text or attach a file."),
    "too_long": _("The text has %(chars)s characters; at most %(limit)s are accepted."),
    "file_type": _("“%(name)s” cannot be attached: only %(types)s files are accepted."),
    "file_size": _("The file is %(size)s; the limit is %(limit)s."),
    "not_published": _("This material is not published yet."),
    "no_person": _(
        "Your account is not linked to a person record, so you cannot leave a suggestion."
    ),
    "empty_suggestion": _("The suggestion is empty: write a few words."),
    "long_suggestion": _("A suggestion has at most %(limit)s characters."),
    "no_moderation_right": _("You may not moderate suggestions on this material."),
    "moderated": _("This suggestion was already moderated."),
    "decision": _("Choose approve or reject."),
}


def validate_file(upload: File) -> None:
    """Type and size of an attached file, before anything is written."""
    name = Path(upload.name or "").name
    if Path(name).suffix.lower() not in rules.HALL_FILE_EXTENSIONS:
        raise ValidationError(
            {
                "file": ValidationError(
                    ERRORS["file_type"],
                    params={"name": name, "types": " ".join(rules.HALL_FILE_EXTENSIONS)},
                )
            }
        )
    if upload.size > rules.HALL_FILE_MAX_BYTES:
        raise ValidationError(
            {
                "file": ValidationError(
                    ERRORS["file_size"],
                    params={
                        "size": filesizeformat(upload.size),
                        "limit": filesizeformat(rules.HALL_FILE_MAX_BYTES),
                    },
                )
            }
        )


def _validate(title: str, body: str, has_file: bool) -> None:
    errors: dict[str, list] = {}
    if not title.strip():
        errors["title"] = [ERRORS["empty_title"]]
    if len(body) > rules.HALL_BODY_MAX_CHARS:
        params = {"chars": f"{len(body):,}", "limit": f"{rules.HALL_BODY_MAX_CHARS:,}"}
        errors["body"] = [ValidationError(ERRORS["too_long"], params=params)]
    elif not body.strip() and not has_file:
        errors["body"] = [ERRORS["empty"]]
    if errors:
        raise ValidationError(errors)


def _index(material: Material) -> None:
    """Rewrite the material's search terms (hall_search) in the same transaction."""
    text = f"{material.title}\n{material.summary}\n{material.body}"
    material.search_text = hall_search.normalize(text)
    Material.objects.unscoped("the row being saved").filter(pk=material.pk).update(
        search_text=material.search_text
    )
    MaterialTerm.objects.unscoped("the terms of the row being saved").filter(
        material=material
    ).delete()
    MaterialTerm.objects.bulk_create(
        MaterialTerm(material=material, term=term) for term in sorted(hall_search.terms(text))
    )


@transaction.atomic
def material_save(
    *,
    actor: User,
    org: Organization,
    category: MaterialCategory,
    year: int,
    title: str,
    summary: str = "",
    body: str = "",
    upload: File | None = None,
    publish: bool = False,
    material: Material | None = None,
) -> Material:
    """Create or change a material (学习资料); `publish` makes it visible to the subtree."""
    if material is not None and not can(actor, Action.CHANGE, material):
        raise PermissionDenied(ERRORS["no_right"])
    if not can(actor, Action.CHANGE, org):
        raise PermissionDenied(ERRORS["no_right"])
    if upload is not None:
        validate_file(upload)
    material = material or Material(created_by=actor)
    _validate(title, body, has_file=upload is not None or bool(material.file))
    old_file = material.file.name if upload is not None and material.file else ""
    material.org, material.category, material.year = org, category, year
    material.title, material.summary, material.body = title.strip(), summary.strip(), body
    if publish and material.status != Material.Status.PUBLISHED:
        material.status = Material.Status.PUBLISHED
        material.published_at = timezone.now()
    elif not publish:
        material.status = Material.Status.DRAFT
    material.full_clean(exclude=["file"])
    if upload is not None:
        # Named now, written once the row commits (lib.files): a refused or rolled-back save
        # leaves no file behind.
        material.file_name = Path(upload.name).name[:200]
        material.file_size = save_on_commit(material.file, upload, f"materials/{year}")
    created = material.pk is None
    material.save()
    _index(material)
    # netbox's check after writing: the row must still be the actor's to change.
    if not can(actor, Action.CHANGE, material):
        raise PermissionDenied(ERRORS["no_right"])
    audit_record(
        actor=actor,
        action="study.hall.create" if created else "study.hall.change",
        target=material,
        status=material.status,
        file=material.file_name,
    )
    if old_file:
        storage = material.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return material


def _reader(actor: User) -> Person | None:
    person_id = person_id_of(actor)
    if person_id is None:
        return None
    return (
        Person.objects.unscoped("the account's own person record")
        .select_related("primary_org")
        .get(pk=person_id)
    )


def _read_row(person: Person, material: Material) -> MaterialRead:
    """The one row of this person and material, made on first use (races end in a read)."""
    reads = MaterialRead.objects.unscoped("the reader's own record")
    row = reads.filter(material=material, person=person).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return MaterialRead.objects.create(
                material=material,
                person=person,
                org=person.primary_org,
                opened_at=timezone.now(),
            )
    except IntegrityError:
        return reads.get(material=material, person=person)


def material_open(*, actor: User, material: Material) -> MaterialRead | None:
    """Record that the actor opened a published material (accounts without a person: none)."""
    person = _reader(actor)
    if person is None or material.status != Material.Status.PUBLISHED:
        return None
    return _read_row(person, material)


@transaction.atomic
def material_progress(
    *, actor: User, material: Material, seconds: int = 0, finished: bool = False
) -> MaterialRead | None:
    """A heartbeat of the reading page: time spent and, once, "read to the end".

    A beat adds at most HALL_BEAT_MAX_SECONDS, and never more than the time since the last
    beat: a page that sends beats faster, or a script, cannot inflate the time.
    """
    person = _reader(actor)
    if person is None or material.status != Material.Status.PUBLISHED:
        return None
    row = _read_row(person, material)
    row = (
        MaterialRead.objects.unscoped("the reader's own record").select_for_update().get(pk=row.pk)
    )
    now = timezone.now()
    since = now - (row.last_beat_at or row.opened_at)
    elapsed = int(since.total_seconds()) + 1
    added = max(0, min(seconds, rules.HALL_BEAT_MAX_SECONDS, elapsed))
    row.seconds += added
    row.last_beat_at = now
    if finished and row.finished_at is None:
        row.finished_at = now
    row.save(update_fields=["seconds", "last_beat_at", "finished_at"])
    return row


@transaction.atomic
def material_download(*, actor: User, material: Material) -> File:
    """Count a download (on the material, and on the reader's record) and open the file."""
    if not material.file:
        raise Material.DoesNotExist
    Material.objects.unscoped("the row being downloaded").filter(pk=material.pk).update(
        downloads=F("downloads") + 1
    )
    person = _reader(actor)
    if person is not None and material.status == Material.Status.PUBLISHED:
        row = _read_row(person, material)
        MaterialRead.objects.unscoped("the reader's own record").filter(pk=row.pk).update(
            downloads=F("downloads") + 1
        )
    return material.file.open("rb")


@transaction.atomic
def suggestion_create(*, actor: User, material: Material, body: str) -> Suggestion:
    """留言: a member's suggestion, hidden until a moderator approves it."""
    if not hall_selectors.catalogue(actor).filter(pk=material.pk).exists():
        raise Material.DoesNotExist  # out of reach: 404, as for the page
    if material.status != Material.Status.PUBLISHED:
        raise ValidationError(ERRORS["not_published"])
    person = _reader(actor)
    if person is None:
        raise PermissionDenied(ERRORS["no_person"])
    text = body.strip()
    if not text:
        raise ValidationError({"body": ERRORS["empty_suggestion"]})
    if len(text) > rules.HALL_SUGGESTION_MAX_CHARS:
        raise ValidationError(
            {
                "body": ValidationError(
                    ERRORS["long_suggestion"],
                    params={"limit": f"{rules.HALL_SUGGESTION_MAX_CHARS:,}"},
                )
            }
        )
    suggestion = Suggestion(material=material, author=person, body=text)
    suggestion.full_clean()
    suggestion.save()
    audit_record(actor=actor, action="study.hall.suggest", target=suggestion)
    publisher = material.created_by
    if publisher is not None:
        subject = gettext("A suggestion on “%(title)s” waits for moderation") % {
            "title": material.title
        }
        link = reverse("study:hall-detail", args=[material.pk])
        transaction.on_commit(
            lambda: notice_send(
                recipients=[publisher],
                subject=subject,
                link=link,
                key=f"study.hall:{suggestion.pk}",
            )
        )
    return suggestion


@transaction.atomic
def suggestion_moderate(*, actor: User, suggestion: Suggestion, decision: str) -> Suggestion:
    """Approve (shown to every reader) or reject (stays hidden) a pending suggestion."""
    suggestion = (
        Suggestion.objects.unscoped("locked for moderation")
        .select_for_update()
        .select_related("material")
        .get(pk=suggestion.pk)
    )
    if not can(actor, Action.CHANGE, suggestion.material):
        raise PermissionDenied(ERRORS["no_moderation_right"])
    if decision not in (Suggestion.Status.APPROVED, Suggestion.Status.REJECTED):
        raise ValidationError({"decision": ERRORS["decision"]})
    if suggestion.status != Suggestion.Status.PENDING:
        raise ValidationError(ERRORS["moderated"])
    suggestion.status = decision
    suggestion.moderated_by = actor
    suggestion.moderated_at = timezone.now()
    suggestion.save(update_fields=["status", "moderated_by", "moderated_at"])
    audit_record(actor=actor, action=f"study.hall.suggestion.{decision}", target=suggestion)
    return suggestion
