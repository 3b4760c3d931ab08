"""/api/v1/assess/… endpoints of the target part (issue 21 §7), on the same selectors and
services as the pages:

- `GET /api/v1/assess/targets?month=YYYY-MM&org={id}` — the status of every grassroots
  committee of `org`'s subtree in the month (default: this month, the caller's widest subtree)
- `POST /api/v1/assess/targets` `{org, month, items: [{goal, measures}]}` — write and submit a
  committee's month (201)
- `GET /api/v1/assess/targets/{id}` — one committee's month with its items and marks
- `POST /api/v1/assess/targets/{id}/marks` `{item, mark, note?}` — a supervisor marks an item
- `POST /api/v1/assess/bulletins` `{month: "YYYY-MM", org?}` → `{id, status}`, 202 Accepted:
  the bulletin is numbered now and written by a background job; `org` (the issuing
  organization) defaults to the widest organization the caller may change
- `GET /api/v1/assess/bulletins/{id}` → `{id, status, number, month, download}`; `download`
  is the absolute link of the next endpoint, null until the job is done
- `GET /api/v1/assess/bulletins/{id}/document` — the .docx, for whoever sees the bulletin (a
  bearer token works: it is an API path)

A bad month is a 400 naming `month`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.assess import bulletin_services
from dangjian.assess import rules_target as rules
from dangjian.assess import target_selectors as selectors
from dangjian.assess import target_services as services
from dangjian.assess.models import Bulletin, MonthlyTarget, TargetItem
from dangjian.lib.api import ID_PATH, StrictSerializer, query_number
from dangjian.lib.docx_write import docx_response
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Action

BAD_MONTH = _("Write the month as YYYY-MM, for example 2026-11.")
NO_ORG = _("You reach no organization's subtree: name the organization (org) you may use.")
STATUSES = " | ".join(selectors.STATUSES)
MARKS = " | ".join(TargetItem.Mark.values)
MONTH = OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM (default: this month)")
ORG = OpenApiParameter(
    "org", OpenApiTypes.INT, description="an organization's id: the committees of its subtree"
)


def _month(text, *, required: bool = False):
    if not text and not required:
        return selectors.local_today().replace(day=1)
    month = selectors.parse_month(text)
    if month is None:
        raise serializers.ValidationError({"month": [BAD_MONTH]})
    return month


class AssessMonthField(serializers.CharField):
    def to_internal_value(self, data):
        return _month(super().to_internal_value(data), required=True)

    def to_representation(self, value):
        return f"{value:%Y-%m}"


class AssessCommitteeMonthSerializer(serializers.Serializer):
    org = serializers.IntegerField(source="org_id")
    org_name = serializers.CharField(source="name")
    category = serializers.CharField()
    status = serializers.CharField(help_text=STATUSES)
    days_late = serializers.IntegerField()
    target = serializers.IntegerField(source="target_id", allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    items = serializers.IntegerField()
    marks = serializers.DictField(child=serializers.IntegerField(), help_text=MARKS)


class AssessMonthStatusSerializer(serializers.Serializer):
    month = serializers.SerializerMethodField()
    deadline = serializers.DateField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text=STATUSES)
    marks = serializers.DictField(child=serializers.IntegerField(), help_text=MARKS)
    results = AssessCommitteeMonthSerializer(many=True, source="rows")

    def get_month(self, report) -> str:
        return f"{report.month:%Y-%m}"


class AssessTargetItemSerializer(serializers.ModelSerializer):
    mark = serializers.CharField(help_text=f"{MARKS} or empty (not yet marked)")
    marked_by = serializers.CharField(source="marked_by.username", allow_null=True, default=None)

    class Meta:
        model = TargetItem
        fields = ["id", "position", "goal", "measures", "mark", "note", "marked_by", "marked_at"]


class AssessTargetSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name")
    month = AssessMonthField()
    state = serializers.SerializerMethodField(help_text=STATUSES)
    days_late = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyTarget
        fields = [
            "id",
            "org",
            "org_name",
            "month",
            "deadline",
            "status",
            "submitted_at",
            "state",
            "days_late",
            "items",
        ]

    def get_state(self, target) -> str:
        return selectors.status_of(target, target.deadline, selectors.local_today())[0]

    def get_days_late(self, target) -> int:
        return selectors.days_late(target)

    @extend_schema_field(AssessTargetItemSerializer(many=True))
    def get_items(self, target) -> list[dict]:
        return AssessTargetItemSerializer(selectors.items_of(target), many=True).data


class AssessTargetItemInSerializer(StrictSerializer):
    goal = serializers.CharField(allow_blank=True, max_length=rules.GOAL_MAX_CHARS)
    measures = serializers.CharField(allow_blank=True, max_length=rules.MEASURES_MAX_CHARS)


class AssessTargetInSerializer(StrictSerializer):
    org = serializers.IntegerField()
    month = AssessMonthField()
    items = AssessTargetItemInSerializer(many=True, allow_empty=True)


class AssessMarkInSerializer(StrictSerializer):
    item = serializers.IntegerField()
    mark = serializers.CharField(help_text=MARKS)
    note = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.NOTE_MAX_CHARS
    )


class AssessBulletinInSerializer(StrictSerializer):
    month = AssessMonthField()
    org = serializers.IntegerField(required=False, allow_null=True, default=None)
    highlights = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.BULLETIN_TEXT_MAX_CHARS
    )
    problems = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.BULLETIN_TEXT_MAX_CHARS
    )


class AssessBulletinSerializer(serializers.ModelSerializer):
    month = AssessMonthField()
    number = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    class Meta:
        model = Bulletin
        fields = ["id", "status", "org", "month", "number", "error", "download"]

    def get_number(self, bulletin) -> str:
        return f"〔{bulletin.year}〕{bulletin.number}号"

    def get_download(self, bulletin) -> str | None:
        """The absolute link of the API's .docx (a bearer token works there), once done."""
        if bulletin.status != Bulletin.Status.DONE:
            return None
        path = reverse("api:assess-bulletin-document", args=[bulletin.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class AssessJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()


def _default_org(user, action: str) -> Organization:
    roots = selectors.subtree_roots(user, action)
    if not roots:
        raise PermissionDenied(NO_ORG)
    return roots[0]


class AssessTargetViewSet(viewsets.ViewSet):
    """创先争优 月度目标: each grassroots committee's monthly targets, their status and marks."""

    lookup_value_regex = r"\d+"

    @extend_schema(parameters=[MONTH, ORG], responses=AssessMonthStatusSerializer)
    def list(self, request):
        """The month's status per committee: on_time, late (days_late), missing, pending."""
        month = _month(request.query_params.get("month", ""))
        pk = query_number(request, "org")
        org = (
            selectors.org_get(request.user, pk)
            if pk is not None
            else _default_org(request.user, Action.VIEW)
        )
        report = selectors.month_status(request.user, org, month)
        return Response(AssessMonthStatusSerializer(report).data)

    @extend_schema(request=AssessTargetInSerializer, responses={201: AssessTargetSerializer})
    def create(self, request):
        """Write and submit a committee's month (late when after the deadline)."""
        payload = AssessTargetInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        org = selectors.org_get(request.user, data["org"])
        target = services.target_save(
            actor=request.user,
            org=org,
            month=data["month"],
            items=[dict(item) for item in data["items"]],
            submit=True,
        )
        target = selectors.target_get(request.user, target.pk)
        return Response(AssessTargetSerializer(target).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[ID_PATH], responses=AssessTargetSerializer)
    def retrieve(self, request, pk=None):
        target = selectors.target_get(request.user, int(pk))
        return Response(AssessTargetSerializer(target).data)

    @extend_schema(
        parameters=[ID_PATH], request=AssessMarkInSerializer, responses=AssessTargetSerializer
    )
    @action(detail=True, methods=["post"])
    def marks(self, request, pk=None):
        """督查 — mark one item 落实 (done), 部分落实 (partial) or 未落实 (not_done)."""
        target = selectors.target_get(request.user, int(pk))
        payload = AssessMarkInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        item = next((row for row in selectors.items_of(target) if row.pk == data["item"]), None)
        if item is None:
            raise serializers.ValidationError({"item": [services.ERRORS["item"]]})
        services.target_mark(
            actor=request.user, target=target, item=item, mark=data["mark"], note=data["note"]
        )
        return Response(AssessTargetSerializer(selectors.target_get(request.user, target.pk)).data)


class AssessBulletinViewSet(viewsets.ViewSet):
    """督查通报: request a month's bulletin (a background job) and follow it to its .docx."""

    lookup_value_regex = r"\d+"

    @extend_schema(request=AssessBulletinInSerializer, responses={202: AssessJobSerializer})
    def create(self, request):
        """Number the bulletin and queue the job; 202 Accepted with `{id, status}`."""
        payload = AssessBulletinInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if data["org"] is None:
            org = _default_org(request.user, Action.CHANGE)
        else:
            org = selectors.org_get(request.user, data["org"])
        bulletin = bulletin_services.bulletin_request(
            actor=request.user,
            org=org,
            month=data["month"],
            highlights=data["highlights"],
            problems=data["problems"],
        )
        body = {"id": bulletin.pk, "status": bulletin.status}
        return Response(body, status=status.HTTP_202_ACCEPTED)

    @extend_schema(parameters=[ID_PATH], responses=AssessBulletinSerializer)
    def retrieve(self, request, pk=None):
        bulletin = get_object_or_404(
            Bulletin.objects.visible_to(request.user, Action.VIEW).defer("result"), pk=int(pk)
        )
        return Response(AssessBulletinSerializer(bulletin, context={"request": request}).data)

    @extend_schema(
        parameters=[ID_PATH],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"): (
                OpenApiTypes.BINARY
            )
        },
    )
    @action(detail=True, methods=["get"])
    def document(self, request, pk=None):
        """The written .docx (404 out of sight and until the job is done)."""
        bulletin = get_object_or_404(
            Bulletin.objects.visible_to(request.user, Action.VIEW), pk=int(pk)
        )
        if bulletin.status != Bulletin.Status.DONE or not bulletin.result:
            raise Http404("not written yet")
        return docx_response(bytes(bulletin.result), bulletin.result_name or "bulletin.docx")


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register("assess/targets", AssessTargetViewSet, basename="assess-target")
    router.register("assess/bulletins", AssessBulletinViewSet, basename="assess-bulletin")
