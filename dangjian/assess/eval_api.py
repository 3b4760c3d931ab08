"""/api/v1/… endpoints of the eval part (群众评议), the same services as the pages:

- `POST /api/v1/assess/evaluation-codes` `{org, count, period: "YYYY-MM"}` → 201
  `{codes: [...]}` — callers with CHANGE at the organization (403 if they only see it, 404 if
  they do not);
- `POST /api/v1/public/evaluations` — NO login, no CSRF (no session authentication on this
  endpoint): `{code, overall: "satisfied"|"basic"|"dissatisfied", dimensions?, comment?,
  contact?}` → 201; the same code again → 409 with a polite message, nothing stored; an
  unknown code → 404. Not limited by the per-user API throttle (every caller is the same
  anonymous user and a service hall's voters share one address); instead each address may
  enter at most rules_eval.FAILED_CODES_PER_HOUR unknown codes an hour (guessing), then 429;
- `GET /api/v1/assess/evaluations/summary?org={id}&period=YYYY-MM` → `{count, satisfied,
  basic, dissatisfied}` for the units in the organization's subtree (a subtree the caller
  reaches, else 404; default: the caller's top organization and this month).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from dangjian.assess import eval_selectors as selectors
from dangjian.assess import eval_services as services
from dangjian.assess import eval_submit_services as submit
from dangjian.assess import rules_eval as rules
from dangjian.assess.models import EvaluationCode
from dangjian.lib import months
from dangjian.lib.api import StrictSerializer, query_number
from dangjian.lib.client_ip import client_ip
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization

BAD_MONTH = _("Write the month as YYYY-MM, for example 2026-11.")
TOO_LARGE = _("The evaluation is too large: at most %(limit)s bytes are accepted.")
THANKS = _("Thank you: your evaluation was received.")
ORG = OpenApiParameter("org", OpenApiTypes.INT, description="an organization's id (its subtree)")
PERIOD = OpenApiParameter("period", OpenApiTypes.STR, description="YYYY-MM (default: this month)")
RATING = serializers.ChoiceField(choices=rules.OVERALL_VALUES)


def parse_month(text: str) -> datetime.date | None:
    """YYYY-MM (a year in the rules' range) → its first day; None for anything else."""
    return months.parse_month(text, years=(rules.MONTH_YEAR_MIN, rules.MONTH_YEAR_MAX))


class AssessEvaluationCodesCreateSerializer(StrictSerializer):
    org = serializers.IntegerField(help_text="the unit's organization id")
    count = serializers.IntegerField(
        min_value=1, max_value=rules.MAX_CODES_PER_REQUEST, help_text="how many codes"
    )
    period = serializers.CharField(help_text="the month the codes are for, YYYY-MM")

    def validate_period(self, value: str) -> datetime.date:
        month = parse_month(value)
        if month is None:
            raise serializers.ValidationError(BAD_MONTH)
        return month


class AssessEvaluationCodesSerializer(serializers.Serializer):
    org = serializers.IntegerField()
    period = serializers.CharField()
    codes = serializers.ListField(child=serializers.CharField())


class AssessPublicEvaluationSerializer(StrictSerializer):
    code = serializers.CharField(max_length=40, help_text="the one-time code on the slip")
    overall = serializers.ChoiceField(choices=rules.OVERALL_VALUES)
    dimensions = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text=f"optional ratings of: {', '.join(rules.DIMENSIONS)}",
    )
    comment = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)
    contact = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)


class AssessEvaluationSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    basic = serializers.IntegerField()
    dissatisfied = serializers.IntegerField()


class AssessEvaluationAnswerSerializer(serializers.Serializer):
    detail = serializers.CharField()


class EvaluationCodeViewSet(viewsets.GenericViewSet):
    """评议码: make one-time codes for a unit and month."""

    serializer_class = AssessEvaluationCodesCreateSerializer

    @extend_schema(
        request=AssessEvaluationCodesCreateSerializer,
        responses={201: AssessEvaluationCodesSerializer},
    )
    def create(self, request):
        payload = AssessEvaluationCodesCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        org = Organization.objects.visible_to(request.user).filter(pk=data["org"]).first()
        if org is None:
            raise Http404("no such organization")
        rows = services.evaluation_codes_create(
            actor=request.user, org=org, count=data["count"], period=data["period"]
        )
        body = {
            "org": org.pk,
            "period": data["period"].strftime("%Y-%m"),
            "codes": [row.code for row in rows],
        }
        return Response(AssessEvaluationCodesSerializer(body).data, status=status.HTTP_201_CREATED)


class PublicEvaluationViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    """评议 by the people served: no login; a one-time code counts once."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []  # failed codes are limited per address instead (services)
    serializer_class = AssessPublicEvaluationSerializer

    @extend_schema(
        request=AssessPublicEvaluationSerializer,
        responses={
            201: AssessEvaluationAnswerSerializer,
            404: AssessEvaluationAnswerSerializer,
            409: AssessEvaluationAnswerSerializer,
            413: AssessEvaluationAnswerSerializer,
            429: AssessEvaluationAnswerSerializer,
        },
        auth=[],
    )
    def create(self, request, *args, **kwargs):
        limit = rules.PUBLIC_BODY_MAX_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit or len(request._request.body) > limit:
            return Response({"detail": str(TOO_LARGE % {"limit": limit})}, status=413)
        payload = AssessPublicEvaluationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            submit.evaluation_submit(
                code=data["code"],
                overall=data["overall"],
                dimensions=data["dimensions"],
                comment=data["comment"],
                contact=data["contact"],
                ip=client_ip(request),
            )
        except EvaluationCode.DoesNotExist as error:
            return Response({"detail": str(error)}, status=status.HTTP_404_NOT_FOUND)
        except submit.AlreadyUsed as error:
            return Response({"detail": str(error.message)}, status=status.HTTP_409_CONFLICT)
        except submit.TooManyAttempts as error:
            return Response({"detail": str(error.message)}, status=429)
        except PermissionDenied as error:
            return Response({"detail": str(error)}, status=status.HTTP_403_FORBIDDEN)
        return Response({"detail": str(THANKS)}, status=status.HTTP_201_CREATED)


class EvaluationSummaryViewSet(viewsets.GenericViewSet):
    """Counts of the evaluations of a subtree's units for a month."""

    serializer_class = AssessEvaluationSummarySerializer

    @extend_schema(parameters=[ORG, PERIOD], responses=AssessEvaluationSummarySerializer)
    @action(detail=False, methods=["get"], url_path="summary")
    def summary(self, request):
        text = request.query_params.get("period", "")
        month = parse_month(text) if text else timezone.localdate().replace(day=1)
        if month is None:
            raise serializers.ValidationError({"period": [BAD_MONTH]})
        org = org_selectors.subtree_org(request.user, query_number(request, "org"))
        counts = selectors.subtree_counts(org, month, month)
        return Response(AssessEvaluationSummarySerializer(counts).data)


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register(
        "assess/evaluation-codes", EvaluationCodeViewSet, basename="assess-evaluation-code"
    )
    router.register("assess/evaluations", EvaluationSummaryViewSet, basename="assess-evaluation")
    router.register("public/evaluations", PublicEvaluationViewSet, basename="public-evaluation")
