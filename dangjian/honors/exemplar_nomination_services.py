"""Writes of a nomination (推荐): the nominating organization puts forward an organization or
a Party member of its subtree with the deeds (事迹材料), photos (re-encoded by lib.images, with
thumbnails) and documents (.pdf/.docx, checked by their content), within the round's limits;
and withdraws it before the review. Files are written when the row commits (lib.files).
"""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction

from dangjian.honors import rules_exemplar as rules
from dangjian.honors.exemplar_services import ERRORS, _too_long, categories_of, nominee_name
from dangjian.honors.models import (
    ExemplarCategory,
    ExemplarRound,
    Nomination,
    NominationAttachment,
)
from dangjian.lib.docx import DocxError, DocxLimits, DocxTooLarge, docx_read
from dangjian.lib.files import UploadLimits, save_on_commit, upload_errors
from dangjian.lib.images import ImageLimits, clean_image
from dangjian.orgs.models import Organization, PartyStatus, Person, User
from dangjian.orgs.scoping import Action, may_at, person_id_of
from dangjian.orgs.service_base import audit_record, ensure_still_in_scope

PHOTO_LIMITS = ImageLimits(max_bytes=rules.PHOTO_MAX_BYTES)
DOCUMENT_LIMITS = UploadLimits(
    extensions=rules.DOCUMENT_EXTENSIONS,
    max_bytes=rules.DOCUMENT_MAX_BYTES,
    max_files=rules.DOCUMENTS_MAX,
)
# What a real document starts with (a .docx is a zip package, checked further by
# _docx_problem: its parts are there and it unpacks within bounds).
DOCUMENT_MAGIC = {".pdf": (b"%PDF-", "PDF"), ".docx": (b"PK\x03\x04", "Word (.docx)")}
DOCX_PARTS = ("[Content_Types].xml", "word/document.xml")
DOCX_LIMITS = DocxLimits(
    max_unpacked_bytes=rules.DOCX_MAX_UNPACKED_BYTES,
    max_paragraphs=rules.DOCX_MAX_PARAGRAPHS,
    max_chars=rules.DOCX_MAX_CHARS,
)
MEMBER_STATUSES = (PartyStatus.FULL, PartyStatus.PROBATIONARY)


def _check_nominee(
    actor: User,
    org: Organization,
    category: str,
    nominee_org: Organization | None,
    nominee_person: Person | None,
    errors: dict,
) -> None:
    if category == ExemplarCategory.ORG:
        if nominee_org is None:
            errors["nominee_org"] = [ERRORS["nominee_org_missing"]]
        elif not nominee_org.path.startswith(org.path):
            params = {"nominee": nominee_org.name, "org": org.name}
            errors["nominee_org"] = [ValidationError(ERRORS["nominee_org_outside"], params=params)]
        elif not nominee_org.is_active:
            params = {"nominee": nominee_org.name}
            errors["nominee_org"] = [ValidationError(ERRORS["nominee_inactive"], params=params)]
        return
    if nominee_person is None:
        errors["nominee_person"] = [ERRORS["nominee_person_missing"]]
        return
    params = {"nominee": nominee_person.name, "org": org.name}
    if nominee_person.pk == person_id_of(actor):
        problem = ValidationError(ERRORS["self_nomination"], params=params)
    elif not nominee_person.primary_org.path.startswith(org.path):
        problem = ValidationError(ERRORS["nominee_person_outside"], params=params)
    elif nominee_person.party_status not in MEMBER_STATUSES:
        params["status"] = nominee_person.get_party_status_display()
        problem = ValidationError(ERRORS["nominee_not_member"], params=params)
    elif not nominee_person.is_active:
        problem = ValidationError(ERRORS["nominee_inactive"], params=params)
    else:
        return
    errors["nominee_person"] = [problem]


def _check_limits(round_, org, category, nominee_org, nominee_person, errors) -> None:
    live = (
        Nomination.objects.unscoped("the round's limits count every nominating organization")
        .filter(round=round_)
        .exclude(status__in=[Nomination.Status.WITHDRAWN, Nomination.Status.REJECTED])
    )
    count = live.filter(org=org, category=category).count()
    if count >= rules.NOMINATIONS_PER_ORG_AND_CATEGORY:
        params = {
            "org": org.name,
            "count": count,
            "category": ExemplarCategory(category).label,
            "limit": rules.NOMINATIONS_PER_ORG_AND_CATEGORY,
        }
        errors["category"] = [ValidationError(ERRORS["limit"], params=params)]
    nominee = nominee_person if category != ExemplarCategory.ORG else nominee_org
    if nominee is not None:
        field = "nominee_org" if category == ExemplarCategory.ORG else "nominee_person"
        if live.filter(**{field: nominee}).exists():
            errors[field] = [
                ValidationError(ERRORS["nominee_twice"], params={"nominee": nominee.name})
            ]


def _check_texts(deeds: str, summary: str, errors: dict) -> None:
    if len(deeds) < rules.DEEDS_MIN_CHARS:
        params = {"chars": len(deeds), "limit": rules.DEEDS_MIN_CHARS}
        errors["deeds"] = [ValidationError(ERRORS["deeds_short"], params=params)]
    elif len(deeds) > rules.DEEDS_MAX_CHARS:
        errors["deeds"] = [_too_long("deeds_long", deeds, rules.DEEDS_MAX_CHARS)]
    if not summary:
        errors["summary"] = [ERRORS["summary_missing"]]
    elif len(summary) > rules.SUMMARY_MAX_CHARS:
        errors["summary"] = [_too_long("summary_long", summary, rules.SUMMARY_MAX_CHARS)]


def _clean_files(photos: list[File], documents: list[File], errors: dict) -> list:
    """The photos re-encoded (lib.images) and the documents checked; problems by field."""
    cleaned = []
    if len(photos) > rules.PHOTOS_MAX:
        params = {"limit": rules.PHOTOS_MAX, "count": len(photos)}
        errors["photos"] = [ValidationError(ERRORS["photos_many"], params=params)]
    else:
        for photo in photos:
            try:
                cleaned.append(clean_image(photo, PHOTO_LIMITS))
            except ValidationError as error:
                errors.setdefault("photos", []).extend(error.messages)
    problems = upload_errors(documents, DOCUMENT_LIMITS)
    if not problems:
        for document in documents:
            problem = _document_problem(document)
            if problem:
                problems.append(problem)
    if problems:
        errors["documents"] = problems
    return cleaned


def _document_problem(document: File) -> str:
    """What is wrong with an uploaded document's content, or "" (a PDF by its header; a .docx
    as a Word package: its parts present, bounded members, the body read within limits)."""
    name = (document.name or "").rsplit("/", 1)[-1]
    suffix = "." + name.rsplit(".", 1)[-1].lower()
    magic, kind = DOCUMENT_MAGIC[suffix]
    document.seek(0)
    data = document.read()  # at most rules.DOCUMENT_MAX_BYTES (upload_errors)
    document.seek(0)
    not_real = ERRORS["document_content"] % {"name": name, "type": kind}
    if not data.startswith(magic):
        return not_real
    if suffix != ".docx":
        return ""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return not_real
    if not all(part in archive.NameToInfo for part in DOCX_PARTS):
        return not_real
    unpacked = sum(member.file_size for member in members)
    if len(members) > rules.DOCX_MAX_MEMBERS or unpacked > rules.DOCX_MAX_UNPACKED_BYTES:
        return ERRORS["document_unpacked"] % {
            "name": name,
            "limit": rules.DOCX_MAX_UNPACKED_BYTES // (1024 * 1024),
            "members": rules.DOCX_MAX_MEMBERS,
        }
    try:
        docx_read(data, DOCX_LIMITS)
    except DocxTooLarge:
        return ERRORS["document_unpacked"] % {
            "name": name,
            "limit": rules.DOCX_MAX_UNPACKED_BYTES // (1024 * 1024),
            "members": rules.DOCX_MAX_MEMBERS,
        }
    except DocxError:
        return not_real
    return ""


def _locked_round(round_: ExemplarRound) -> ExemplarRound:
    """The round's row locked until the transaction ends: two nominations of one round are
    checked against its limits one after the other (a double submit finds the first)."""
    return (
        ExemplarRound.objects.unscoped("the round whose limits are checked, locked")
        .select_for_update()
        .select_related("org")
        .get(pk=round_.pk)
    )


def nomination_create(
    *,
    actor: User,
    round_: ExemplarRound,
    org: Organization,
    category: str,
    deeds: str,
    summary: str,
    nominee_org: Organization | None = None,
    nominee_person: Person | None = None,
    photos: list[File] | None = None,
    documents: list[File] | None = None,
) -> Nomination:
    """推荐 — `org` (a direct child of the round's committee, CHANGE there) puts forward an
    organization (category org) or a Party member of its subtree, with the deeds."""
    if round_.status != ExemplarRound.Status.NOMINATING:
        params = {"status": round_.get_status_display()}
        raise ValidationError(ValidationError(ERRORS["nominations_closed"], params=params))
    if org.parent_id != round_.org_id:
        params = {"org": org.name, "committee": round_.org.name}
        raise ValidationError(
            {"org": [ValidationError(ERRORS["not_nominating_org"], params=params)]}
        )
    if not may_at(actor, Action.CHANGE, org.path):
        raise PermissionDenied(ERRORS["no_nominate_right"] % {"org": org.name})
    errors: dict[str, list] = {}
    # Files first, outside the lock (re-encoding photos takes a while).
    cleaned = _clean_files(list(photos or []), list(documents or []), errors)
    deeds, summary = (deeds or "").strip(), (summary or "").strip()
    with transaction.atomic():
        locked = _locked_round(round_)
        if locked.status != ExemplarRound.Status.NOMINATING:
            params = {"status": locked.get_status_display()}
            raise ValidationError(ValidationError(ERRORS["nominations_closed"], params=params))
        choices = categories_of(round_.kind)
        if category not in choices:
            labels = ", ".join(str(ExemplarCategory(c).label) for c in choices)
            params = {"choices": labels}
            errors["category"] = [ValidationError(ERRORS["category"], params=params)]
        else:
            if category == ExemplarCategory.ORG:
                nominee_person = None
            else:
                nominee_org = None
            _check_nominee(actor, org, category, nominee_org, nominee_person, errors)
            if "nominee_org" not in errors and "nominee_person" not in errors:
                _check_limits(locked, org, category, nominee_org, nominee_person, errors)
        _check_texts(deeds, summary, errors)
        if errors:
            raise ValidationError(errors)
        nomination = Nomination.objects.create(
            round=round_,
            org=org,
            category=category,
            nominee_org=nominee_org,
            nominee_person=nominee_person,
            deeds=deeds,
            summary=summary,
            created_by=actor,
        )
        _save_attachments(nomination, cleaned, list(documents or []))
        ensure_still_in_scope(actor, nomination)
        audit_record(
            actor=actor,
            action="honors.nomination.create",
            target=nomination,
            round=round_.pk,
            category=category,
            nominee=nominee_name(nomination),
        )
    return nomination


def _save_attachments(nomination: Nomination, photos: list, documents: list[File]) -> None:
    folder = f"nominations/{nomination.round.period:%Y}"
    rows = []
    for number, photo in enumerate(photos, start=1):
        row = NominationAttachment(
            nomination=nomination,
            name=f"photo-{number}{photo.extension}",
            content_type=photo.content_type,
            size=len(photo.content),
        )
        photo.save_on_commit(row.file, row.thumbnail, folder)
        rows.append(row)
    for document in documents:
        name = (document.name or "").rsplit("/", 1)[-1][:200]
        suffix = "." + name.rsplit(".", 1)[-1].lower()
        row = NominationAttachment(
            nomination=nomination,
            name=name,
            content_type="application/pdf"
            if suffix == ".pdf"
            else "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            size=0,
        )
        row.size = save_on_commit(row.file, document, folder)
        rows.append(row)
    NominationAttachment.objects.bulk_create(rows)


def nomination_withdraw(*, actor: User, nomination: Nomination) -> Nomination:
    """The nominating organization takes its nomination back before the review."""
    if not may_at(actor, Action.CHANGE, nomination.org.path):
        raise PermissionDenied(ERRORS["no_nominate_right"] % {"org": nomination.org.name})
    if nomination.status != Nomination.Status.NOMINATED or nomination.round.status not in (
        ExemplarRound.Status.NOMINATING,
        ExemplarRound.Status.REVIEWING,
    ):
        params = {"status": nomination.get_status_display()}
        raise ValidationError(ValidationError(ERRORS["withdraw_state"], params=params))
    with transaction.atomic():
        nomination.status = Nomination.Status.WITHDRAWN
        nomination.save(update_fields=["status"])
        audit_record(actor=actor, action="honors.nomination.withdraw", target=nomination)
    return nomination
