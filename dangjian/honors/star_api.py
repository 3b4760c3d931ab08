"""/api/v1/honors/… endpoints of the star part (评星挂牌), the same selectors and services as
its pages:

- `GET  /api/v1/honors/star-ratings?year=&org=&stars=&issuer=` — current ratings in the
  caller's sight (`org`: that organization's subtree), by stars, then name;
- `GET  /api/v1/honors/star-ratings/{id}` — one rating (a history row too) with its reasons;
- `POST /api/v1/honors/star-ratings/run` `{issuer, year}` — rate every grassroots
  organization below `issuer` (CHANGE at it) in the background → 202 with the job;
- `GET  /api/v1/honors/star-runs/{id}` — the job: status, progress, and once done
  `summary` `{rated, not_rated, by_stars}`;
- `POST /api/v1/honors/star-ratings/publish` `{issuer, year}` → `{published}`;
- `GET  /api/v1/honors/star-criteria/{issuer}/{year}` — the criteria in force (own, set above,
  or the defaults: `source`); `PUT` the same path `{thresholds, vetoes}` sets the issuer's own.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.honors import rules_star as rules
from dangjian.honors import star_criteria as criteria_rules
from dangjian.honors import star_selectors as selectors
from dangjian.honors import star_services as services
from dangjian.honors.models import StarRating, StarRunJob
from dangjian.honors.star_compute import reason_text
from dangjian.lib.api import ID_PATH, StrictSerializer, query_number
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Action, require

ID_MAX = 2**63 - 1
STARS_FILTER = _("Stars are a whole number from 0 (not rated) to 5.")
GRADE_HELP = "the assessment grade: excellent | good | fair | poor (empty without a result)"


class HonorsStarReasonSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="score | veto | no_result")
    text = serializers.CharField()
    data = serializers.JSONField(help_text="the reason's figures (score, threshold, veto …)")


class HonorsStarRatingSerializer(serializers.ModelSerializer):
    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    issuer = serializers.IntegerField(source="issuer_id", read_only=True)
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    stars = serializers.IntegerField(read_only=True, help_text="1–5; 0: not rated (no result)")
    score = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True)
    grade = serializers.CharField(read_only=True, help_text=GRADE_HELP)
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = StarRating
        fields = [
            "id",
            "org",
            "org_name",
            "issuer",
            "issuer_name",
            "year",
            "stars",
            "score",
            "grade",
            "reasons",
            "current",
            "published",
            "rated_at",
        ]

    @extend_schema_field(HonorsStarReasonSerializer(many=True))
    def get_reasons(self, rating: StarRating) -> list[dict]:
        return [
            {"kind": reason.get("kind", ""), "text": reason_text(reason), "data": reason}
            for reason in rating.reasons
        ]


class HonorsStarIssuerYearSerializer(StrictSerializer):
    issuer = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, help_text="the rating organization's id"
    )
    year = serializers.IntegerField(min_value=1, max_value=9999)


class HonorsStarRunJobSerializer(serializers.ModelSerializer):
    issuer = serializers.IntegerField(source="issuer_id", read_only=True)
    status = serializers.CharField(read_only=True, help_text="pending | running | done | failed")
    summary = serializers.JSONField(
        read_only=True, help_text='once done: {"rated", "not_rated", "by_stars": {"5": n, …}}'
    )

    class Meta:
        model = StarRunJob
        fields = [
            "id",
            "issuer",
            "year",
            "status",
            "progress_done",
            "progress_total",
            "error",
            "summary",
            "created_at",
            "finished_at",
        ]


class HonorsStarPublishedSerializer(serializers.Serializer):
    published = serializers.IntegerField()


class HonorsStarThresholdSerializer(serializers.Serializer):
    stars = serializers.IntegerField()
    min_score = serializers.CharField(help_text="0–100, one decimal at most")


class HonorsStarVetoSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="a registered indicator's code")
    when = serializers.CharField(help_text="ratio_below | count_above")
    value = serializers.CharField()
    effect = serializers.CharField(help_text="max_stars | minus_stars")
    stars = serializers.IntegerField()
    label = serializers.CharField()


class HonorsStarCriteriaSerializer(serializers.Serializer):
    issuer = serializers.IntegerField()
    year = serializers.IntegerField()
    source = serializers.CharField(help_text="own | above | default")
    set_by = serializers.IntegerField(allow_null=True)
    thresholds = HonorsStarThresholdSerializer(many=True)
    vetoes = HonorsStarVetoSerializer(many=True)


class HonorsStarCriteriaInSerializer(StrictSerializer):
    # Lists of objects checked by the service (star_criteria), each problem named there.
    thresholds = serializers.JSONField(help_text='[{"stars": 5, "min_score": "95"}, …]')
    vetoes = serializers.JSONField(
        required=False,
        default=list,
        help_text='[{"indicator", "when", "value", "effect", "stars", "label"}, …]',
    )


def _issuer(request, pk: int) -> Organization:
    """Found whatever the caller's sight, then the caller's reach: 404 out of sight, 403 seen
    but not changeable."""
    org = Organization.objects.unscoped("checked right below (404 out of reach)")
    org = org.filter(pk=pk).first()
    if org is None:
        raise Http404("no such organization")
    require(request.user, Action.CHANGE, org, str(services.ERRORS["no_right"]))
    return org


FILTERS = [
    OpenApiParameter("year", OpenApiTypes.INT),
    OpenApiParameter("org", OpenApiTypes.INT, description="an organization's id: its subtree"),
    OpenApiParameter("stars", OpenApiTypes.INT, description="0–5"),
    OpenApiParameter("issuer", OpenApiTypes.INT, description="the rating organization's id"),
]


@extend_schema_view(
    list=extend_schema(parameters=FILTERS),
    retrieve=extend_schema(parameters=[ID_PATH]),
)
class StarRatingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """评挂牌星级: current ratings in the caller's sight; run and publish for issuers."""

    lookup_value_regex = r"\d+"
    serializer_class = HonorsStarRatingSerializer

    def get_queryset(self):
        user = self.request.user
        if self.action == "retrieve":
            return selectors.rating_queryset(user).select_related("org", "issuer")
        org_pk, issuer_pk = query_number(self.request, "org"), query_number(self.request, "issuer")
        filters = selectors.RatingFilters(
            year=query_number(self.request, "year"),
            stars=query_number(self.request, "stars"),
            org=None if org_pk is None else org_selectors.org_get(user, org_pk),
            issuer=None if issuer_pk is None else org_selectors.org_get(user, issuer_pk),
        )
        if filters.stars is not None and not rules.NOT_RATED <= filters.stars <= rules.STARS_MAX:
            raise serializers.ValidationError({"stars": [STARS_FILTER]})
        return selectors.rating_list(user, filters)

    def _payload(self, request) -> tuple[Organization, int]:
        payload = HonorsStarIssuerYearSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return _issuer(request, payload.validated_data["issuer"]), payload.validated_data["year"]

    @extend_schema(
        request=HonorsStarIssuerYearSerializer, responses={202: HonorsStarRunJobSerializer}
    )
    @action(detail=False, methods=["post"])
    def run(self, request):
        """Queue the run: 202 with the job; follow it at /api/v1/honors/star-runs/{id}."""
        issuer, year = self._payload(request)
        job = services.rating_run_start(actor=request.user, issuer=issuer, year=year)
        job.refresh_from_db()  # an immediate task backend has already run it
        return Response(HonorsStarRunJobSerializer(job).data, status=202)

    @extend_schema(
        request=HonorsStarIssuerYearSerializer, responses={200: HonorsStarPublishedSerializer}
    )
    @action(detail=False, methods=["post"])
    def publish(self, request):
        issuer, year = self._payload(request)
        count = services.ratings_publish(actor=request.user, issuer=issuer, year=year)
        return Response({"published": count})


@extend_schema_view(retrieve=extend_schema(parameters=[ID_PATH]))
class StarRunJobViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A rating run's job, for those who may rate for its issuer."""

    lookup_value_regex = r"\d+"
    serializer_class = HonorsStarRunJobSerializer

    def get_queryset(self):
        return selectors.job_queryset(self.request.user)


CRITERIA_PATH = [
    OpenApiParameter("issuer", OpenApiTypes.INT, OpenApiParameter.PATH),
    OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH),
]


def _criteria_body(issuer: Organization, year: int) -> dict:
    current = criteria_rules.in_force(issuer, year)
    if current.is_default:
        source = "default"
    else:
        source = "own" if current.set_by.pk == issuer.pk else "above"
    return {
        "issuer": issuer.pk,
        "year": year,
        "source": source,
        "set_by": None if current.set_by is None else current.set_by.pk,
        "thresholds": current.thresholds,
        "vetoes": current.vetoes,
    }


class StarCriteriaViewSet(viewsets.GenericViewSet):
    """评星标准 of an issuer's year: read by those who see the issuer, set with CHANGE."""

    serializer_class = HonorsStarCriteriaSerializer

    def get_queryset(self):  # pragma: no cover - the actions look the issuer up themselves
        return Organization.objects.none()

    @extend_schema(methods=["GET"], parameters=CRITERIA_PATH)
    @extend_schema(
        methods=["PUT"],
        parameters=CRITERIA_PATH,
        request=HonorsStarCriteriaInSerializer,
        responses={200: HonorsStarCriteriaSerializer},
    )
    @action(
        detail=False,
        methods=["get", "put"],
        url_path=r"(?P<issuer>\d+)/(?P<year>\d{1,4})",
        url_name="detail",
    )
    def criteria(self, request, issuer: str, year: str):
        year_number = int(year)
        if request.method == "GET":
            org = org_selectors.org_get(request.user, int(issuer))
            return Response(_criteria_body(org, year_number))
        org = _issuer(request, int(issuer))
        payload = HonorsStarCriteriaInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.criteria_save(
            actor=request.user,
            issuer=org,
            year=year_number,
            thresholds=payload.validated_data["thresholds"],
            vetoes=payload.validated_data["vetoes"],
        )
        return Response(_criteria_body(org, year_number))


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register("honors/star-ratings", StarRatingViewSet, basename="honors-star-rating")
    router.register("honors/star-runs", StarRunJobViewSet, basename="honors-star-run")
    router.register("honors/star-criteria", StarCriteriaViewSet, basename="honors-star-criteria")
