"""/api/v1/work/visits — the visit log (下基层) and the coverage of the visit rules:

- `GET  /api/v1/work/visits?org={id}&visitor={id}&month=YYYY-MM` — visits in the caller's
  sight, newest first (paged);
- `POST /api/v1/work/visits` — record a visit: `org` (the grassroots organization visited),
  `visitor` (a person's id; default the caller's own person), `visited_on` (YYYY-MM-DD;
  default today in Asia/Shanghai), `purpose`, and optional `findings`, `solved` (problems
  solved on the spot), `follow_ups`. The same service as the quick form (visit_services);
- `GET  /api/v1/work/visits/coverage?month=YYYY-MM&org={id}` — for `org`'s subtree (default:
  the caller's top organization) and the month (default: this month): the figures, the
  grassroots organizations not visited, the assigned cadres below the rule, and the tree.
"""

from __future__ import annotations

import re

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.lib.api import StrictSerializer, query_number
from dangjian.orglife import dues_calc
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization, Person
from dangjian.work import rules_visit as rules
from dangjian.work import visit_selectors as selectors
from dangjian.work import visit_services as services
from dangjian.work.models import Visit
from dangjian.work.tracking import local_today

MONTH = OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM (default: this month)")
ORG = OpenApiParameter("org", OpenApiTypes.INT, description="an organization's id (its subtree)")
VISITOR = OpenApiParameter("visitor", OpenApiTypes.INT, description="a person's id")
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
BAD_MONTH = _("Write the month as YYYY-MM.")
NO_OWN_PERSON = _("Name the visitor: your account has no person record.")


class VisitSerializer(serializers.ModelSerializer):
    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    visitor = serializers.IntegerField(source="visitor_id", read_only=True)
    visitor_name = serializers.CharField(source="visitor.name", read_only=True)
    recorded_by = serializers.CharField(
        source="recorded_by.username", read_only=True, allow_null=True, default=None
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = [
            "id",
            "org",
            "org_name",
            "visitor",
            "visitor_name",
            "visited_on",
            "purpose",
            "findings",
            "solved",
            "follow_ups",
            "recorded_by",
            "url",
        ]

    def get_url(self, visit: Visit) -> str:
        return reverse("work:visit-detail", args=[visit.pk])


class VisitCreateSerializer(StrictSerializer):
    org = serializers.IntegerField(help_text="the grassroots organization visited")
    visitor = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="default: your own person"
    )
    visited_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="default: today"
    )
    purpose = serializers.CharField(max_length=200)
    findings = serializers.CharField(required=False, default="", allow_blank=True)
    solved = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="problems solved on the spot"
    )
    follow_ups = serializers.CharField(required=False, default="", allow_blank=True)


class VisitMarkSerializer(serializers.Serializer):
    org = serializers.IntegerField(source="org_id")
    org_name = serializers.CharField(source="name")
    code = serializers.CharField()
    visits = serializers.IntegerField()
    last_visit = serializers.DateField(allow_null=True)


class VisitTownshipSerializer(serializers.Serializer):
    org = serializers.IntegerField(source="org_id")
    org_name = serializers.CharField(source="name")
    total = serializers.IntegerField()
    visited = serializers.IntegerField()
    not_visited = serializers.IntegerField()
    orgs = VisitMarkSerializer(source="marks", many=True)


class VisitCadreSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField()
    position = serializers.CharField()
    visits = serializers.IntegerField()
    missing = serializers.IntegerField()


class VisitCoverageSerializer(serializers.Serializer):
    org = serializers.IntegerField(source="org.pk")
    org_name = serializers.CharField(source="org.name")
    month = serializers.DateField(format="%Y-%m")
    visits_per_cadre = serializers.IntegerField()
    cadre_period = serializers.CharField()
    grassroots_total = serializers.IntegerField(source="total")
    visited = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)
    not_visited = VisitMarkSerializer(many=True)
    cadres = VisitCadreSerializer(many=True)
    cadres_below = VisitCadreSerializer(many=True)
    townships = VisitTownshipSerializer(many=True)


def _month(request):
    text = request.query_params.get("month", "")
    if not text:
        return None
    month = dues_calc.parse_month(text) if MONTH_RE.match(text) else None
    if month is None:
        raise serializers.ValidationError({"month": [BAD_MONTH]})
    return month


@extend_schema_view(list=extend_schema(parameters=[ORG, VISITOR, MONTH]))
class VisitViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """下基层走访记录: visits in the caller's sight; POST records one."""

    serializer_class = VisitSerializer

    def get_queryset(self):
        org_pk = query_number(self.request, "org")
        under = org_selectors.org_get(self.request.user, org_pk) if org_pk else None
        filters = selectors.VisitFilters(
            under=under,
            visitor_id=query_number(self.request, "visitor"),
            month=_month(self.request),
        )
        return selectors.visit_list(self.request.user, filters)

    @extend_schema(request=VisitCreateSerializer, responses={201: VisitSerializer})
    def create(self, request, *args, **kwargs):
        payload = VisitCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        # Found whatever the caller's sight: the service answers 404 for an organization out
        # of sight that the caller is not assigned to, like one that does not exist.
        org = (
            Organization.objects.unscoped("checked by visit_record (404 out of reach)")
            .filter(pk=data.pop("org"))
            .first()
        )
        if org is None:
            raise Http404("no such organization")
        visitor_id = data.pop("visitor")
        if visitor_id is None:
            visitor = selectors.own_person(request.user)
            if visitor is None:
                raise serializers.ValidationError({"visitor": [NO_OWN_PERSON]})
        else:
            visitor = (
                Person.objects.unscoped("checked by visit_record (refused unless in reach)")
                .select_related("primary_org")
                .filter(pk=visitor_id)
                .first()
            )
            if visitor is None:
                raise serializers.ValidationError(
                    {"visitor": [services.ERRORS["visitor_out_of_reach"]]}
                )
        visit = services.visit_record(
            actor=request.user,
            org=org,
            visitor=visitor,
            visited_on=data.pop("visited_on") or local_today(),
            **data,
        )
        url = reverse("work:visit-detail", args=[visit.pk])
        return Response(
            VisitSerializer(visit).data, status=status.HTTP_201_CREATED, headers={"Location": url}
        )

    @extend_schema(parameters=[MONTH, ORG], responses=VisitCoverageSerializer, request=None)
    @action(detail=False, methods=["get"], url_path="coverage")
    def coverage(self, request):
        """Coverage of the visit rules in `org`'s subtree for `month`: each grassroots
        organization visited or not, each assigned cadre's visits against the rule."""
        month = _month(request) or local_today().replace(day=1)
        org = org_selectors.subtree_org(request.user, query_number(request, "org"))
        report = selectors.coverage_report(org, month)
        data = {
            "org": org,
            "month": report.month,
            "visits_per_cadre": rules.VISITS_PER_CADRE,
            "cadre_period": rules.CADRE_PERIOD,
            "total": report.total,
            "visited": report.visited,
            "share": None if report.share is None else round(report.share, 4),
            "not_visited": report.not_visited,
            "cadres": report.cadres,
            "cadres_below": report.cadres_below,
            "townships": report.townships,
        }
        return Response(VisitCoverageSerializer(data).data)


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register("work/visits", VisitViewSet, basename="work-visit")
