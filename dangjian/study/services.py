"""Writes of the study system: notes (drafts, submissions, versions) and their reviews.

Each service checks who may, validates, writes, audits, and leaves side effects (the
originality check, notices) to run after the commit.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.notices.services import notice_send
from dangjian.orgs.models import Person, User
from dangjian.orgs.scoping import Action, can, person_id_of
from dangjian.orgs.services import audit_record
from dangjian.originality import limits
from dangjian.originality import services as originality
from dangjian.study import rules, selectors
from dangjian.study.models import (
    EventParticipant,
    Note,
    NoteReview,
    NoteVersion,
    Reading,
    StudyEvent,
)

ERRORS = {
    "no_person": _(
        "Your account is not linked to a person record, so you have no study notes. "
        "Ask your organization's secretary to link it."
    ),
    "empty": _("The note is empty: write some text before submitting it."),
    "empty_title": _("Give the note a title."),
    "too_long": _("The note has %(chars)s characters; at most %(limit)s are accepted."),
    "not_author": _("Only the author may change or submit this note."),
    "not_editable": _("This note is %(status)s: it can no longer be changed."),
    "not_submittable": _("This note is %(status)s: only a draft or a returned note is submitted."),
    "reading": _("This reading is not assigned to your organization."),
    "not_participant": _("You did not take part in this event."),
    "own_note": _("You may not review your own note."),
    "not_reviewable": _("This note is %(status)s: only a submitted note is reviewed."),
    "no_review_right": _("You may not review notes of this organization."),
    "grade_needed": _("Choose a grade to approve the note."),
    "comment_needed": _("Say what to revise: a returned note needs a comment."),
}


def author_of(actor: User) -> Person:
    """The person record of the account: notes belong to people, not to accounts."""
    person_id = person_id_of(actor)
    if person_id is None:
        raise PermissionDenied(ERRORS["no_person"])
    return (
        Person.objects.unscoped("the account's own person record")
        .select_related("primary_org")
        .get(pk=person_id)
    )


def _validate_text(title: str, body: str, *, require_body: bool) -> None:
    errors: dict[str, list] = {}
    if not title.strip():
        errors["title"] = [ERRORS["empty_title"]]
    if len(body) > rules.NOTE_MAX_CHARS:
        errors["body"] = [
            ValidationError(
                ERRORS["too_long"],
                params={"chars": f"{len(body):,}", "limit": f"{rules.NOTE_MAX_CHARS:,}"},
            )
        ]
    elif require_body and rules.countable_chars(body) == 0:
        errors["body"] = [ERRORS["empty"]]
    if errors:
        raise ValidationError(errors)


def _validate_reading(author: Person, reading: Reading | None) -> None:
    if reading is None:
        return
    year = timezone.localdate().year
    if not selectors.readings_for(author, year).filter(pk=reading.pk).exists():
        raise ValidationError({"reading": ERRORS["reading"]})


def _require_author(actor: User, note: Note) -> None:
    if person_id_of(actor) != note.author_id:
        raise PermissionDenied(ERRORS["not_author"])


def _require_editable(note: Note) -> None:
    if not note.editable:
        raise ValidationError(ERRORS["not_editable"] % {"status": note.get_status_display()})


@transaction.atomic
def note_create(
    *,
    actor: User,
    title: str,
    body: str,
    kind: str = Note.Kind.NOTE,
    reading: Reading | None = None,
    event: StudyEvent | None = None,
) -> Note:
    """Start a note as a draft of the actor's own (the first autosave, or the API's POST);
    a reflection on a study trip names the event, which the author must have taken part in."""
    author = author_of(actor)
    _validate_text(title, body, require_body=True)
    _validate_reading(author, reading)
    if event is not None and not (
        EventParticipant.objects.unscoped("the author's own participation")
        .filter(event=event, person=author)
        .exists()
    ):
        raise ValidationError({"event": ERRORS["not_participant"]})
    note = Note(
        author=author,
        org=author.primary_org,
        kind=kind,
        reading=reading,
        event=event,
        title=title.strip(),
        body=body,
        char_count=rules.countable_chars(body),
    )
    note.full_clean()
    note.save()
    audit_record(actor=actor, action="study.note.create", target=note, kind=kind)
    return note


@transaction.atomic
def note_update(
    *,
    actor: User,
    note: Note,
    title: str,
    body: str,
    kind: str | None = None,
    reading: Reading | bool | None = False,
) -> Note:
    """Save the draft (autosave and the edit form). `reading=False` keeps the reading.

    Autosaves are not audited one by one: the versions are the record of what was handed in.
    """
    _require_author(actor, note)
    _require_editable(note)
    _validate_text(title, body, require_body=False)
    if reading is not False:
        _validate_reading(note.author, reading)
        note.reading = reading
    note.title = title.strip()
    note.body = body
    note.char_count = rules.countable_chars(body)
    if kind is not None:
        note.kind = kind
    note.full_clean()
    note.save()
    return note


def _month_of(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date().replace(day=1)


def note_submit(*, actor: User, note: Note) -> NoteVersion:
    """Hand the note in: freeze it as a new version and queue its originality check.

    The check runs against the corpus and everyone's earlier notes; the author's own earlier
    versions are marked as theirs (本人文献), so a revision is not "copied from itself".
    A submit is an originality check, so the checks' bounds apply (so many an hour, no run of
    probing texts — originality.limits); they are checked, and a refusal audited, before the
    transaction that files the version.
    """
    _require_author(actor, note)
    limits.check_allowed(actor=actor, org=note.org, text=note.body)
    return _note_submit(actor=actor, note=note)


@transaction.atomic
def _note_submit(*, actor: User, note: Note) -> NoteVersion:
    note = (
        Note.objects.unscoped("locked for the author's own submit")
        .select_for_update()
        .get(pk=note.pk)
    )
    _require_author(actor, note)
    if not note.editable:
        raise ValidationError(ERRORS["not_submittable"] % {"status": note.get_status_display()})
    _validate_text(note.title, note.body, require_body=True)
    number = (
        NoteVersion.objects.unscoped("numbering the note's versions").filter(note=note).count() + 1
    )
    check = originality.author_text_check(
        actor=actor,
        org=note.org,
        author=note.author,
        title=f"{note.title}（第{number}稿）" if number > 1 else note.title,
        text=note.body,
    )
    version = NoteVersion.objects.create(
        note=note,
        number=number,
        title=note.title,
        body=note.body,
        char_count=note.char_count,
        originality_check=check,
    )
    now = timezone.now()
    note.latest_version = version
    note.status = Note.Status.SUBMITTED
    note.submitted_at = now
    note.month = note.month or _month_of(now)
    note.save(update_fields=["latest_version", "status", "submitted_at", "month", "updated_at"])
    audit_record(actor=actor, action="study.note.submit", target=note, version=number)
    return version


@transaction.atomic
def note_review(
    *, actor: User, note: Note, decision: str, grade: str = "", comment: str = ""
) -> NoteReview:
    """月度检查: approve with a grade, or return with a comment (the author is told)."""
    note = Note.objects.unscoped("locked for review").select_for_update().get(pk=note.pk)
    if not can(actor, Action.REVIEW, note):
        if can(actor, Action.VIEW, note) or person_id_of(actor) == note.author_id:
            raise PermissionDenied(ERRORS["no_review_right"])
        raise Note.DoesNotExist  # out of reach: 404, as for a page
    if person_id_of(actor) == note.author_id:
        raise PermissionDenied(ERRORS["own_note"])
    if note.status != Note.Status.SUBMITTED:
        raise ValidationError(ERRORS["not_reviewable"] % {"status": note.get_status_display()})
    errors = {}
    if decision not in NoteReview.Decision.values:
        errors["decision"] = [_("Choose approve or return.")]
    if grade and grade not in Note.Grade.values:
        errors["grade"] = [_("Choose one of the grades.")]
    if decision == NoteReview.Decision.APPROVE and not grade:
        errors["grade"] = [ERRORS["grade_needed"]]
    if decision == NoteReview.Decision.RETURN and not comment.strip():
        errors["comment"] = [ERRORS["comment_needed"]]
    if errors:
        raise ValidationError(errors)
    review = NoteReview.objects.create(
        note=note,
        version=note.latest_version,
        reviewer=actor,
        decision=decision,
        grade=grade,
        comment=comment.strip(),
    )
    if decision == NoteReview.Decision.APPROVE:
        note.status = Note.Status.APPROVED
        note.grade = grade
    else:
        note.status = Note.Status.RETURNED
        note.grade = grade
    note.save(update_fields=["status", "grade", "updated_at"])
    audit_record(
        actor=actor, action=f"study.note.{decision}", target=note, grade=grade, comment=comment
    )
    author_account = note.author.user
    if author_account is not None:
        subject = (
            gettext("Your note “%(title)s” was returned for revision")
            if decision == NoteReview.Decision.RETURN
            else gettext("Your note “%(title)s” was approved")
        ) % {"title": note.title}
        link = reverse("study:note-detail", args=[note.pk])
        transaction.on_commit(
            lambda: notice_send(
                recipients=[author_account],
                subject=subject,
                body=comment.strip(),
                link=link,
                key=f"study.review:{review.pk}",
            )
        )
    return review
