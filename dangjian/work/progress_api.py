"""/api/v1/work/items — report-style progress through the API (issue 19's contract):

- `GET /api/v1/work/items?org={id}&status=overdue|due_soon|open|closed`
- `GET /api/v1/work/items/{id}` with its reports and deadline history
- `POST /api/v1/work/items/{id}/reports` `{outcome, text, reason?, measures?, new_deadline?,
  milestone?}` — 400 naming each missing field of an overdue or not-done report
- `POST /api/v1/work/items/{id}/close` `{note?}` (注销, by the plan's organization)

The same selectors and services as the pages. Evidence files are attached on the pages.
"""

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

from dangjian.lib.api import ID_PATH, StrictSerializer
from dangjian.lib.http import whole_number
from dangjian.work import progress_selectors as selectors
from dangjian.work import progress_services as services
from dangjian.work import rules, tracking
from dangjian.work.models import ItemDeadlineChange, ItemReport, Milestone, WorkItem
from dangjian.work.models.tracking import Outcome, TrackedStatus

OUTCOMES = " | ".join(Outcome.values)
TRACKED = " | ".join(TrackedStatus.values)
LIST_STATUSES = " | ".join(selectors.STATUSES)
ORG = OpenApiParameter(
    "org", OpenApiTypes.INT, description="an organization's id: the items of its subtree"
)
STATUS = OpenApiParameter(
    "status",
    OpenApiTypes.STR,
    description=f"{LIST_STATUSES} (open: not closed; overdue and due_soon: open ones)",
)
BAD_ORG = _("An organization's id is a number.")
BAD_STATUS = _("The status is one of %(statuses)s.")
NO_MILESTONE = _("The milestone is not one of this item's.")


class ItemSerializer(serializers.ModelSerializer):
    """A work item: its plan, organization, owner, deadlines and state (overdue computed in
    Asia/Shanghai)."""

    plan = serializers.IntegerField(source="plan_id", read_only=True)
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    year = serializers.IntegerField(source="plan.year", read_only=True)
    plan_org = serializers.IntegerField(source="plan.org_id", read_only=True)
    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    kind = serializers.CharField(read_only=True, help_text="routine | innovative")
    owner = serializers.IntegerField(source="owner_id", read_only=True, allow_null=True)
    owner_name = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text=TRACKED)
    overdue = serializers.SerializerMethodField()
    days_overdue = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = WorkItem
        fields = [
            "id",
            "plan",
            "plan_title",
            "year",
            "plan_org",
            "org",
            "org_name",
            "number",
            "kind",
            "title",
            "target",
            "group",
            "owner",
            "owner_name",
            "deadline",
            "first_deadline",
            "status",
            "overdue",
            "days_overdue",
            "closed_at",
            "url",
        ]

    def _today(self):
        return self.context.get("today") or tracking.local_today()

    def get_owner_name(self, item: WorkItem) -> str:
        return item.owner.name if item.owner_id else ""

    def get_overdue(self, item: WorkItem) -> bool:
        return tracking.is_overdue(item, self._today())

    def get_days_overdue(self, item: WorkItem) -> int:
        return tracking.days_overdue(item, self._today())

    def get_url(self, item: WorkItem) -> str:
        return reverse("work:item-detail", args=[item.pk])


class ItemEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, row) -> str:
        return reverse("work:file", args=["item", row.pk])


class ItemReportSerializer(serializers.ModelSerializer):
    outcome = serializers.CharField(read_only=True, help_text=OUTCOMES)
    milestone = serializers.IntegerField(source="milestone_id", read_only=True, allow_null=True)
    reported_by = serializers.CharField(
        source="reported_by.username", read_only=True, allow_null=True
    )
    files = serializers.SerializerMethodField()

    class Meta:
        model = ItemReport
        fields = [
            "id",
            "outcome",
            "text",
            "reason",
            "measures",
            "new_deadline",
            "milestone",
            "was_overdue",
            "on_behalf",
            "reported_by",
            "reported_at",
            "files",
        ]

    @extend_schema_field(ItemEvidenceSerializer(many=True))
    def get_files(self, report: ItemReport) -> list[dict]:
        return ItemEvidenceSerializer(getattr(report, "files", []), many=True).data


class ItemDeadlineChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(
        source="changed_by.username", read_only=True, allow_null=True
    )
    report = serializers.IntegerField(source="report_id", read_only=True, allow_null=True)

    class Meta:
        model = ItemDeadlineChange
        fields = ["old_deadline", "new_deadline", "reason", "changed_by", "changed_at", "report"]


class ItemMilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "due_on", "title", "met_on"]


class ItemDetailSerializer(ItemSerializer):
    milestones = serializers.SerializerMethodField()
    reports = serializers.SerializerMethodField()
    deadline_changes = serializers.SerializerMethodField()

    class Meta(ItemSerializer.Meta):
        fields = [*ItemSerializer.Meta.fields, "milestones", "reports", "deadline_changes"]

    def _history(self, item: WorkItem) -> selectors.ItemHistory:
        if "history" not in self.context:
            self.context["history"] = selectors.history_of(item)
        return self.context["history"]

    @extend_schema_field(ItemMilestoneSerializer(many=True))
    def get_milestones(self, item: WorkItem) -> list[dict]:
        return ItemMilestoneSerializer(self._history(item).milestones, many=True).data

    @extend_schema_field(ItemReportSerializer(many=True))
    def get_reports(self, item: WorkItem) -> list[dict]:
        return ItemReportSerializer(self._history(item).reports, many=True).data

    @extend_schema_field(ItemDeadlineChangeSerializer(many=True))
    def get_deadline_changes(self, item: WorkItem) -> list[dict]:
        return ItemDeadlineChangeSerializer(self._history(item).deadline_changes, many=True).data


class ItemReportInSerializer(StrictSerializer):
    """What a report needs is the service's to say (tracking.report_errors): each missing
    field of an overdue or not-done report is named in the 400."""

    # Not required here: with it missing, the 400 names it beside every other missing field.
    outcome = serializers.ChoiceField(
        choices=Outcome.values, required=False, default="", allow_blank=True, help_text=OUTCOMES
    )
    text = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.REPORT_TEXT_MAX_CHARS
    )
    reason = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.REPORT_TEXT_MAX_CHARS
    )
    measures = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.REPORT_TEXT_MAX_CHARS
    )
    new_deadline = serializers.DateField(required=False, allow_null=True, default=None)
    milestone = serializers.IntegerField(required=False, allow_null=True, default=None)


class ItemCloseInSerializer(StrictSerializer):
    note = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.REPORT_TEXT_MAX_CHARS
    )


def _org_param(request):
    text = request.query_params.get("org", "")
    if not text:
        return None
    pk = whole_number(text)
    if pk is None:
        raise serializers.ValidationError({"org": [BAD_ORG]})
    return selectors.list_org(request.user, pk)


def _status_param(request) -> str:
    value = request.query_params.get("status", "")
    if value and value not in selectors.STATUSES:
        raise serializers.ValidationError({"status": [BAD_STATUS % {"statuses": LIST_STATUSES}]})
    return value


@extend_schema_view(
    list=extend_schema(parameters=[ORG, STATUS]),
    retrieve=extend_schema(parameters=[ID_PATH], responses=ItemDetailSerializer),
)
class WorkItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """工作事项: the items of published plans in the caller's reach, with report-style
    progress (报账式推进)."""

    lookup_value_regex = r"\d+"
    serializer_class = ItemSerializer

    def get_queryset(self):
        today = tracking.local_today()
        return selectors.items_visible(
            self.request.user,
            org=_org_param(self.request),
            status=_status_param(self.request),
            today=today,
        )

    def get_serializer_context(self):
        return super().get_serializer_context() | {"today": tracking.local_today()}

    def retrieve(self, request, *args, **kwargs):
        item = selectors.item_get(request.user, int(kwargs["pk"]))
        return Response(ItemDetailSerializer(item, context=self.get_serializer_context()).data)

    def _detail(self, item_pk: int, code: int = status.HTTP_200_OK) -> Response:
        item = selectors.item_get(self.request.user, item_pk)
        data = ItemDetailSerializer(item, context=self.get_serializer_context()).data
        return Response(data, status=code)

    @extend_schema(
        parameters=[ID_PATH],
        request=ItemReportInSerializer,
        responses={201: ItemDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="reports")
    def reports(self, request, pk=None):
        """报账 — report done, partly or not done (a not-done or overdue report gives reason,
        measures and a new deadline)."""
        item = selectors.item_get(request.user, int(pk))
        payload = ItemReportInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        milestone_pk = data.pop("milestone")
        milestone = None
        if milestone_pk is not None:
            milestone = next(
                (m for m in selectors.history_of(item).milestones if m.pk == milestone_pk), None
            )
            if milestone is None:
                raise serializers.ValidationError({"milestone": [NO_MILESTONE]})
        services.item_report(actor=request.user, item=item, milestone=milestone, **data)
        return self._detail(item.pk, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PATH], request=ItemCloseInSerializer, responses=ItemDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """注销 — the plan's organization closes an item reported done."""
        item = selectors.item_get(request.user, int(pk))
        payload = ItemCloseInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.item_close(actor=request.user, item=item, note=payload.validated_data["note"])
        return self._detail(item.pk)


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register("work/items", WorkItemViewSet, basename="work-item")
