"""HTTP API of the study system: a member's notes, the monthly review, progress.

The same services and selectors as the pages: a note is written, submitted and reviewed
through `study.services`, read through `study.selectors`.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.lib.api import ID_PATH, StrictSerializer
from dangjian.lib.http import whole_number
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.scoping import Action
from dangjian.originality import limits
from dangjian.originality import selectors as originality_selectors
from dangjian.originality.services import REPORT_FIGURES
from dangjian.study import progress, rules, selectors, services
from dangjian.study.models import Note, NoteReview

MONTH = OpenApiParameter(
    "month", OpenApiTypes.STR, description="YYYY-MM; the current month when absent"
)
# The CLI's report keys the API repeats under `originality` (textreuse check --json).
ORIGINALITY_KEYS = ("sources", "spans")


class NoteWriteSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(
        trim_whitespace=False, allow_blank=True, max_length=rules.NOTE_MAX_CHARS
    )
    kind = serializers.ChoiceField(choices=Note.Kind.choices, default=Note.Kind.NOTE)
    reading = serializers.IntegerField(required=False, allow_null=True, default=None)


class NotePatchSerializer(NoteWriteSerializer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, partial=True, **kwargs)


class ReviewSerializer(StrictSerializer):
    decision = serializers.ChoiceField(choices=NoteReview.Decision.choices)
    grade = serializers.ChoiceField(choices=Note.Grade.choices, required=False, default="")
    comment = serializers.CharField(required=False, default="", allow_blank=True)


class NoteSerializer(serializers.ModelSerializer):
    """A note with its status, character count and, once checked, its originality report."""

    author = serializers.IntegerField(source="author_id", read_only=True)
    author_name = serializers.CharField(source="author.name", read_only=True)
    org = serializers.IntegerField(source="org_id", read_only=True)
    reading = serializers.IntegerField(source="reading_id", read_only=True)
    version = serializers.IntegerField(source="latest_version.number", default=None)

    class Meta:
        model = Note
        fields = [
            "id",
            "title",
            "body",
            "kind",
            "reading",
            "status",
            "char_count",
            "month",
            "grade",
            "version",
            "author",
            "author_name",
            "org",
            "created_at",
            "updated_at",
            "submitted_at",
        ]

    def to_representation(self, note: Note) -> dict:
        data = super().to_representation(note)
        data["month"] = note.month.strftime("%Y-%m") if note.month else None
        data["url"] = reverse("study:note-detail", args=[note.pk])
        data["originality"] = self._originality(note)
        return data

    def _originality(self, note: Note) -> dict | None:
        version = note.latest_version
        check = version.originality_check if version is not None else None
        if check is None:
            return None
        states = {"pending": "queued", "running": "running", "done": "done", "failed": "failed"}
        body: dict = {"status": states[check.status], "check": check.pk}
        if check.status == check.Status.DONE and self.context.get("summary"):
            # Lists carry the figures only: the report's sources and spans are read one note
            # at a time, so a list costs the same queries whatever its length.
            body |= {key: getattr(check, key) for key in REPORT_FIGURES}
            body["flagged"] = (check.total_ratio or 0) >= selectors.flag_ratio()
        elif check.status == check.Status.DONE and check.report:
            report = originality_selectors.report_for(self.context["request"].user, check.report)
            body |= {key: report.get(key) for key in REPORT_FIGURES}
            body |= {key: report.get(key, []) for key in ORIGINALITY_KEYS}
            body["flagged"] = (check.total_ratio or 0) >= selectors.flag_ratio()
        return body


def _note_read(user, pk: int) -> Note:
    return selectors.note_get(user, pk)


@extend_schema_view(
    retrieve=extend_schema(parameters=[ID_PATH]),
    partial_update=extend_schema(
        parameters=[ID_PATH], request=NotePatchSerializer, responses=NoteSerializer
    ),
)
class NoteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's own notes (list), any note they may see (read); write their own."""

    lookup_value_regex = r"\d+"
    serializer_class = NoteSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.own_notes(self.request.user).select_related("author")

    def get_serializer_context(self) -> dict:
        return super().get_serializer_context() | {"summary": self.action == "list"}

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(_note_read(request.user, int(kwargs["pk"]))).data)

    def _reading(self, user, reading_id):
        if reading_id is None:
            return None
        author = services.author_of(user)
        reading = selectors.readings_for(author, timezone.localdate().year).filter(pk=reading_id)
        found = reading.first()
        if found is None:
            raise serializers.ValidationError({"reading": [services.ERRORS["reading"]]})
        return found

    @extend_schema(request=NoteWriteSerializer, responses={201: NoteSerializer})
    def create(self, request, *args, **kwargs):
        payload = NoteWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        note = services.note_create(
            actor=request.user,
            title=data["title"],
            body=data["body"],
            kind=data["kind"],
            reading=self._reading(request.user, data["reading"]),
        )
        body = self.get_serializer(_note_read(request.user, note.pk)).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})

    def partial_update(self, request, *args, **kwargs):
        note = _note_read(request.user, int(kwargs["pk"]))
        payload = NotePatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        services.note_update(
            actor=request.user,
            note=note,
            title=data.get("title", note.title),
            body=data.get("body", note.body),
            kind=data.get("kind"),
            reading=self._reading(request.user, data["reading"]) if "reading" in data else False,
        )
        return Response(self.get_serializer(_note_read(request.user, note.pk)).data)

    def update(self, request, *args, **kwargs):  # PUT: the API changes a draft with PATCH
        return self.http_method_not_allowed(request, *args, **kwargs)

    @extend_schema(request=None, responses={202: NoteSerializer}, parameters=[ID_PATH])
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        note = _note_read(request.user, int(pk))
        try:
            services.note_submit(actor=request.user, note=note)
        except limits.CheckRefused as refused:
            if refused.reason == "rate":
                raise exceptions.Throttled(detail=str(refused)) from None
            raise
        body = self.get_serializer(_note_read(request.user, note.pk)).data
        return Response(body, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=ReviewSerializer, responses=NoteSerializer, parameters=[ID_PATH])
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        selectors.require_reviewer(request.user)
        note = _note_read(request.user, int(pk))
        payload = ReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.note_review(actor=request.user, note=note, **payload.validated_data)
        return Response(self.get_serializer(_note_read(request.user, note.pk)).data)


@extend_schema_view(list=extend_schema(parameters=[MONTH]))
class ReviewQueueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """月度检查: the month's submitted notes the caller may review (never their own)."""

    serializer_class = NoteSerializer

    def get_serializer_context(self) -> dict:
        return super().get_serializer_context() | {"summary": True}

    def get_queryset(self):
        month = selectors.parse_month(self.request.query_params.get("month"), timezone.localdate())
        return selectors.review_queue(self.request.user, month)


class ProgressRowSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    name = serializers.CharField()
    org = serializers.CharField()
    note_chars = serializers.IntegerField()
    note_chars_target = serializers.IntegerField()
    notes = serializers.IntegerField()
    reflections = serializers.IntegerField()
    reflections_target = serializers.IntegerField()
    readings_done = serializers.IntegerField()
    readings_target = serializers.IntegerField()
    approved = serializers.IntegerField()
    waiting_review = serializers.IntegerField()
    returned_open = serializers.IntegerField()
    handed_in = serializers.BooleanField()
    under_target = serializers.BooleanField()
    topics = serializers.IntegerField(help_text="research topics registered this year")
    articles = serializers.IntegerField(help_text="research articles submitted this year")
    lectures = serializers.IntegerField(help_text="lectures held this year")
    sessions = serializers.IntegerField(help_text="study sessions attended this month")
    materials = serializers.IntegerField(help_text="learning-hall materials read this year")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            MONTH,
            OpenApiParameter("org", OpenApiTypes.INT, description="an organization's id"),
        ]
    )
)
class ProgressViewSet(viewsets.GenericViewSet):
    """Per-member study progress of an organization's subtree for a month."""

    serializer_class = ProgressRowSerializer

    def list(self, request, *args, **kwargs):
        selectors.require_reviewer(request.user)
        month = selectors.parse_month(request.query_params.get("month"), timezone.localdate())
        org_id = request.query_params.get("org")
        pk = whole_number(org_id)
        if pk is None:
            raise serializers.ValidationError({"org": ["Give an organization id: ?org=<id>."]})
        org = org_selectors.org_get(request.user, pk, Action.REVIEW)
        page = self.paginate_queryset(
            progress.people_in(request.user, org).select_related("primary_org")
        )
        rows = progress.member_progress([progress.member_of(p) for p in page], month)
        return self.get_paginated_response([row.as_dict() for row in rows])
