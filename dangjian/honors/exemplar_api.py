"""/api/v1/honors/… endpoints of the exemplar part (评先树优), the same selectors and services
as its pages:

- `GET/POST /api/v1/honors/rounds` — rounds in sight; POST `{org, kind: "monthly"|"yearly",
  period: "YYYY-MM"|"YYYY", title?, notice_days?}` opens one (CHANGE at the committee);
- `GET /api/v1/honors/rounds/{id}`; `POST …/rounds/{id}/notice` starts 公示;
  `POST …/rounds/{id}/decide` `{decisions: [{nomination, award: bool, note?}]}` — every
  nomination in notice, in one call, after the notice ended and every objection is answered;
- `GET/POST /api/v1/honors/nominations` (`?round=`) — POST `{round, org, category,
  nominee_org?, nominee_person?, summary, deeds}` (photos and documents: on the page);
  `GET …/nominations/{id}`; `POST …/nominations/{id}/review` `{decision:
  "approve"|"reject", note?}`;
- `GET /api/v1/honors/objections` (the committee's, scoped; contacts masked without the
  personal-data right); `POST …/objections/{id}/answer` `{outcome: "upheld"|"dismissed",
  answer}`;
- `POST /api/v1/public/objections` `{round, nomination, body, name?, contact?}` — NO login:
  `round` is the round's `public_key` (the one of its notice page /honors/n/<public_key>/),
  `nomination` one of its nominations in notice. Every attempt counts against the sender's
  address first: more than rules_exemplar.OBJECTIONS_PER_ADDRESS_PER_HOUR in the hour → 429
  before anything is looked up; then 201 `{id}`; no such round, not its nomination, not in
  notice → the same 404; a notice that ended → 400 saying so; a bad field → 400;
- `GET /api/v1/honors/awards?year=&category=&org=` — the ledger.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from dangjian.honors import exemplar_decision_services as decision_services
from dangjian.honors import exemplar_nomination_services as nomination_services
from dangjian.honors import exemplar_notice_services as notice_services
from dangjian.honors import exemplar_selectors as selectors
from dangjian.honors import exemplar_services as services
from dangjian.honors import rules_exemplar as rules
from dangjian.honors.exemplar_api_serializers import (
    HonorsExemplarAnswerSerializer,
    HonorsExemplarAwardSerializer,
    HonorsExemplarCreatedSerializer,
    HonorsExemplarDecideSerializer,
    HonorsExemplarDetailSerializer,
    HonorsExemplarNominationCreateSerializer,
    HonorsExemplarNominationSerializer,
    HonorsExemplarObjectionSerializer,
    HonorsExemplarPublicObjectionSerializer,
    HonorsExemplarReviewSerializer,
    HonorsExemplarRoundCreateSerializer,
    HonorsExemplarRoundSerializer,
)
from dangjian.honors.models import Nomination
from dangjian.lib.api import ID_PATH, query_number
from dangjian.lib.client_ip import client_ip
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization, Person
from dangjian.orgs.scoping import Action, require

ROUND = OpenApiParameter("round", OpenApiTypes.INT, description="a round's id")
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="the awards' year")
CATEGORY = OpenApiParameter("category", OpenApiTypes.STR, description="org | member | worker")
ORG = OpenApiParameter("org", OpenApiTypes.INT, description="nominating organizations' subtree")


def _found(queryset, pk):
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise Http404("not found")
    return row


@extend_schema_view(retrieve=extend_schema(parameters=[ID_PATH]))
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """评先树优 rounds in sight (a committee's own, and those open to nominating orgs)."""

    lookup_value_regex = r"\d+"
    serializer_class = HonorsExemplarRoundSerializer

    def get_queryset(self):
        return selectors.rounds_for(self.request.user).order_by("-period", "org__path", "pk")

    @extend_schema(
        request=HonorsExemplarRoundCreateSerializer, responses={201: HonorsExemplarRoundSerializer}
    )
    def create(self, request):
        payload = HonorsExemplarRoundCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        org = _found(
            Organization.objects.unscoped("checked right below (404 out of reach)"), data.pop("org")
        )
        require(request.user, Action.CHANGE, org, str(services.ERRORS["no_right"]))
        round_ = services.round_create(actor=request.user, org=org, **data)
        return Response(HonorsExemplarRoundSerializer(round_).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[ID_PATH], request=None, responses=HonorsExemplarRoundSerializer)
    @action(detail=True, methods=["post"])
    def notice(self, request, pk=None):
        """Start 公示 (the committee)."""
        round_ = selectors.round_get(request.user, int(pk))
        notice_services.round_start_notice(actor=request.user, round_=round_)
        return Response(HonorsExemplarRoundSerializer(round_).data)

    @extend_schema(
        parameters=[ID_PATH],
        request=HonorsExemplarDecideSerializer,
        responses=HonorsExemplarAwardSerializer(many=True),
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Award or not each nomination in notice (the committee), after the notice."""
        round_ = selectors.round_get(request.user, int(pk))
        services.require_committee(request.user, round_)
        payload = HonorsExemplarDecideSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        decisions = [
            decision_services.Decision(**row) for row in payload.validated_data["decisions"]
        ]
        awards = decision_services.round_decide(
            actor=request.user, round_=round_, decisions=decisions
        )
        return Response(HonorsExemplarAwardSerializer(awards, many=True).data)


@extend_schema_view(
    list=extend_schema(parameters=[ROUND]), retrieve=extend_schema(parameters=[ID_PATH])
)
class NominationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Nominations in sight (the nominating organization's chain, the committee's)."""

    lookup_value_regex = r"\d+"
    serializer_class = HonorsExemplarNominationSerializer

    def get_queryset(self):
        rows = selectors.nomination_queryset(self.request.user).order_by("-round__period", "pk")
        round_pk = query_number(self.request, "round")
        if round_pk is not None:
            rows = rows.filter(round_id=round_pk)
        return rows

    @extend_schema(
        request=HonorsExemplarNominationCreateSerializer,
        responses={201: HonorsExemplarNominationSerializer},
    )
    def create(self, request):
        payload = HonorsExemplarNominationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        round_ = selectors.round_get(request.user, data.pop("round"))
        org = _found(Organization.objects.visible_to(request.user), data.pop("org"))
        nominee_org = data.pop("nominee_org")
        nominee_person = data.pop("nominee_person")
        if nominee_org is not None:
            nominee_org = (
                Organization.objects.visible_to(request.user).filter(pk=nominee_org).first()
            )
            if nominee_org is None:
                raise ValidationError({"nominee_org": [services.ERRORS["nominee_org_missing"]]})
        if nominee_person is not None:
            nominee_person = (
                Person.objects.visible_to(request.user)
                .select_related("primary_org")
                .filter(pk=nominee_person)
                .first()
            )
            if nominee_person is None:
                raise ValidationError(
                    {"nominee_person": [services.ERRORS["nominee_person_missing"]]}
                )
        nomination = nomination_services.nomination_create(
            actor=request.user,
            round_=round_,
            org=org,
            nominee_org=nominee_org,
            nominee_person=nominee_person,
            **data,
        )
        return Response(
            HonorsExemplarNominationSerializer(nomination).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        parameters=[ID_PATH],
        request=HonorsExemplarReviewSerializer,
        responses=HonorsExemplarNominationSerializer,
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """The committee's review: approve (into 公示) or reject (with a note)."""
        nomination = selectors.nomination_get(request.user, int(pk))
        services.require_committee(request.user, nomination.round)
        services.require_not_own(request.user, nomination)
        payload = HonorsExemplarReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.nomination_review(
            actor=request.user, nomination=nomination, **payload.validated_data
        )
        return Response(HonorsExemplarNominationSerializer(nomination).data)


class ObjectionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Objections to the nominations of the committees in reach."""

    lookup_value_regex = r"\d+"
    serializer_class = HonorsExemplarObjectionSerializer

    def get_queryset(self):
        return selectors.objection_queryset(self.request.user).order_by("-created_at", "pk")

    @extend_schema(
        parameters=[ID_PATH],
        request=HonorsExemplarAnswerSerializer,
        responses=HonorsExemplarObjectionSerializer,
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        objection = selectors.objection_get(request.user, int(pk))
        services.require_committee(request.user, objection.nomination.round)
        services.require_not_own(request.user, objection.nomination)
        payload = HonorsExemplarAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        notice_services.objection_answer(
            actor=request.user, objection=objection, **payload.validated_data
        )
        return Response(
            HonorsExemplarObjectionSerializer(objection, context={"request": request}).data
        )


class PublicObjectionViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    """异议 during 公示: no login; limited per address instead of per user."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []
    serializer_class = HonorsExemplarPublicObjectionSerializer

    @extend_schema(
        request=HonorsExemplarPublicObjectionSerializer,
        responses={
            201: HonorsExemplarCreatedSerializer,
            404: HonorsExemplarDetailSerializer,
            413: HonorsExemplarDetailSerializer,
            429: HonorsExemplarDetailSerializer,
        },
        auth=[],
    )
    def create(self, request, *args, **kwargs):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > rules.PUBLIC_BODY_MAX_BYTES:
            return Response({"detail": "too large"}, status=413)
        ip = client_ip(request)
        try:
            # Before the payload is read: no lookup answers an address over its limit.
            notice_services.count_attempt(ip)
        except notice_services.TooManyObjections as error:
            return Response({"detail": str(error.message)}, status=429)
        payload = HonorsExemplarPublicObjectionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        try:
            nomination = notice_services.public_nomination(
                data.pop("round"), data.pop("nomination")
            )
        except Nomination.DoesNotExist:
            raise Http404("no such nomination in public notice") from None
        objection = notice_services.objection_lodge(nomination=nomination, ip=ip, **data)
        return Response({"id": objection.pk}, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(parameters=[YEAR, CATEGORY, ORG]))
class AwardViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The ledger (台账): awards by year, category and nominating organization."""

    serializer_class = HonorsExemplarAwardSerializer

    def get_queryset(self):
        org_pk = query_number(self.request, "org")
        org = org_selectors.org_get(self.request.user, org_pk) if org_pk is not None else None
        category = self.request.query_params.get("category", "")
        if category and category not in ("org", "member", "worker"):
            raise serializers.ValidationError({"category": ["org | member | worker"]})
        filters = selectors.LedgerFilters(
            year=query_number(self.request, "year"), category=category, org=org
        )
        return selectors.ledger(self.request.user, filters)


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register("honors/rounds", RoundViewSet, basename="honors-round")
    router.register("honors/nominations", NominationViewSet, basename="honors-nomination")
    router.register("honors/objections", ObjectionViewSet, basename="honors-objection")
    router.register("honors/awards", AwardViewSet, basename="honors-award")
    router.register("public/objections", PublicObjectionViewSet, basename="public-objection")
