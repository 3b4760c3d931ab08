"""Writes of the originality check: the reference corpus, submissions, checks.

This is the service the study system calls: `submission_create(..., index_it=True)` files a
note and adds it to the index, `check_request` checks it in the background.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dangjian.lib.db import analyze
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, can
from dangjian.orgs.services import audit_record
from dangjian.originality import index, limits, rules
from dangjian.originality import parts as doc_parts
from dangjian.originality.models import Check, SourceDocument, Submission
from textreuse import DocumentInput, normalize, strip_boilerplate
from textreuse.loaders import SourceText, first_line
from textreuse.winnow import content_hash

ERRORS = {
    "empty": _("The text is empty: there is nothing to check."),
    "too_long": _("The text has %(chars)s characters; at most %(limit)s can be checked."),
    "no_matching_chars": _("The text has no Chinese characters, letters or digits to compare."),
    "org_out_of_scope": _("You may not file texts for this organization."),
    "no_review_right": _("You may not check texts of this organization."),
    "not_the_author": _("Only the author may file their own text for checking."),
    "author_out_of_scope": _("You may not name this person as the author."),
}
CORPUS_BATCH = 200
REF_MAX = SourceDocument._meta.get_field("ref").max_length


def owner_key(person: Person | None) -> str | None:
    """The engine's owner mark: a person's earlier texts count as their own (本人文献)."""
    return f"person:{person.pk}" if person is not None else None


def submission_ref(submission: Submission) -> str:
    return f"submission:{submission.pk}"


def validate_text(text: str) -> str:
    if not text.strip():
        raise ValidationError({"text": ERRORS["empty"]})
    if len(text) > rules.MAX_TEXT_CHARS:
        raise ValidationError(
            {
                "text": ERRORS["too_long"]
                % {"chars": f"{len(text):,}", "limit": f"{rules.MAX_TEXT_CHARS:,}"}
            }
        )
    if not normalize(text).text:
        raise ValidationError({"text": ERRORS["no_matching_chars"]})
    return text


@dataclass
class CorpusImportCounts:
    added: int = 0
    duplicates: int = 0
    empty: int = 0
    chars: int = 0
    removed_lines: int = 0


def corpus_import(
    sources: Iterable[SourceText], progress: Callable[[int], None] | None = None
) -> CorpusImportCounts:
    """Strip boilerplate, skip texts already in the corpus, store and index the rest."""
    counts = CorpusImportCounts()
    batch: list[SourceDocument] = []
    seen: set[int] = set(SourceDocument.objects.values_list("content_hash", flat=True))
    seen_refs: set[str] = set(SourceDocument.objects.values_list("ref", flat=True))
    for source in sources:
        ref = source.ref[:REF_MAX]
        stripped = strip_boilerplate(source.text)
        norm = normalize(stripped.text)
        if not norm.text:
            counts.empty += 1
        else:
            digest = content_hash(norm.text)
            if digest in seen or ref in seen_refs:
                # Same text, or a reference already taken (scraped data repeats URLs): the
                # corpus keeps the first; `originality_reindex` never sees two of one ref.
                counts.duplicates += 1
            else:
                seen.add(digest)
                seen_refs.add(ref)
                batch.append(
                    SourceDocument(
                        ref=ref,
                        title=(source.title or first_line(stripped.text))[:300],
                        site=source.site[:200],
                        url=source.url[:500],
                        text=stripped.text,
                        content_hash=digest,
                        chars=len(norm),
                        stripped=[r.to_dict() for r in stripped.removed],
                    )
                )
                counts.added += 1
                counts.chars += len(norm)
                counts.removed_lines += len(stripped.removed)
        if len(batch) >= CORPUS_BATCH:
            _store_corpus_batch(batch)
            batch = []
        if progress:
            progress(1)
    if batch:
        _store_corpus_batch(batch)
    analyze(SourceDocument)
    return counts


@transaction.atomic
def _store_corpus_batch(docs: list[SourceDocument]) -> None:
    SourceDocument.objects.bulk_create(docs)
    index.engine().add_many(
        DocumentInput(ref=d.ref, text=d.text, title=d.title, site=d.site, url=d.url) for d in docs
    )


def corpus_reindex(progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from the database (corpus and indexed submissions).

    The new index is built beside the live one and swapped in at the end (Engine.rebuild),
    so checks that run meanwhile are answered from the complete old index, never a half-built
    one."""
    docs = SourceDocument.objects.order_by("pk").iterator(chunk_size=CORPUS_BATCH)
    notes = (
        Submission.objects.unscoped("the index holds every organization's indexed notes")
        .exclude(index_ref="")
        .select_related("org", "author")
        .order_by("pk")
        .iterator(chunk_size=CORPUS_BATCH)
    )
    inputs = itertools.chain(
        (
            DocumentInput(ref=d.ref, text=d.text, title=d.title, site=d.site, url=d.url)
            for d in docs
        ),
        (_submission_input(submission) for submission in notes),
    )
    return index.engine().rebuild(inputs, progress=progress)


@transaction.atomic
def submission_create(
    *,
    actor: User,
    org: Organization,
    title: str,
    text: str,
    author: Person | None = None,
    kind: str = Submission.Kind.PASTED,
    filename: str = "",
    parts: list[dict] | None = None,
    index_it: bool = False,
) -> Submission:
    """File a text for checking; with `index_it`, later texts are checked against it too."""
    if not can(actor, Action.VIEW, org):
        raise PermissionDenied(ERRORS["org_out_of_scope"])
    if author is not None and not can(actor, Action.VIEW, author):
        raise PermissionDenied(ERRORS["author_out_of_scope"])
    return _submission_store(
        actor=actor,
        org=org,
        title=title,
        text=text,
        author=author,
        kind=kind,
        filename=filename,
        parts=parts or [],
        index_it=index_it,
    )


def _submission_store(
    *,
    actor: User,
    org: Organization,
    title: str,
    text: str,
    author: Person | None,
    kind: str,
    filename: str,
    index_it: bool,
    parts: list[dict] | None = None,
) -> Submission:
    """Validate, store, audit (and index after the commit) a text whose filing was allowed."""
    validate_text(text)
    submission = Submission(
        kind=kind,
        title=title.strip()[:200] or text.strip()[:30],
        text=text,
        org=org,
        author=author,
        submitted_by=actor,
        filename=filename[:200],
        parts=parts or [],
    )
    submission.full_clean()
    submission.save()
    if index_it:
        submission.index_ref = submission_ref(submission)
        submission.save(update_fields=["index_ref"])
        # The index is another store: it is written only once the row is committed, so a
        # rolled-back submission never becomes a source of later reports.
        transaction.on_commit(lambda: _index_submission(submission))
    audit_record(actor=actor, action="originality.submission.create", target=submission)
    return submission


def _submission_input(submission: Submission) -> DocumentInput:
    return DocumentInput(
        ref=submission.index_ref,
        text=submission.text,
        title=submission.title,
        site=submission.org.name,
        owner=owner_key(submission.author),
    )


def _index_submission(submission: Submission) -> None:
    note = _submission_input(submission)
    index.engine().add(note.ref, note.text, title=note.title, site=note.site, owner=note.owner)


@transaction.atomic
def check_request(*, actor: User, submission: Submission) -> Check:
    """Queue a check; the report is written by the `run_check` task."""
    from dangjian.originality.tasks import run_check

    if not can(actor, Action.REVIEW, submission):
        if can(actor, Action.VIEW, submission):
            raise PermissionDenied(ERRORS["no_review_right"])
        raise Submission.DoesNotExist  # out of reach: the caller answers 404, as for a page
    check = Check.objects.create(submission=submission, requested_by=actor)
    audit_record(actor=actor, action="originality.check.request", target=check)
    transaction.on_commit(lambda: run_check.enqueue(check.pk))
    return check


def text_check(
    *,
    actor: User,
    org: Organization,
    title: str,
    text: str,
    author: Person | None = None,
    filename: str = "",
    parts: list[dict] | None = None,
) -> Check:
    """File a reviewer's text and queue its check (the check page and the API).

    Within the actor's hourly number of checks, and not part of a probing run
    (limits.check_allowed raises CheckRefused, audited, with nothing filed)."""
    if not can(actor, Action.VIEW, org):
        raise PermissionDenied(ERRORS["org_out_of_scope"])
    limits.check_allowed(actor=actor, org=org, text=text)
    with transaction.atomic():
        submission = submission_create(
            actor=actor,
            org=org,
            title=title,
            text=text,
            author=author,
            filename=filename,
            parts=parts,
        )
        return check_request(actor=actor, submission=submission)


def check_run(check: Check) -> Check:
    """Compare the submission with the index and store the report (called by the task)."""
    check.mark_running()
    submission = check.submission
    exclude = [submission.index_ref] if submission.index_ref else []
    try:
        engine = index.engine()
        report = engine.check(
            submission.text, owner=owner_key(submission.author), exclude_refs=exclude
        ).to_dict()
        # The corpus as it was when checked: the 简洁报告 names its size.
        report["corpus_documents"] = len(engine)
        doc_parts.annotate(report, submission.text, submission.parts)
    except Exception as exc:  # the check failed: say so on the page rather than spin forever
        check.mark_failed(str(exc))
        raise
    check.mark_done(
        report=report,
        **{field: report[field] for field in REPORT_FIGURES},
    )
    return check


# The report's figures that are also columns of Check, for lists and sorting.
REPORT_FIGURES = (
    "total_ratio",
    "ratio_excluding_quotes",
    "ratio_excluding_own",
    "max_single_source_ratio",
    "copied_chars",
    "total_chars",
)


@transaction.atomic
def author_text_check(
    *, actor: User, org: Organization, author: Person, title: str, text: str
) -> Check:
    """File an author's own text (a study note) in the index and queue its check.

    Called by the study system when a member submits a note: the author may have their own
    text checked without the review right, and it joins the index so that later texts — the
    author's next version included, as 本人文献 — are checked against it."""
    from dangjian.orgs.scoping import person_id_of
    from dangjian.originality.tasks import run_check

    if person_id_of(actor) != author.pk:
        raise PermissionDenied(ERRORS["not_the_author"])
    # Filed under the note's organization though a member without a role does not "see"
    # it: the right to file comes from being the author, checked above.
    submission = _submission_store(
        actor=actor,
        org=org,
        title=title,
        text=text,
        author=author,
        kind=Submission.Kind.NOTE,
        filename="",
        index_it=True,
    )
    check = Check.objects.create(submission=submission, requested_by=actor)
    audit_record(actor=actor, action="originality.check.request", target=check)
    transaction.on_commit(lambda: run_check.enqueue(check.pk))
    return check
