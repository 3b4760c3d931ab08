"""Writes of 干部讲课: scheduling a lecture, holding it, questions and answers, ratings."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.models import Person, User
from dangjian.orgs.scoping import Action, can, person_id_of
from dangjian.orgs.services import audit_record
from dangjian.study import rules
from dangjian.study.models import Lecture, LectureQuestion, LectureRating

ERRORS = {
    "no_right": _("Only the lecturer or the organization's secretary arranges this lecture."),
    "not_lecturer": _("Only the lecturer answers the questions."),
    "own_lecture": _("You may not rate your own lecture."),
    "not_held": _("A lecture is rated once it has been held."),
    "rating": _("Give a rating from 1 to %(max)s."),
    "empty_question": _("Write the question."),
    "empty_answer": _("Write the answer."),
    "no_person": _("Your account is not linked to a person record."),
}
LECTURE_FIELDS = ("title", "starts_at", "place", "notes", "status")


def _listener(actor: User) -> Person:
    person_id = person_id_of(actor)
    if person_id is None:
        raise PermissionDenied(ERRORS["no_person"])
    return Person.objects.unscoped("the account's own person record").get(pk=person_id)


def _require_arranger(actor: User, lecturer: Person) -> None:
    if person_id_of(actor) != lecturer.pk and not can(actor, Action.CHANGE, lecturer):
        raise PermissionDenied(ERRORS["no_right"])


@transaction.atomic
def lecture_schedule(*, actor: User, lecturer: Person, **fields) -> Lecture:
    """Put a lecture on the calendar: the lecturer themselves or their secretary."""
    _require_arranger(actor, lecturer)
    lecture = Lecture(
        lecturer=lecturer,
        org=lecturer.primary_org,
        created_by=actor,
        **{k: v for k, v in fields.items() if k in LECTURE_FIELDS},
    )
    lecture.full_clean()
    lecture.save()
    audit_record(actor=actor, action="study.lecture.schedule", target=lecture)
    return lecture


@transaction.atomic
def lecture_update(*, actor: User, lecture: Lecture, **fields) -> Lecture:
    _require_arranger(actor, lecture.lecturer)
    stored = Lecture.objects.unscoped("the row being changed, for the audit").get(pk=lecture.pk)
    changes = {}
    for name, value in fields.items():
        if name not in LECTURE_FIELDS:
            raise ValidationError(_("Unknown fields: %(names)s") % {"names": name})
        if getattr(stored, name) != value:
            changes[name] = [str(getattr(stored, name)), str(value)]
        setattr(lecture, name, value)
    lecture.full_clean()
    lecture.save()
    audit_record(actor=actor, action="study.lecture.update", target=lecture, changes=changes)
    return lecture


@transaction.atomic
def question_ask(*, actor: User, lecture: Lecture, question: str) -> LectureQuestion:
    """A listener's question (the caller was allowed to open the lecture)."""
    asker = _listener(actor)
    if not question.strip():
        raise ValidationError({"question": ERRORS["empty_question"]})
    row = LectureQuestion.objects.create(lecture=lecture, asked_by=asker, question=question.strip())
    audit_record(actor=actor, action="study.lecture.question", target=row)
    return row


@transaction.atomic
def question_answer(*, actor: User, question: LectureQuestion, answer: str) -> LectureQuestion:
    if person_id_of(actor) != question.lecture.lecturer_id:
        raise PermissionDenied(ERRORS["not_lecturer"])
    if not answer.strip():
        raise ValidationError({"answer": ERRORS["empty_answer"]})
    question.answer = answer.strip()
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_at"])
    audit_record(actor=actor, action="study.lecture.answer", target=question)
    return question


@transaction.atomic
def lecture_rate(*, actor: User, lecture: Lecture, score: int, comment: str = "") -> LectureRating:
    """A listener rates a held lecture, 1–5; rating again replaces the first."""
    rater = _listener(actor)
    if rater.pk == lecture.lecturer_id:
        raise PermissionDenied(ERRORS["own_lecture"])
    if lecture.status != Lecture.Status.HELD:
        raise ValidationError(ERRORS["not_held"])
    if not isinstance(score, int) or not 1 <= score <= rules.LECTURE_RATING_MAX:
        raise ValidationError({"score": ERRORS["rating"] % {"max": rules.LECTURE_RATING_MAX}})
    row, _created = LectureRating.objects.unscoped("the listener's own rating").update_or_create(
        lecture=lecture, rater=rater, defaults={"score": score, "comment": comment[:300]}
    )
    audit_record(actor=actor, action="study.lecture.rate", target=row, score=score)
    return row
