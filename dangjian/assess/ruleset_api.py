"""/api/v1/assess/rulesets — the rule sets (百分考核细则):

- `GET  /api/v1/assess/rulesets?year=YYYY&category=township|rural|county_unit|enterprise` —
  the rule sets the caller may read (ruleset_selectors.rulesets_for), newest year first;
- `GET  /api/v1/assess/rulesets/{id}` — one, with `indicators` (the tree: each 一级 item with
  its `children`) and `totals`;
- `POST /api/v1/assess/rulesets` `{year, category, name, indicators: [{code, name, max_points,
  kind?, scoring: "manual"|"auto", auto_indicator?, guidance?, children: [...]}], org?}` → 201
  with the new draft (its detail). The issuer is `org` (an organization's id, CHANGE there) or
  the top of the caller's CHANGE scope. The tree is checked whole (ruleset_checks); a refusal
  is a 400 with the messages under `indicators` (each naming its item) and the figures under
  `totals`:
  `{"indicators": ["The top-level indicators add up to 95, not 100.",
  "A 党建基础 is 60 but its items add up to 55."], "totals": {"top": 95, "expected": 100,
  "items": {"A": {"max": 60, "children": 55}}}}` (`items`: each 一级 item with sub-items).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
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
from rest_framework.response import Response

from dangjian.assess import rules_ruleset as rules
from dangjian.assess import ruleset_selectors as selectors
from dangjian.assess import ruleset_services as services
from dangjian.assess.models import AssessCategory, RuleItem, RuleSet
from dangjian.assess.ruleset_checks import TreeError, points_number
from dangjian.lib.api import StrictSerializer, query_number
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Action

YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="the rule sets' year")
CATEGORY = OpenApiParameter(
    "category", OpenApiTypes.STR, enum=list(rules.CATEGORIES), description="the category"
)
BAD_CATEGORY = _("The category is township, rural, county_unit or enterprise.")
# An id fits the database's bigint.
ID_MAX = 2**63 - 1
NO_ISSUER = _("You may not issue rule sets: no organization of yours may be changed by you.")


# kind, status and category are plain strings in the schema (their values in help_text): the
# same names carry other choice sets in other apps' components.
KIND_HELP = "indicator | bonus | deduction"
SCORING_HELP = "manual | auto"


class AssessRuleSubItemSerializer(serializers.ModelSerializer):
    max_points = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    scoring = serializers.CharField(read_only=True, help_text=SCORING_HELP)

    class Meta:
        model = RuleItem
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "max_points",
            "scoring",
            "auto_indicator",
            "guidance",
        ]


class AssessRuleItemSerializer(AssessRuleSubItemSerializer):
    children = AssessRuleSubItemSerializer(source="subitems", many=True, read_only=True)

    class Meta(AssessRuleSubItemSerializer.Meta):
        fields = [*AssessRuleSubItemSerializer.Meta.fields, "children"]


class AssessRuleSetSerializer(serializers.ModelSerializer):
    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    based_on = serializers.IntegerField(source="based_on_id", read_only=True, allow_null=True)
    category = serializers.CharField(
        read_only=True, help_text="township | rural | county_unit | enterprise"
    )
    status = serializers.CharField(read_only=True, help_text="draft | active | retired")
    url = serializers.SerializerMethodField()

    class Meta:
        model = RuleSet
        fields = [
            "id",
            "org",
            "org_name",
            "year",
            "category",
            "name",
            "version",
            "status",
            "based_on",
            "created_at",
            "activated_at",
            "url",
        ]

    def get_url(self, ruleset: RuleSet) -> str:
        return reverse("assess:ruleset-detail", args=[ruleset.pk])


class AssessRuleTotalsSerializer(serializers.Serializer):
    top = serializers.FloatField(help_text="the 一级 indicators' points")
    expected = serializers.FloatField(help_text="what they must add up to (100)")
    bonus = serializers.FloatField(help_text="the bonus items' caps")
    deduction = serializers.FloatField(help_text="the deduction items' caps")
    complete = serializers.BooleanField(help_text="every level adds up")


class AssessRuleSetDetailSerializer(AssessRuleSetSerializer):
    indicators = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField()

    class Meta(AssessRuleSetSerializer.Meta):
        fields = [*AssessRuleSetSerializer.Meta.fields, "indicators", "totals"]

    def _tree(self, ruleset: RuleSet) -> list[RuleItem]:
        if not hasattr(ruleset, "_tree"):
            ruleset._tree = selectors.ruleset_tree(ruleset)
        return ruleset._tree

    @extend_schema_field(AssessRuleItemSerializer(many=True))
    def get_indicators(self, ruleset: RuleSet) -> list:
        return AssessRuleItemSerializer(self._tree(ruleset), many=True).data

    @extend_schema_field(AssessRuleTotalsSerializer)
    def get_totals(self, ruleset: RuleSet) -> dict:
        found = selectors.totals(self._tree(ruleset))
        return {
            "top": points_number(found.top),
            "expected": points_number(found.expected),
            "bonus": points_number(found.bonus),
            "deduction": points_number(found.deduction),
            "complete": found.complete,
        }


class AssessRuleSubItemInSerializer(StrictSerializer):
    code = serializers.CharField(allow_blank=True, max_length=64)
    name = serializers.CharField(allow_blank=True, max_length=400)
    # Any finite number: its range and decimals are the rules' (ruleset_checks), which name
    # the item ("A1 班子建设: points have at most one decimal place.").
    max_points = serializers.DecimalField(max_digits=None, decimal_places=None)
    kind = serializers.CharField(required=False, default="indicator", help_text=KIND_HELP)
    scoring = serializers.CharField(required=False, default="manual", help_text=SCORING_HELP)
    auto_indicator = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=64
    )
    guidance = serializers.CharField(required=False, allow_blank=True, default="")
    # Sub-items of a sub-item are refused by the rules (two levels at most), naming the item.
    children = serializers.ListField(
        child=serializers.DictField(), required=False, default=list, help_text="must stay empty"
    )


class AssessRuleItemInSerializer(AssessRuleSubItemInSerializer):
    children = AssessRuleSubItemInSerializer(
        many=True, required=False, default=list, help_text="the 二级 items"
    )


class AssessRuleSetCreateSerializer(StrictSerializer):
    year = serializers.IntegerField()
    category = serializers.ChoiceField(choices=AssessCategory.choices)
    name = serializers.CharField(max_length=120)
    indicators = AssessRuleItemInSerializer(many=True, allow_empty=True)
    org = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=ID_MAX,
        help_text="the issuing organization (default: your top one you may change)",
    )


def _plain(items: list) -> list[dict]:
    return [{**dict(item), "children": _plain(item.get("children") or [])} for item in items]


def _category(request) -> str:
    text = request.query_params.get("category", "")
    if text and text not in rules.CATEGORIES:
        raise serializers.ValidationError({"category": [BAD_CATEGORY]})
    return text


@extend_schema_view(
    list=extend_schema(parameters=[YEAR, CATEGORY]),
    retrieve=extend_schema(responses=AssessRuleSetDetailSerializer),
)
class RuleSetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """考核细则: the rule sets the caller may read; POST creates a draft from a tree."""

    serializer_class = AssessRuleSetSerializer

    def get_queryset(self):
        filters = selectors.RuleSetFilters(
            year=query_number(self.request, "year"), category=_category(self.request)
        )
        return selectors.ruleset_list(self.request.user, filters)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return AssessRuleSetDetailSerializer
        return AssessRuleSetSerializer

    def retrieve(self, request, *args, **kwargs):
        pk = kwargs.get("pk", "")
        if not str(pk).isdigit():
            raise Http404("not an id")
        ruleset = selectors.ruleset_get(request.user, int(pk))
        return Response(AssessRuleSetDetailSerializer(ruleset).data)

    @extend_schema(
        request=AssessRuleSetCreateSerializer, responses={201: AssessRuleSetDetailSerializer}
    )
    def create(self, request, *args, **kwargs):
        payload = AssessRuleSetCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        org = self._issuer(request, data.get("org"))
        try:
            ruleset = services.ruleset_create(
                actor=request.user,
                org=org,
                year=data["year"],
                category=data["category"],
                name=data["name"],
                indicators=_plain(data["indicators"]),
            )
        except TreeError as error:
            body = {**error.message_dict, "totals": error.totals}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        except ValidationError:
            raise
        ruleset = selectors.ruleset_get(request.user, ruleset.pk)
        url = reverse("assess:ruleset-detail", args=[ruleset.pk])
        return Response(
            AssessRuleSetDetailSerializer(ruleset).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": url},
        )

    def _issuer(self, request, pk: int | None) -> Organization:
        if pk is None:
            try:
                return org_selectors.subtree_org(request.user, None, Action.CHANGE)
            except Http404:
                raise PermissionDenied(NO_ISSUER) from None
        # Found whatever the caller's sight: the service answers 404 out of sight, 403 when
        # seen but not changeable.
        org = Organization.objects.unscoped("checked by ruleset_create").filter(pk=pk).first()
        if org is None:
            raise Http404("no such organization")
        return org


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register("assess/rulesets", RuleSetViewSet, basename="assess-ruleset")
