"""API of the meeting ledger: `GET|POST /api/v1/orglife/meetings`, `GET …/meetings/{id}` and
`GET /api/v1/orglife/compliance?org={id}&month=YYYY-MM`. The same selectors and services as
the pages; `register(router)` adds them under /api/v1/orglife/."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from dangjian.lib.api import ID_PATH, StrictSerializer
from dangjian.lib.http import whole_number
from dangjian.orglife import meeting_selectors as selectors
from dangjian.orglife import meeting_services as services
from dangjian.orglife.models import Meeting, MeetingAttendance, MeetingKind
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization

KINDS = " | ".join(MeetingKind.values)
STATUSES = " | ".join(MeetingAttendance.Status.values)
MONTH = OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM")
ORG = OpenApiParameter("org", OpenApiTypes.INT, description="an organization's id (its subtree)")
KIND = OpenApiParameter("kind", OpenApiTypes.STR, description=KINDS)
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
NO_ORG = _("No such organization in your reach.")
BAD_ORG = _("An organization's id is a number.")
BAD_MONTH = _("Write the month as YYYY-MM.")
HOST_NOT_MEMBER = _("The host is not a member of the organization on the meeting's day.")


class AttendanceRowSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUSES)

    class Meta:
        model = MeetingAttendance
        fields = ["person", "person_name", "status", "reason"]


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting with 应到/实到/请假/缺席; the detail adds the attendance rows."""

    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    # A plain string (values in help_text): several apps' "kind" enums would collide in names.
    kind = serializers.CharField(read_only=True, help_text=KINDS)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    host = serializers.IntegerField(source="host_id", read_only=True, allow_null=True)
    expected = serializers.IntegerField(read_only=True)
    present = serializers.IntegerField(read_only=True)
    on_leave = serializers.IntegerField(read_only=True)
    absent = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "org",
            "org_name",
            "kind",
            "kind_label",
            "held_on",
            "start_time",
            "place",
            "host",
            "topic",
            "agenda",
            "minutes",
            "lecturer",
            "expected",
            "present",
            "on_leave",
            "absent",
            "url",
        ]

    def get_url(self, meeting: Meeting) -> str:
        return reverse("orglife:meeting-detail", args=[meeting.pk])


class MeetingDetailSerializer(MeetingSerializer):
    attendance = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "attendance"]

    @extend_schema_field(AttendanceRowSerializer(many=True))
    def get_attendance(self, meeting: Meeting) -> list[dict]:
        return AttendanceRowSerializer(selectors.attendance_of(meeting), many=True).data


class AttendanceInSerializer(StrictSerializer):
    person = serializers.IntegerField()
    status = serializers.ChoiceField(choices=MeetingAttendance.Status.values, help_text=STATUSES)
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)


class MeetingCreateSerializer(StrictSerializer):
    org = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=MeetingKind.values, help_text=KINDS)
    held_on = serializers.DateField()
    start_time = serializers.TimeField(required=False, allow_null=True, default=None)
    topic = serializers.CharField(max_length=200)
    place = serializers.CharField(required=False, default="", allow_blank=True, max_length=120)
    host = serializers.IntegerField(required=False, allow_null=True, default=None)
    agenda = serializers.CharField(required=False, default="", allow_blank=True)
    minutes = serializers.CharField(required=False, default="", allow_blank=True)
    lecturer = serializers.CharField(required=False, default="", allow_blank=True, max_length=60)
    attendance = AttendanceInSerializer(many=True)


def _month_param(request, required: bool = False):
    text = request.query_params.get("month", "")
    if not text:
        if required:
            return timezone.localdate().replace(day=1)
        return None
    if not MONTH_RE.match(text):
        raise serializers.ValidationError({"month": [BAD_MONTH]})
    return selectors.parse_month(text, timezone.localdate())


def _org_param(request) -> Organization | None:
    text = request.query_params.get("org", "")
    if not text:
        return None
    pk = whole_number(text)
    if pk is None:
        raise serializers.ValidationError({"org": [BAD_ORG]})
    return org_selectors.org_get(request.user, pk)


@extend_schema_view(
    list=extend_schema(parameters=[ORG, KIND, MONTH]),
    retrieve=extend_schema(parameters=[ID_PATH], responses=MeetingDetailSerializer),
)
class MeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """三会一课台账: meetings in the caller's reach; POST records one with its attendance."""

    lookup_value_regex = r"\d+"
    serializer_class = MeetingSerializer

    def get_queryset(self):
        kind = self.request.query_params.get("kind", "")
        if kind and kind not in MeetingKind.values:
            raise serializers.ValidationError({"kind": [f"One of {KINDS}."]})
        filters = selectors.MeetingFilters(
            under=_org_param(self.request), kind=kind, month=_month_param(self.request)
        )
        return selectors.meeting_list(self.request.user, filters)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = selectors.attach_counts(list(page))
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        meeting = selectors.meeting_get(request.user, int(kwargs["pk"]))
        return Response(MeetingDetailSerializer(meeting).data)

    @extend_schema(request=MeetingCreateSerializer, responses={201: MeetingDetailSerializer})
    def create(self, request, *args, **kwargs):
        payload = MeetingCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        org = org_selectors.org_queryset(request.user).filter(pk=data.pop("org")).first()
        if org is None:
            raise serializers.ValidationError({"org": [NO_ORG]})
        # The right first: who lacks it learns nothing of who belongs to the organization.
        services.require_change(request.user, org)
        host_id = data.pop("host")
        host = None
        if host_id is not None:
            eligible, _all = services.eligible_people(org, data["kind"], data["held_on"])
            host = next((person for person in eligible if person.pk == host_id), None)
            if host is None:
                raise serializers.ValidationError({"host": [HOST_NOT_MEMBER]})
        rows = [(row["person"], row["status"], row["reason"]) for row in data.pop("attendance")]
        meeting = services.meeting_create(
            actor=request.user, org=org, host=host, attendance=rows, **data
        )
        meeting = selectors.meeting_get(request.user, meeting.pk)
        url = reverse("orglife:meeting-detail", args=[meeting.pk])
        return Response(
            MeetingDetailSerializer(meeting).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": url},
        )


class ComplianceCellSerializer(serializers.Serializer):
    org = serializers.IntegerField()
    org_name = serializers.CharField()
    kind = serializers.CharField(help_text=KINDS)
    required = serializers.IntegerField()
    held = serializers.IntegerField()
    missing = serializers.IntegerField()


class ComplianceSerializer(serializers.Serializer):
    org = serializers.IntegerField()
    month = serializers.CharField()
    rate = serializers.FloatField(allow_null=True)
    results = ComplianceCellSerializer(many=True)


@extend_schema_view(list=extend_schema(parameters=[ORG, MONTH], responses=ComplianceSerializer))
class ComplianceViewSet(viewsets.ViewSet):
    """落实情况: for each organization in `org`'s subtree and each kind it must hold (or held):
    required, held, missing in the period containing `month`."""

    def list(self, request):
        text = request.query_params.get("org", "")
        if text and whole_number(text) is None:
            raise serializers.ValidationError({"org": [BAD_ORG]})
        org = org_selectors.subtree_org(request.user, whole_number(text))
        month = _month_param(request, required=True)
        rows = selectors.meeting_compliance(org, month)
        results = [
            {
                "org": row.org_id,
                "org_name": row.org_name,
                "kind": cell.kind,
                "required": cell.required,
                "held": cell.held,
                "missing": cell.missing,
            }
            for row in rows
            for cell in row.cells
            if cell.required or cell.held
        ]
        rate = selectors.rate_of(rows)
        data = {
            "org": org.pk,
            "month": f"{month:%Y-%m}",
            "rate": None if rate is None else round(rate, 4),
            "results": results,
        }
        return Response(ComplianceSerializer(data).data)


def register(router) -> None:
    router.register("orglife/meetings", MeetingViewSet, basename="orglife-meeting")
    router.register("orglife/compliance", ComplianceViewSet, basename="orglife-compliance")
