"""/api/v1/work/… endpoints of the plan part: `GET /api/v1/work/plans?org=&year=&status=`
and `GET /api/v1/work/plans/{id}` (items with milestones, files). Read-only: plans are
written through the pages' services."""

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
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from dangjian.lib.api import ID_PATH, query_number
from dangjian.orgs import selectors as org_selectors
from dangjian.work import plan_selectors as selectors
from dangjian.work.models import ItemKind, Milestone, PlanAttachment, PlanStatus, WorkItem, WorkPlan

STATUSES = " | ".join(PlanStatus.values)
KINDS = " | ".join(ItemKind.values)
ORG = OpenApiParameter(
    "org", OpenApiTypes.INT, description="an organization's id: the plans of its subtree"
)
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="the plans' year")
STATUS = OpenApiParameter("status", OpenApiTypes.STR, description=STATUSES)
BAD_STATUS = _("One of: %(values)s.")
BAD_YEAR = _("A year has four digits.")


class WorkPlanMilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "due_on", "title", "met_on"]


class WorkPlanItemSerializer(serializers.ModelSerializer):
    """An item of a plan with its milestones (its progress is under /api/v1/work/items)."""

    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    # Plain strings (values in help_text): several parts' enums would collide in names.
    kind = serializers.CharField(read_only=True, help_text=KINDS)
    owner = serializers.IntegerField(source="owner_id", read_only=True, allow_null=True)
    owner_name = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True)
    milestones = WorkPlanMilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = WorkItem
        fields = [
            "id",
            "number",
            "kind",
            "title",
            "target",
            "group",
            "org",
            "org_name",
            "owner",
            "owner_name",
            "deadline",
            "first_deadline",
            "status",
            "milestones",
        ]

    def get_owner_name(self, item: WorkItem) -> str:
        return item.owner.name if item.owner else ""


class WorkPlanAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = PlanAttachment
        fields = ["id", "name", "size", "url"]

    def get_url(self, row: PlanAttachment) -> str:
        return reverse("work:file", args=["plan", row.pk])


class WorkPlanSerializer(serializers.ModelSerializer):
    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUSES)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    copied_from = serializers.IntegerField(source="copied_from_id", read_only=True, allow_null=True)
    item_count = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = WorkPlan
        fields = [
            "id",
            "org",
            "org_name",
            "year",
            "title",
            "summary",
            "status",
            "status_label",
            "copied_from",
            "submitted_at",
            "decided_at",
            "decision_note",
            "published_at",
            "item_count",
            "url",
        ]

    def get_url(self, plan: WorkPlan) -> str:
        return reverse("work:plan-detail", args=[plan.pk])


class WorkPlanDetailSerializer(WorkPlanSerializer):
    items = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta(WorkPlanSerializer.Meta):
        fields = [*WorkPlanSerializer.Meta.fields, "items", "attachments"]

    @extend_schema_field(WorkPlanItemSerializer(many=True))
    def get_items(self, plan: WorkPlan) -> list[dict]:
        return WorkPlanItemSerializer(
            selectors.plan_items(self.context["request"].user, plan), many=True
        ).data

    @extend_schema_field(WorkPlanAttachmentSerializer(many=True))
    def get_attachments(self, plan: WorkPlan) -> list[dict]:
        return WorkPlanAttachmentSerializer(
            selectors.plan_attachments(self.context["request"].user, plan), many=True
        ).data


@extend_schema_view(
    list=extend_schema(parameters=[ORG, YEAR, STATUS]),
    retrieve=extend_schema(parameters=[ID_PATH], responses=WorkPlanDetailSerializer),
)
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """年度工作计划: the plans in the caller's reach; one plan with its items and milestones."""

    lookup_value_regex = r"\d+"
    serializer_class = WorkPlanSerializer

    def get_queryset(self):
        request = self.request
        status = request.query_params.get("status", "")
        if status and status not in PlanStatus.values:
            raise serializers.ValidationError({"status": [BAD_STATUS % {"values": STATUSES}]})
        org_pk = query_number(request, "org")
        year = query_number(request, "year")
        if year is not None and year > 9999:
            raise serializers.ValidationError({"year": [BAD_YEAR]})
        filters = selectors.PlanFilters(
            year=year,
            under=org_selectors.org_get(request.user, org_pk) if org_pk else None,
            status=status,
        )
        return selectors.plan_list(request.user, filters)

    def retrieve(self, request, *args, **kwargs):
        plan = selectors.plan_get(request.user, int(kwargs["pk"]))
        return Response(WorkPlanDetailSerializer(plan, context={"request": request}).data)


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register("work/plans", PlanViewSet, basename="work-plan")
