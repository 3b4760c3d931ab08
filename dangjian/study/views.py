"""Pages of the study system: the member's home, notes, the monthly review and its status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.lib.forms import attach_errors
from dangjian.lib.http import whole_number
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.scoping import Action, can, may, person_id_of
from dangjian.originality import limits
from dangjian.study import progress, rules, selectors, services
from dangjian.study.forms import AutosaveForm, NoteForm, ReviewForm
from dangjian.study.models import Note
from dangjian.study.sessions_selectors import next_session


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """我的学习 — what a member sees first: this month's tasks, notes and results."""
    today = timezone.localdate()
    month = today.replace(day=1)
    context = {"month": month, "person": None, "may_review": may(request.user, Action.REVIEW)}
    if person_id_of(request.user) is not None:
        person = services.author_of(request.user)
        (row,) = progress.member_progress([progress.member_of(person)], month)
        context |= {
            "person": person,
            "row": row,
            "readings": selectors.readings_for(person, today.year).filter(month=today.month),
            "notes": selectors.own_notes(request.user)[:10],
            "flag_ratio": selectors.flag_ratio(),
            "next_session": next_session(request.user),
        }
    return render(request, "study/home.html", context)


def home_panel(request: HttpRequest) -> str | None:
    """The study panel of the home page: a member's month at a glance, a reviewer's queue."""
    from django.template.loader import render_to_string

    month = timezone.localdate().replace(day=1)
    context: dict = {"month": month}
    if person_id_of(request.user) is not None:
        person = services.author_of(request.user)
        (context["row"],) = progress.member_progress([progress.member_of(person)], month)
    if may(request.user, Action.REVIEW):
        context["waiting"] = selectors.review_queue(request.user, month).count()
    if len(context) == 1:
        return None
    return render_to_string("study/home_panel.html", context, request=request)


@require_safe
def note_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.own_notes(request.user), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "study/note_list.html", {"page": page, "flag_ratio": selectors.flag_ratio()}
    )


def _readings(request: HttpRequest):
    person = services.author_of(request.user)
    return selectors.readings_for(person, timezone.localdate().year)


@require_http_methods(["GET", "POST"])
def note_new(request: HttpRequest) -> HttpResponse:
    readings = _readings(request)
    kind = request.GET.get("kind", Note.Kind.NOTE)
    kind = kind if kind in Note.Kind.values else Note.Kind.NOTE
    title = f"{Note.Kind(kind).label} {timezone.localdate().isoformat()}"
    reading = whole_number(request.GET.get("reading"))
    if reading is not None and not readings.filter(pk=reading).exists():
        reading = None
    event_id = whole_number(request.GET.get("event"))
    form = NoteForm(
        request.POST or None,
        request.FILES or None,
        readings=readings,
        initial={
            "kind": kind,
            "title": title,
            "reading": reading,
            "event": event_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = None
        if data.get("event"):
            from dangjian.study.event_selectors import event_get

            event = event_get(request.user, data["event"])
        try:
            note = services.note_create(
                actor=request.user,
                title=data["title"],
                body=data["body"],
                kind=data["kind"],
                reading=data["reading"],
                event=event,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if request.headers.get("X-Autosave"):
                return _autosaved(note, created=True)
            return redirect("study:note-edit", pk=note.pk)
    if request.method == "POST" and request.headers.get("X-Autosave"):
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _autosave_status(request, message, status=400)
    return render(request, "study/note_form.html", {"form": form, "note": None})


def _autosave_status(request: HttpRequest | None, message: str, status: int) -> HttpResponse:
    return render(
        request,
        "study/autosave_status.html",
        {"message": message, "ok": status < 300},
        status=status,
    )


def _autosaved(note: Note, *, created: bool = False) -> HttpResponse:
    message = _("Draft saved at %(time)s · %(chars)s characters") % {
        "time": timezone.localtime().strftime("%H:%M:%S"),
        "chars": f"{note.char_count:,}",
    }
    response = _autosave_status(None, message, status=201 if created else 200)
    if created:
        response["X-Autosave-Url"] = reverse("study:note-autosave", args=[note.pk])
        response["X-Edit-Url"] = reverse("study:note-edit", args=[note.pk])
    return response


def _own_editable(request: HttpRequest, pk: int) -> Note:
    note = selectors.note_get(request.user, pk)
    if note.author_id != person_id_of(request.user):
        raise PermissionDenied(services.ERRORS["not_author"])
    return note


@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = _own_editable(request, pk)
    if not note.editable:
        return redirect("study:note-detail", pk=note.pk)
    initial = {
        "title": note.title,
        "kind": note.kind,
        "reading": note.reading_id,
        "body": note.body,
    }
    form = NoteForm(
        request.POST or None, request.FILES or None, readings=_readings(request), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.note_update(
                actor=request.user,
                note=note,
                title=data["title"],
                body=data["body"],
                kind=data["kind"],
                reading=data["reading"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if "submit" in request.POST:
                return note_submit(request, pk)
            messages.success(request, _("Draft saved."))
            return redirect("study:note-edit", pk=note.pk)
    return render(request, "study/note_form.html", {"form": form, "note": note})


@require_POST
def note_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor's autosave: title and text of the draft, answered with a one-line status."""
    note = _own_editable(request, pk)
    form = AutosaveForm(request.POST)
    if not note.editable:
        return _autosave_status(request, _("This note can no longer be changed."), status=409)
    if not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _autosave_status(request, message, status=400)
    try:
        services.note_update(
            actor=request.user,
            note=note,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )
    except ValidationError as error:
        return _autosave_status(request, " ".join(error.messages), status=400)
    return _autosaved(note)


@require_POST
def note_submit(request: HttpRequest, pk: int) -> HttpResponse:
    note = _own_editable(request, pk)
    try:
        services.note_submit(actor=request.user, note=note)
    except limits.CheckRefused as refused:
        messages.error(request, str(refused))
        return redirect("study:note-edit", pk=note.pk)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        target = "study:note-edit" if note.editable else "study:note-detail"
        return redirect(target, pk=note.pk)
    messages.success(request, _("Submitted. The originality check runs now."))
    return redirect("study:note-detail", pk=note.pk)


@require_safe
def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    note = selectors.note_get(request.user, pk)
    own = note.author_id == person_id_of(request.user)
    context = {
        "note": note,
        "own": own,
        "versions": selectors.versions_of(note),
        "reviews": selectors.reviews_of(note),
        "flag_ratio": selectors.flag_ratio(),
        "may_review": not own
        and note.status == Note.Status.SUBMITTED
        and can(request.user, Action.REVIEW, note),
    }
    return render(request, "study/note_detail.html", context)


@require_http_methods(["GET", "POST"])
def note_review(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_reviewer(request.user)
    note = selectors.note_get(request.user, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_review(actor=request.user, note=note, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Review saved."))
            month = note.month.strftime("%Y-%m") if note.month else ""
            return redirect(f"{reverse('study:review-queue')}?month={month}")
    elif request.method == "GET":
        if note.author_id == person_id_of(request.user):
            raise PermissionDenied(services.ERRORS["own_note"])
        if not can(request.user, Action.REVIEW, note):
            raise PermissionDenied(services.ERRORS["no_review_right"])
    context = {
        "note": note,
        "form": form,
        "versions": selectors.versions_of(note),
        "flag_ratio": selectors.flag_ratio(),
    }
    return render(request, "study/note_review.html", context)


@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    month = selectors.parse_month(request.GET.get("month"), timezone.localdate())
    queue = selectors.review_queue(request.user, month)
    page = Paginator(queue, rules.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "month": month,
        "flag_ratio": selectors.flag_ratio(),
        "earlier": selectors.waiting_from_earlier_months(request.user, month),
    }
    return render(request, "study/review_queue.html", context)


STATUS_TABS = {
    "missing": gettext_lazy("Not handed in"),
    "under": gettext_lazy("Under the character target"),
    "returned": gettext_lazy("Returned, not handed in again"),
    "all": gettext_lazy("Everyone"),
}


@require_safe
def month_status(request: HttpRequest) -> HttpResponse:
    """Per organization and month: who has not handed in, who is under the character target,
    which notes were returned and not handed in again."""
    selectors.require_reviewer(request.user)
    month = selectors.parse_month(request.GET.get("month"), timezone.localdate())
    orgs = selectors.reviewable_orgs(request.user)
    if request.GET.get("org"):
        org = org_selectors.org_get(request.user, _int_or_404(request.GET["org"]), Action.REVIEW)
    else:
        org = orgs.order_by("depth", "path").first()
    rows = []
    if org is not None:
        people = progress.members(progress.people_in(request.user, org))
        rows = progress.member_progress(people, month, within=org)
    show = request.GET.get("show") if request.GET.get("show") in STATUS_TABS else "missing"
    shown = {
        "missing": [row for row in rows if not row.handed_in],
        "under": [row for row in rows if row.under_target],
        "returned": [row for row in rows if row.returned_open],
        "all": rows,
    }[show]
    page = Paginator(shown, rules.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "org": org,
        "month": month,
        "show": show,
        "page": page,
        "completion": progress.org_completion(rows),
        "tabs": STATUS_TABS.items(),
        "org_choices": orgs.order_by("path").only("pk", "name", "depth")[:500],
    }
    return render(request, "study/month_status.html", context)


def _int_or_404(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404("bad id") from None
