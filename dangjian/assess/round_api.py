"""/api/v1/assess/rounds — assessment rounds (考核轮次), their sheets, the ranking, scores:

- `GET  /api/v1/assess/rounds` — rounds in the caller's sight (paged);
- `POST /api/v1/assess/rounds` `{org, name, period_kind: "month"|"quarter"|"year", year,
  number?, rulesets?: [ids], excellent_quota_percent?}` — a draft round with one sheet per
  organization in scope (round_services.round_create); rule sets default to those in force;
- `GET  /api/v1/assess/rounds/{id}` — the round and the sheets the caller sees;
- `GET  /api/v1/assess/rounds/{id}/ranking` — per category, the sheets by rank with grades;
- `POST /api/v1/assess/rounds/{id}/scores` `{org, indicator, points, reason?, evidence?}` —
  `org` an organization id of `GET /api/v1/orgs`, `indicator` the rule item's code ("A1");
  201 for a first score of the item, 200 for a change; the answer holds the score and the
  sheet's new `total`. A deduction without a reason is a 400 naming `reason`.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.assess import round_selectors as selectors
from dangjian.assess import round_services as services
from dangjian.assess import round_sheet_services as sheet_services
from dangjian.assess.models import AssessRound, RuleItem, RuleSet, ScoreSheet
from dangjian.lib.api import ID_PATH, StrictSerializer
from dangjian.orgs.models import Organization

# Plain strings rather than enums in the schema: "status", "grade" and "category" are enum
# names other apps' components use with other values (the schema refuses the collision).
STATUS_HELP = "draft | scoring | published"
SHEET_STATUS_HELP = "open | submitted | returned | approved"
GRADE_HELP = "excellent | good | fair | poor, empty until published"
CATEGORY_HELP = "township | rural | county_unit | enterprise"


# The largest id a database row can have (a 64-bit key): larger numbers are 400, not 500.
ID_MAX = 2**63 - 1


class AssessRoundSerializer(serializers.ModelSerializer):
    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    class Meta:
        model = AssessRound
        fields = [
            "id",
            "name",
            "org",
            "org_name",
            "period_kind",
            "period_start",
            "period_end",
            "status",
            "excellent_quota_percent",
            "published_at",
        ]


class AssessSheetSerializer(serializers.Serializer):
    """One sheet of a round (the schema of `sheet_json`'s rows)."""

    id = serializers.IntegerField()
    org = serializers.IntegerField()
    org_name = serializers.CharField()
    category = serializers.CharField(help_text=CATEGORY_HELP)
    ruleset = serializers.IntegerField()
    status = serializers.CharField(help_text=SHEET_STATUS_HELP)
    inspector = serializers.CharField(allow_null=True)
    total = serializers.FloatField()
    rank = serializers.IntegerField(allow_null=True)
    grade = serializers.CharField(help_text=GRADE_HELP)


def sheet_json(row: dict) -> dict:
    """A selector's sheet row as the API's JSON (AssessSheetSerializer's fields), built
    directly: a thousand rows through a serializer cost more than the query."""
    return {
        "id": row["pk"],
        "org": row["org_id"],
        "org_name": row["org__name"],
        "category": row["category"],
        "ruleset": row["ruleset_id"],
        "status": row["status"],
        "inspector": row["inspector__username"],
        "total": float(row["total"]),
        "rank": row["rank"],
        "grade": row["grade"],
    }


class AssessRoundDetailSerializer(AssessRoundSerializer):
    sheets = AssessSheetSerializer(many=True)

    class Meta(AssessRoundSerializer.Meta):
        fields = [*AssessRoundSerializer.Meta.fields, "sheets"]


class AssessRankingCategorySerializer(serializers.Serializer):
    category = serializers.CharField(help_text=CATEGORY_HELP)
    sheets = AssessSheetSerializer(many=True)


class AssessRankingSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    status = serializers.CharField()
    excellent_quota_percent = serializers.IntegerField()
    categories = AssessRankingCategorySerializer(many=True)


class AssessRoundCreateSerializer(StrictSerializer):
    org = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, help_text="the issuing organization (an id of /api/v1/orgs)"
    )
    name = serializers.CharField(max_length=120)
    period_kind = serializers.ChoiceField(choices=AssessRound.PeriodKind.choices)
    year = serializers.IntegerField()
    number = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="the month (1–12) or quarter"
    )
    rulesets = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=ID_MAX),
        required=False,
        allow_null=True,
        default=None,
        help_text="rule set ids; default: those in force for the year",
    )
    excellent_quota_percent = serializers.IntegerField(required=False, default=20)


class AssessScoreCreateSerializer(StrictSerializer):
    org = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, help_text="the assessed organization's id"
    )
    indicator = serializers.CharField(max_length=16, help_text="the rule item's code, e.g. A1")
    points = serializers.DecimalField(max_digits=6, decimal_places=2)
    reason = serializers.CharField(required=False, default="", allow_blank=True)
    evidence = serializers.CharField(required=False, default="", allow_blank=True)


class AssessScoreSerializer(serializers.Serializer):
    org = serializers.IntegerField()
    indicator = serializers.CharField()
    points = serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False)
    auto_points = serializers.DecimalField(
        max_digits=6, decimal_places=1, coerce_to_string=False, allow_null=True
    )
    explanation = serializers.CharField()
    reason = serializers.CharField()
    evidence = serializers.CharField()
    total = serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False)


class AssessScoreChangeSerializer(serializers.Serializer):
    old_points = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    new_points = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    reason = serializers.CharField()
    changed_by = serializers.CharField()
    changed_at = serializers.DateTimeField()


class AssessSheetItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    level = serializers.IntegerField()
    max_points = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    points = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    auto_points = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    explanation = serializers.CharField()
    reason = serializers.CharField()
    changes = AssessScoreChangeSerializer(many=True)


class AssessSheetDetailSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    org = serializers.IntegerField()
    org_name = serializers.CharField()
    status = serializers.CharField()
    total = serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False)
    rank = serializers.IntegerField(allow_null=True)
    grade = serializers.CharField()
    items = AssessSheetItemSerializer(many=True)


NO_ORG = _("No sheet of this organization in the round.")
NO_ITEM = _("No item with this code in the organization's rule set.")
NO_RULESET = _("No such rule set.")


def _rulesets(ids: list[int] | None) -> list[RuleSet] | None:
    if ids is None:
        return None
    rows = list(
        RuleSet.objects.unscoped("checked by round_create (in force above the issuer)")
        .filter(pk__in=ids)
        .select_related("org")
    )
    if len(rows) != len(set(ids)):
        raise serializers.ValidationError({"rulesets": [NO_RULESET]})
    return rows


@extend_schema_view(
    retrieve=extend_schema(parameters=[ID_PATH], responses=AssessRoundDetailSerializer),
)
class AssessRoundViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """考核轮次: rounds in the caller's sight; POST creates one."""

    lookup_value_regex = r"\d+"
    serializer_class = AssessRoundSerializer

    def get_queryset(self):
        return selectors.round_list(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        round_ = selectors.round_get(request.user, int(kwargs["pk"]))
        data = AssessRoundSerializer(round_).data
        data["sheets"] = [sheet_json(row) for row in selectors.round_sheets(request.user, round_)]
        return Response(data)

    @extend_schema(request=AssessRoundCreateSerializer, responses={201: AssessRoundSerializer})
    def create(self, request, *args, **kwargs):
        payload = AssessRoundCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        org = (
            Organization.objects.unscoped("checked by round_create (404 out of sight)")
            .filter(pk=data.pop("org"))
            .first()
        )
        if org is None:
            raise Http404("no such organization")
        row = services.round_create(
            actor=request.user, org=org, rulesets=_rulesets(data.pop("rulesets")), **data
        )
        return Response(AssessRoundSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[ID_PATH], responses=AssessRankingSerializer)
    @action(detail=True, methods=["get"])
    def ranking(self, request, pk=None):
        """Per category, the sheets the caller sees by rank, with grades (published)."""
        round_ = selectors.round_get(request.user, int(pk))
        groups = selectors.ranking(request.user, round_)
        data = {
            "round": round_.pk,
            "status": round_.status,
            "excellent_quota_percent": round_.excellent_quota_percent,
            "categories": [
                {"category": g.category, "sheets": [sheet_json(row) for row in g.sheets]}
                for g in groups
            ],
        }
        return Response(data)

    @extend_schema(
        parameters=[
            ID_PATH,
            OpenApiParameter("org", OpenApiTypes.INT, OpenApiParameter.PATH),
        ],
        responses=AssessSheetDetailSerializer,
    )
    @action(detail=True, methods=["get"], url_path=r"sheets/(?P<org>\d+)")
    def sheet(self, request, pk=None, org=None):
        """One organization's scoring sheet: its items in tree order with the points, how the
        automatic ones were computed, and every change (who, when, old → new, why)."""
        round_ = selectors.round_get(request.user, int(pk))
        sheet = (
            selectors.sheet_queryset(request.user)
            .filter(round=round_, org_id=int(org))
            .select_related("org")
            .first()
        )
        if sheet is None:
            raise Http404(NO_ORG)
        items = []
        for line in selectors.sheet_lines(sheet):
            score = line.score
            items.append(
                {
                    "code": line.item.code,
                    "name": line.item.name,
                    "kind": line.item.kind,
                    "level": line.level + 1,
                    "max_points": line.item.max_points,
                    "points": score.points if score else None,
                    "auto_points": score.auto_points if score else None,
                    "explanation": score.explanation if score else "",
                    "reason": score.reason if score else "",
                    "changes": [
                        {
                            "old_points": change.old_points,
                            "new_points": change.new_points,
                            "reason": change.reason,
                            "changed_by": change.changed_by.username if change.changed_by else "",
                            "changed_at": change.changed_at,
                        }
                        for change in (score.changes.all() if score else ())
                    ],
                }
            )
        data = {
            "round": round_.pk,
            "org": sheet.org_id,
            "org_name": sheet.org.name,
            "status": sheet.status,
            "total": sheet.total,
            "rank": sheet.rank,
            "grade": sheet.grade,
            "items": items,
        }
        return Response(AssessSheetDetailSerializer(data).data)

    @extend_schema(
        parameters=[ID_PATH],
        request=AssessScoreCreateSerializer,
        responses={200: AssessScoreSerializer, 201: AssessScoreSerializer},
    )
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        """An inspector's points for one item of one organization's sheet."""
        round_ = selectors.round_get(request.user, int(pk))
        payload = AssessScoreCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        sheet = (
            ScoreSheet.objects.visible_to(request.user)
            .filter(round=round_, org_id=data["org"])
            .select_related("round", "org")
            .first()
        )
        if sheet is None:
            raise Http404(NO_ORG)
        item = (
            RuleItem.objects.unscoped("the items of a sheet in sight")
            .filter(ruleset_id=sheet.ruleset_id, code=data["indicator"])
            .first()
        )
        if item is None:
            raise serializers.ValidationError({"indicator": [NO_ITEM]})
        done = sheet_services.score_set(
            actor=request.user,
            sheet=sheet,
            item=item,
            points=data["points"],
            reason=data["reason"],
            evidence=data["evidence"],
        )
        score = done.score
        body = {
            "org": sheet.org_id,
            "indicator": item.code,
            "points": score.points,
            "auto_points": score.auto_points,
            "explanation": score.explanation,
            "reason": score.reason,
            "evidence": score.evidence,
            "total": done.total,
        }
        code = status.HTTP_201_CREATED if done.created else status.HTTP_200_OK
        return Response(AssessScoreSerializer(body).data, status=code)


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register("assess/rounds", AssessRoundViewSet, basename="assess-round")
