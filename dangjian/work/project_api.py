"""API of key projects (项目化管理): `GET /api/v1/work/projects?org=&year=&status=` (status
computed by rules_project), `GET /api/v1/work/projects/{id}` with milestones, reports and
files, and `POST /api/v1/work/projects/{id}/reports` `{text, milestone?}`. The same selectors
and services as the pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.lib.api import ID_PATH, StrictSerializer
from dangjian.lib.http import whole_number
from dangjian.orgs import selectors as org_selectors
from dangjian.work import project_selectors as selectors
from dangjian.work import project_services as services
from dangjian.work import rules_project as rules
from dangjian.work.models import ProjectMilestone

STATUSES = " | ".join(rules.ProjectStatus.values)
ORG = OpenApiParameter("org", OpenApiTypes.INT, description="an organization's id (its subtree)")
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="the projects' year")
STATUS = OpenApiParameter("status", OpenApiTypes.STR, description=STATUSES)
BAD_ORG = _("An organization's id is a number.")
BAD_YEAR = _("A year is a number such as 2026.")
BAD_MILESTONE = _("No such milestone of this project.")


class ProjectMilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    due_on = serializers.DateField()
    title = serializers.CharField()
    met_on = serializers.DateField(allow_null=True)


class ProjectSerializer(serializers.Serializer):
    """A project with its computed status and what the board's card shows."""

    id = serializers.IntegerField(source="project.pk")
    org = serializers.IntegerField(source="project.org_id")
    org_name = serializers.CharField(source="project.org.name")
    year = serializers.IntegerField(source="project.year")
    title = serializers.CharField(source="project.title")
    responsible = serializers.IntegerField(source="project.responsible_id")
    responsible_name = serializers.CharField(source="project.responsible.name")
    status = serializers.CharField(help_text=STATUSES)
    status_label = serializers.CharField(source="status.label")
    next_milestone = ProjectMilestoneSerializer(allow_null=True)
    last_report_on = serializers.DateField(allow_null=True)
    finished_on = serializers.DateField(source="project.finished_on", allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, row: selectors.ProjectRow) -> str:
        return reverse("work:project-detail", args=[row.project.pk])


class ProjectReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    milestone = serializers.IntegerField(source="milestone_id", allow_null=True)
    reported_at = serializers.DateTimeField()
    reported_by = serializers.CharField(source="reported_by.get_username", allow_null=True)


class ProjectFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, row) -> str:
        return reverse("work:file", args=["project", row.pk])


class ProjectDetailSerializer(ProjectSerializer):
    statement = serializers.CharField(source="project.statement")
    item = serializers.IntegerField(source="project.item_id", allow_null=True)
    milestones = ProjectMilestoneSerializer(many=True)
    reports = ProjectReportSerializer(many=True)
    files = ProjectFileSerializer(many=True)


class ProjectReportInSerializer(StrictSerializer):
    text = serializers.CharField(allow_blank=True)
    milestone = serializers.IntegerField(required=False, allow_null=True, default=None)


def _detail(request, project) -> dict:
    row = selectors.project_row(project)
    row.reports = selectors.reports_of(project)
    row.files = selectors.files_of(project)
    return ProjectDetailSerializer(row, context={"request": request}).data


def _filters(request) -> selectors.ProjectFilters:
    params = request.query_params
    errors: dict[str, list] = {}
    under = year = None
    if params.get("org"):
        pk = whole_number(params["org"])
        if pk is None:
            errors["org"] = [BAD_ORG]
        else:
            under = org_selectors.org_get(request.user, pk)
    if params.get("year"):
        year = whole_number(params["year"])
        if year is None or year > 9999:
            errors["year"] = [BAD_YEAR]
    state = params.get("status", "")
    if state and state not in rules.ProjectStatus.values:
        errors["status"] = [f"One of {STATUSES}."]
    if errors:
        raise serializers.ValidationError(errors)
    return selectors.ProjectFilters(under=under, year=year, status=state)


@extend_schema_view(
    list=extend_schema(parameters=[ORG, YEAR, STATUS], responses=ProjectSerializer(many=True)),
    retrieve=extend_schema(parameters=[ID_PATH], responses=ProjectDetailSerializer),
)
class ProjectViewSet(viewsets.GenericViewSet):
    """重点项目: the key projects in the caller's reach, status computed from milestones."""

    lookup_value_regex = r"\d+"
    serializer_class = ProjectSerializer

    def get_queryset(self):
        # Reads go through the selectors; this names the model for the schema only.
        return selectors.project_queryset(self.request.user)

    def list(self, request, *args, **kwargs):
        rows = selectors.project_list(request.user, _filters(request))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ProjectSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        project = selectors.project_get(request.user, int(kwargs["pk"]))
        return Response(_detail(request, project))

    @extend_schema(
        parameters=[ID_PATH],
        request=ProjectReportInSerializer,
        responses={201: ProjectDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="reports")
    def reports(self, request, pk=None):
        """进展报告: the responsible cadre or the project's organization reports progress; a
        named milestone is met today (Asia/Shanghai)."""
        project = selectors.project_get(request.user, int(pk))
        payload = ProjectReportInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        milestone = None
        milestone_id = payload.validated_data["milestone"]
        if milestone_id is not None:
            milestone = (
                ProjectMilestone.objects.unscoped("a milestone of a project read in reach")
                .filter(project=project, pk=milestone_id)
                .first()
            )
            if milestone is None and services.may_report(request.user, project):
                raise serializers.ValidationError({"milestone": [BAD_MILESTONE]})
        services.project_report(
            actor=request.user,
            project=project,
            text=payload.validated_data["text"],
            milestone=milestone,
        )
        return Response(_detail(request, project), status=status.HTTP_201_CREATED)


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register("work/projects", ProjectViewSet, basename="work-project")
