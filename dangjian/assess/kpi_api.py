"""/api/v1/assess/kpis — department KPIs (业绩评价指标), the same selectors and services as the
pages:

- `GET  /api/v1/assess/kpis?org={id}` — the KPIs in the caller's reach (of `org`'s subtree),
  each with its latest value;
- `POST /api/v1/assess/kpis` `{org, name, unit_of_measure, direction: "higher"|"lower",
  target, frequency: "month"|"quarter"|"year", rule_item?}` — a new KPI of the unit `org`
  (CHANGE at it);
- `GET  /api/v1/assess/kpis/{id}` — a KPI with its values (the latest periods, in order);
- `POST /api/v1/assess/kpis/{id}/values` `{period, value, note?}` — the value of one period,
  `period` written as the KPI's frequency: "YYYY-MM", "YYYY-Qn" or "YYYY" (anything else is a
  400 naming `period`); a second value for the period replaces the first.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
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

from dangjian.assess import kpi_selectors as selectors
from dangjian.assess import kpi_services as services
from dangjian.assess import rules_kpi as rules
from dangjian.assess.models import Kpi
from dangjian.lib.api import ID_PATH, StrictSerializer, query_number
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Action, require

ORG = OpenApiParameter(
    "org", OpenApiTypes.INT, description="an organization's id: the KPIs of its subtree"
)
# An id fits the database's bigint.
ID_MAX = 2**63 - 1
DECIMAL = {"max_digits": 14, "decimal_places": rules.VALUE_DECIMALS}


class AssessKpiSerializer(serializers.ModelSerializer):
    """A KPI with its latest value (`latest_period` empty and `met` null without one)."""

    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    direction = serializers.CharField(read_only=True, help_text="higher | lower")
    frequency = serializers.CharField(read_only=True, help_text="month | quarter | year")
    target = serializers.DecimalField(read_only=True, **DECIMAL)
    rule_item = serializers.IntegerField(source="rule_item_id", read_only=True, allow_null=True)
    latest_period = serializers.SerializerMethodField()
    latest_value = serializers.SerializerMethodField()
    met = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Kpi
        fields = [
            "id",
            "org",
            "org_name",
            "name",
            "unit_of_measure",
            "direction",
            "target",
            "frequency",
            "rule_item",
            "is_active",
            "latest_period",
            "latest_value",
            "met",
            "url",
        ]

    def _row(self, kpi: Kpi) -> selectors.BoardRow:
        return selectors.board_row(kpi)

    def get_latest_period(self, kpi: Kpi) -> str:
        return self._row(kpi).period

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_latest_value(self, kpi: Kpi) -> str | None:
        value = self._row(kpi).value
        return None if value is None else services.amount_text(value)

    def get_met(self, kpi: Kpi) -> bool | None:
        return self._row(kpi).met

    def get_url(self, kpi: Kpi) -> str:
        return reverse("assess:kpi-detail", args=[kpi.pk])


class AssessKpiValueSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="YYYY-MM | YYYY-Qn | YYYY")
    period_start = serializers.DateField(source="value.period_start")
    value = serializers.DecimalField(source="value.value", **DECIMAL)
    note = serializers.CharField(source="value.note")
    met = serializers.BooleanField()
    entered_by = serializers.CharField(
        source="value.entered_by.username", allow_null=True, default=None
    )
    entered_at = serializers.DateTimeField(source="value.entered_at")


class AssessKpiDetailSerializer(AssessKpiSerializer):
    values = serializers.SerializerMethodField()

    class Meta(AssessKpiSerializer.Meta):
        fields = [*AssessKpiSerializer.Meta.fields, "values"]

    @extend_schema_field(AssessKpiValueSerializer(many=True))
    def get_values(self, kpi: Kpi) -> list[dict]:
        return AssessKpiValueSerializer(selectors.series(kpi), many=True).data


class AssessKpiCreateSerializer(StrictSerializer):
    org = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, help_text="the unit's organization id"
    )
    name = serializers.CharField(max_length=rules.NAME_MAX_CHARS)
    unit_of_measure = serializers.CharField(max_length=rules.UNIT_OF_MEASURE_MAX_CHARS)
    direction = serializers.ChoiceField(choices=Kpi.Direction.values)
    target = serializers.DecimalField(**DECIMAL)
    frequency = serializers.ChoiceField(choices=Kpi.Frequency.values)
    rule_item = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=ID_MAX,
        help_text="a rule-set item's id",
    )


class AssessKpiValueInSerializer(StrictSerializer):
    period = serializers.CharField(help_text="YYYY-MM | YYYY-Qn | YYYY, as the KPI's frequency")
    value = serializers.DecimalField(**DECIMAL)
    note = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.NOTE_MAX_CHARS
    )


@extend_schema_view(
    list=extend_schema(parameters=[ORG]),
    retrieve=extend_schema(parameters=[ID_PATH], responses=AssessKpiDetailSerializer),
)
class KpiViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """业绩评价指标: the units' KPIs in the caller's reach; POST adds one to a unit."""

    lookup_value_regex = r"\d+"
    serializer_class = AssessKpiSerializer

    def get_queryset(self):
        kpis = Kpi.objects.visible_to(self.request.user).select_related("org")
        org_pk = query_number(self.request, "org")
        if org_pk is not None:
            org = org_selectors.org_get(self.request.user, org_pk)
            kpis = kpis.filter(org__path__startswith=org.path)
        return selectors.with_latest(kpis).order_by("org__path", "position", "pk")

    def _detail(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        kpi = selectors.with_latest(
            Kpi.objects.visible_to(self.request.user).select_related("org")
        ).filter(pk=pk)
        found = kpi.first()
        if found is None:
            raise Http404("no such KPI")
        return Response(AssessKpiDetailSerializer(found).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(int(kwargs["pk"]))

    @extend_schema(request=AssessKpiCreateSerializer, responses={201: AssessKpiDetailSerializer})
    def create(self, request, *args, **kwargs):
        payload = AssessKpiCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        # Found whatever the caller's sight, then the caller's reach first (404 out of sight,
        # 403 seen but not changeable): a rule item is looked up only for a unit in reach.
        org = (
            Organization.objects.unscoped("checked right below (404 out of reach)")
            .filter(pk=data.pop("org"))
            .first()
        )
        if org is None:
            raise Http404("no such organization")
        require(request.user, Action.CHANGE, org, str(services.ERRORS["no_right"]))
        item_pk = data.pop("rule_item")
        item = None
        if item_pk is not None:
            item = selectors.rule_item_get(request.user, org, item_pk, services.local_today())
            if item is None:
                raise serializers.ValidationError({"rule_item": [services.ERRORS["rule_item"]]})
        kpi = services.kpi_create(actor=request.user, org=org, rule_item=item, **data)
        response = self._detail(kpi.pk, status.HTTP_201_CREATED)
        response["Location"] = reverse("api:assess-kpi-detail", args=[kpi.pk])
        return response

    @extend_schema(
        parameters=[ID_PATH],
        request=AssessKpiValueInSerializer,
        responses={201: AssessKpiDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="values")
    def values(self, request, pk=None):
        """The value of one period; a second value for the period replaces the first."""
        kpi = selectors.kpi_get(request.user, int(pk))
        payload = AssessKpiValueInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        errors: dict = {}
        start = services.parse_period(kpi, data["period"], errors)
        if errors:
            raise ValidationError(errors)
        services.value_enter(
            actor=request.user, kpi=kpi, period_start=start, value=data["value"], note=data["note"]
        )
        return self._detail(kpi.pk, status.HTTP_201_CREATED)


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register("assess/kpis", KpiViewSet, basename="assess-kpi")
