"""API of the rectification ledger (整改台账): `GET|POST /api/v1/work/rectifications`,
`GET …/rectifications/{id}` (with reports and deadline history), `POST …/{id}/reports`
(`{outcome, text, reason?, measures?, new_deadline?}`, as for work items) and
`POST …/{id}/close` (验收销号). The same selectors and services as the pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.lib.api import ID_PATH, StrictSerializer, query_number
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Person
from dangjian.orgs.scoping import Action
from dangjian.work import rect_selectors as selectors
from dangjian.work import rect_services as services
from dangjian.work import tracking
from dangjian.work.models import (
    ProblemSource,
    Rectification,
    RectificationDeadlineChange,
    RectificationReport,
)
from dangjian.work.models.tracking import Outcome

SOURCES = " | ".join(ProblemSource.values)
STATUSES = " | ".join(selectors.STATUS_FILTERS)
OUTCOMES = " | ".join(Outcome.values)
ORG = OpenApiParameter("org", OpenApiTypes.INT, description="an organization's id (its subtree)")
SOURCE = OpenApiParameter("source", OpenApiTypes.STR, description=SOURCES)
STATUS = OpenApiParameter("status", OpenApiTypes.STR, description=STATUSES)
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="the year of the deadline")
NO_ORG = _("No such organization in your reach.")
NO_PERSON = _("No such person in your reach.")


class RectEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, row) -> str:
        return reverse("work:file", args=["rect", row.pk])


class RectReportSerializer(serializers.ModelSerializer):
    outcome = serializers.CharField(help_text=OUTCOMES)
    reported_by = serializers.CharField(source="reported_by.username", allow_null=True)
    files = RectEvidenceSerializer(many=True)

    class Meta:
        model = RectificationReport
        fields = [
            "id",
            "outcome",
            "text",
            "reason",
            "measures",
            "new_deadline",
            "was_overdue",
            "on_behalf",
            "reported_by",
            "reported_at",
            "files",
        ]


class RectDeadlineChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(source="changed_by.username", allow_null=True)

    class Meta:
        model = RectificationDeadlineChange
        fields = ["old_deadline", "new_deadline", "reason", "changed_by", "changed_at"]


class RectificationSerializer(serializers.ModelSerializer):
    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    issued_by = serializers.IntegerField(source="issued_by_id", read_only=True)
    issued_by_name = serializers.CharField(source="issued_by.name", read_only=True)
    # Plain strings (values in help_text): enums of several apps would collide in names.
    source = serializers.CharField(read_only=True, help_text=SOURCES)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    responsible = serializers.IntegerField(source="responsible_id", read_only=True, allow_null=True)
    responsible_name = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="open | reported | closed")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.SerializerMethodField()
    days_overdue = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Rectification
        fields = [
            "id",
            "number",
            "org",
            "org_name",
            "issued_by",
            "issued_by_name",
            "source",
            "source_label",
            "problem",
            "measures",
            "responsible",
            "responsible_name",
            "found_on",
            "deadline",
            "first_deadline",
            "status",
            "status_label",
            "overdue",
            "days_overdue",
            "closed_at",
            "acceptance_note",
            "url",
        ]

    def get_responsible_name(self, rect: Rectification) -> str:
        return rect.responsible.name if rect.responsible_id else ""

    def get_overdue(self, rect: Rectification) -> bool:
        return tracking.is_overdue(rect)

    def get_days_overdue(self, rect: Rectification) -> int:
        return tracking.days_overdue(rect)

    def get_url(self, rect: Rectification) -> str:
        return reverse("work:rect-detail", args=[rect.pk])


class RectificationDetailSerializer(RectificationSerializer):
    reports = serializers.SerializerMethodField()
    deadline_changes = serializers.SerializerMethodField()

    class Meta(RectificationSerializer.Meta):
        fields = [*RectificationSerializer.Meta.fields, "reports", "deadline_changes"]

    @extend_schema_field(RectReportSerializer(many=True))
    def get_reports(self, rect: Rectification) -> list[dict]:
        return RectReportSerializer(selectors.reports_of(rect), many=True).data

    @extend_schema_field(RectDeadlineChangeSerializer(many=True))
    def get_deadline_changes(self, rect: Rectification) -> list[dict]:
        return RectDeadlineChangeSerializer(selectors.deadline_changes_of(rect), many=True).data


class RectCreateSerializer(StrictSerializer):
    org = serializers.IntegerField(help_text="the organization rectifying")
    issued_by = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="the issuing level; org if none"
    )
    source = serializers.ChoiceField(choices=ProblemSource.values, help_text=SOURCES)
    number = serializers.CharField(required=False, default="", allow_blank=True, max_length=30)
    # Blank accepted here: the service names every wrong field at once, with its own words.
    problem = serializers.CharField(allow_blank=True)
    measures = serializers.CharField(allow_blank=True)
    responsible = serializers.IntegerField(required=False, allow_null=True, default=None)
    deadline = serializers.DateField()
    found_on = serializers.DateField(required=False, allow_null=True, default=None)


class RectReportInSerializer(StrictSerializer):
    # Every field optional here: the service names each missing one at once (tracking.py).
    outcome = serializers.CharField(
        required=False, default="", allow_blank=True, help_text=OUTCOMES
    )
    text = serializers.CharField(required=False, default="", allow_blank=True)
    reason = serializers.CharField(required=False, default="", allow_blank=True)
    measures = serializers.CharField(required=False, default="", allow_blank=True)
    new_deadline = serializers.DateField(required=False, allow_null=True, default=None)


class RectCloseSerializer(StrictSerializer):
    note = serializers.CharField(required=False, default="", allow_blank=True)


def _org_in_reach(user, pk: int | None, field: str):
    org = org_selectors.org_queryset(user).filter(pk=pk).first() if pk else None
    if org is None:
        raise serializers.ValidationError({field: [NO_ORG]})
    return org


@extend_schema_view(
    list=extend_schema(parameters=[ORG, SOURCE, STATUS, YEAR]),
    retrieve=extend_schema(parameters=[ID_PATH], responses=RectificationDetailSerializer),
)
class RectificationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """整改台账: rectifications in the caller's reach; POST lists one."""

    lookup_value_regex = r"\d+"
    serializer_class = RectificationSerializer

    def get_queryset(self):
        params = self.request.query_params
        source, state = params.get("source", ""), params.get("status", "")
        if source and source not in ProblemSource.values:
            raise serializers.ValidationError({"source": [f"One of {SOURCES}."]})
        if state and state not in selectors.STATUS_FILTERS:
            raise serializers.ValidationError({"status": [f"One of {STATUSES}."]})
        org_pk = query_number(self.request, "org")
        under = org_selectors.org_get(self.request.user, org_pk) if org_pk else None
        filters = selectors.RectFilters(
            under=under, source=source, status=state, year=query_number(self.request, "year")
        )
        return selectors.rect_list(self.request.user, filters)

    def retrieve(self, request, *args, **kwargs):
        rect = selectors.rect_get(request.user, int(kwargs["pk"]))
        return Response(RectificationDetailSerializer(rect).data)

    def _detail(self, request, pk: int, code: int = 200) -> Response:
        rect = selectors.rect_get(request.user, pk)
        return Response(
            RectificationDetailSerializer(rect).data,
            status=code,
            headers={"Location": reverse("work:rect-detail", args=[pk])},
        )

    @extend_schema(request=RectCreateSerializer, responses={201: RectificationDetailSerializer})
    def create(self, request, *args, **kwargs):
        payload = RectCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        org = _org_in_reach(request.user, data.pop("org"), "org")
        issued_by_pk = data.pop("issued_by")
        issued_by = _org_in_reach(request.user, issued_by_pk, "issued_by") if issued_by_pk else org
        responsible_pk = data.pop("responsible")
        responsible = None
        if responsible_pk is not None:
            responsible = (
                Person.objects.visible_to(request.user, Action.VIEW)
                .filter(pk=responsible_pk)
                .first()
            )
            if responsible is None:
                raise serializers.ValidationError({"responsible": [NO_PERSON]})
        data["found_on"] = data["found_on"] or tracking.local_today()
        rect = services.rect_create(
            actor=request.user, org=org, issued_by=issued_by, responsible=responsible, **data
        )
        return self._detail(request, rect.pk, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PATH],
        request=RectReportInSerializer,
        responses={201: RectificationDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="reports")
    def reports(self, request, pk=None):
        """报账 on the row: 400 names each missing or wrong field."""
        rect = selectors.rect_get(request.user, int(pk))
        payload = RectReportInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.rect_report(actor=request.user, rect=rect, **payload.validated_data)
        return self._detail(request, rect.pk, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PATH],
        request=RectCloseSerializer,
        responses={200: RectificationDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="close")
    def close(self, request, pk=None):
        """验收销号 by the issuing level, of a row reported done."""
        rect = selectors.rect_get(request.user, int(pk))
        payload = RectCloseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.rect_close(actor=request.user, rect=rect, note=payload.validated_data["note"])
        return self._detail(request, rect.pk)


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register("work/rectifications", RectificationViewSet, basename="work-rectification")
