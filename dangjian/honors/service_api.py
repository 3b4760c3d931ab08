"""/api/v1/honors/service… — 党员百时奉献, the same selectors and services as the pages:

- `GET  /api/v1/honors/service?year=YYYY&status=` — the records in the caller's reach (a
  member: their own; a secretary: their subtree's), newest first, paginated;
- `POST /api/v1/honors/service` `{date, start, end, activity, beneficiary?}` — the caller's
  own self-reported service → 201 `{id, hours, status: "pending"}`; an overlap with the
  caller's non-rejected service that day → 400 naming the overlapping record (under
  `start`); the evidence photo is added on the page (a multipart upload);
- `POST /api/v1/honors/service/{id}/verify` `{decision: "verified"|"rejected", reason?}` —
  CHANGE at the record's organization, never one's own record → 200 the record;
- `GET  /api/v1/honors/service/progress?year=YYYY` — for a caller who reads no subtree (a
  member): one object `{person, verified_hours, pending_hours, target_hours, …}`; for a
  secretary, department administrator or inspector: a page `{count, next, previous,
  results: [such objects]}` of the members of their reach (`?org=` narrows it to a subtree);
- `GET  /api/v1/honors/service/activities` — coming activities the caller sees
  (`?past=1`: ended ones);
- `POST /api/v1/honors/service/activities/{id}/signup` and `…/{id}/signup-cancel`;
- `POST /api/v1/honors/service/activities/checkin` `{key}` — the code of the QR code shown
  at the place (signed, valid for rules_service.CHECKIN_CODE_MAX_AGE; an expired or forged
  code → 400 under `key`) → 201 the record: verified by the organiser's check-in, or pending
  when the caller organises the activity.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.honors import rules_service as rules
from dangjian.honors import service_activity_services as activity_services
from dangjian.honors import service_selectors as selectors
from dangjian.honors import service_services as services
from dangjian.honors.models import ServiceActivity, ServiceRecord
from dangjian.lib.api import ID_PATH, PageNumberPagination, StrictSerializer, query_number

YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="the year (this year if absent)")
STATUS = OpenApiParameter("status", OpenApiTypes.STR, description="pending | verified | rejected")
ORG = OpenApiParameter("org", OpenApiTypes.INT, description="an organization's id: its subtree")
PAGE = OpenApiParameter("page", OpenApiTypes.INT, description="secretaries' list: the page")
PAGE_SIZE = OpenApiParameter(
    "page_size", OpenApiTypes.INT, description="secretaries' list: rows a page (up to 200)"
)
HOURS = {"max_digits": 9, "decimal_places": 2, "coerce_to_string": False}
YEAR_MIN, YEAR_MAX = 2000, 2100


def _year(request) -> int:
    year = query_number(request, "year")
    if year is None:
        return services.local_today().year
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise serializers.ValidationError({"year": [f"{YEAR_MIN}–{YEAR_MAX}"]})
    return year


class HonorsServiceRecordSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    org = serializers.IntegerField(source="org_id", read_only=True)
    hours = serializers.DecimalField(read_only=True, **HOURS)
    status = serializers.CharField(read_only=True, help_text="pending | verified | rejected")
    source_activity = serializers.IntegerField(
        source="source_activity_id", read_only=True, allow_null=True
    )

    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "person",
            "person_name",
            "org",
            "date",
            "start",
            "end",
            "hours",
            "activity",
            "beneficiary",
            "status",
            "reason",
            "source_activity",
        ]


class HonorsServiceCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    hours = serializers.DecimalField(**HOURS)
    status = serializers.CharField(help_text="pending")


class HonorsServiceReportSerializer(StrictSerializer):
    date = serializers.DateField()
    start = serializers.TimeField(help_text="HH:MM")
    end = serializers.TimeField(help_text="HH:MM, after start, the same day")
    activity = serializers.CharField(max_length=rules.ACTIVITY_TEXT_MAX)
    beneficiary = serializers.CharField(
        max_length=rules.BENEFICIARY_MAX, required=False, allow_blank=True, default=""
    )


class HonorsServiceVerifySerializer(StrictSerializer):
    decision = serializers.CharField(help_text="verified | rejected")
    reason = serializers.CharField(
        max_length=rules.REASON_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text="required for rejected",
    )


class HonorsServiceProgressSerializer(serializers.Serializer):
    """One member's year."""

    person = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.name")
    year = serializers.IntegerField()
    verified_hours = serializers.DecimalField(source="verified", **HOURS)
    pending_hours = serializers.DecimalField(source="pending", **HOURS)
    target_hours = serializers.DecimalField(source="target", **HOURS)
    expected_hours = serializers.DecimalField(
        source="expected", help_text="due by today at the year's pace", **HOURS
    )
    on_pace = serializers.BooleanField()


class HonorsServiceProgressPageSerializer(serializers.Serializer):
    """The members in the caller's reach, a page at a time."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = HonorsServiceProgressSerializer(many=True)


PROGRESS = PolymorphicProxySerializer(
    component_name="HonorsServiceProgressAnswer",
    serializers=[HonorsServiceProgressSerializer, HonorsServiceProgressPageSerializer],
    resource_type_field_name=None,
)


@extend_schema_view(list=extend_schema(parameters=[YEAR, STATUS]))
class ServiceRecordViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """党员百时奉献 service records in the caller's reach; POST reports the caller's own."""

    lookup_value_regex = r"\d+"
    serializer_class = HonorsServiceRecordSerializer

    def get_queryset(self):
        rows = selectors.records_for(self.request.user)
        year = _year(self.request)
        rows = rows.filter(date__gte=f"{year}-01-01", date__lte=f"{year}-12-31")
        wanted = self.request.query_params.get("status")
        if wanted:
            if wanted not in ServiceRecord.Status.values:
                raise serializers.ValidationError({"status": ["pending | verified | rejected"]})
            rows = rows.filter(status=wanted)
        return rows.order_by("-date", "-start", "-pk")

    @extend_schema(
        request=HonorsServiceReportSerializer, responses={201: HonorsServiceCreatedSerializer}
    )
    def create(self, request, *args, **kwargs):
        payload = HonorsServiceReportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        record = services.record_report(actor=request.user, **payload.validated_data)
        data = {"id": record.pk, "hours": record.hours, "status": record.status}
        return Response(HonorsServiceCreatedSerializer(data).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PATH],
        request=HonorsServiceVerifySerializer,
        responses=HonorsServiceRecordSerializer,
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        record = selectors.record_get(request.user, int(pk))
        payload = HonorsServiceVerifySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        record = services.record_verify(actor=request.user, record=record, **payload.validated_data)
        return Response(HonorsServiceRecordSerializer(record).data)

    @extend_schema(parameters=[YEAR, ORG, PAGE, PAGE_SIZE], responses=PROGRESS)
    @action(detail=False, methods=["get"])
    def progress(self, request):
        """A member's own year, or a page of the members in reach (secretaries and above)."""
        year = _year(request)
        today = services.local_today()
        if not selectors.reads_subtrees(request.user):
            person = selectors.member_of(request.user)
            if person is None:
                raise Http404("no member's record for this account")
            found = selectors.progress_of(person, year, today)
            return Response(HonorsServiceProgressSerializer(found).data)
        org_pk = query_number(request, "org")
        org = (
            selectors.org_get(request.user, org_pk)
            if org_pk is not None
            else selectors.default_org(request.user)
        )
        if org is None:
            raise Http404("no organization in reach")
        paginator = PageNumberPagination()
        members = selectors.with_hours(selectors.members_in(request.user, org), year)
        page = paginator.paginate_queryset(members, request, view=self)
        rows = [selectors.progress_row(person, year, today) for person in page]
        return paginator.get_paginated_response(
            HonorsServiceProgressSerializer(rows, many=True).data
        )

    def get_serializer_class(self):
        return HonorsServiceRecordSerializer


class HonorsServiceActivitySerializer(serializers.ModelSerializer):
    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    taken = serializers.IntegerField(read_only=True, help_text="places taken (sign-ups)")

    class Meta:
        model = ServiceActivity
        fields = [
            "id",
            "org",
            "org_name",
            "title",
            "place",
            "description",
            "starts_at",
            "ends_at",
            "capacity",
            "taken",
            "cancelled",
        ]


class HonorsServiceCheckinSerializer(StrictSerializer):
    key = serializers.CharField(
        max_length=120,
        help_text="the code of the check-in QR code shown at the place (it expires: see rules)",
    )


class HonorsServiceSignupSerializer(serializers.Serializer):
    activity = serializers.IntegerField()
    signed_up = serializers.BooleanField()


PAST = OpenApiParameter("past", OpenApiTypes.BOOL, description="1: activities that ended")


@extend_schema_view(list=extend_schema(parameters=[PAST]))
class ServiceActivityViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """志愿服务活动 the caller sees (their reach, or their own organization's chain)."""

    lookup_value_regex = r"\d+"
    serializer_class = HonorsServiceActivitySerializer

    def get_queryset(self):
        now = timezone.now()
        rows = selectors.activities_for(self.request.user)
        if self.request.query_params.get("past") in ("1", "true"):
            rows = rows.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        else:
            rows = rows.filter(ends_at__gte=now).order_by("starts_at", "pk")
        return selectors.with_signup_counts(rows)

    def _signup(self, request, pk, write, signed_up: bool) -> Response:
        activity = selectors.activity_get(request.user, int(pk))
        write(actor=request.user, activity=activity)
        data = {"activity": activity.pk, "signed_up": signed_up}
        return Response(HonorsServiceSignupSerializer(data).data)

    @extend_schema(parameters=[ID_PATH], request=None, responses=HonorsServiceSignupSerializer)
    @action(detail=True, methods=["post"])
    def signup(self, request, pk=None):
        return self._signup(request, pk, activity_services.signup, True)

    @extend_schema(parameters=[ID_PATH], request=None, responses=HonorsServiceSignupSerializer)
    @action(detail=True, methods=["post"], url_path="signup-cancel")
    def signup_cancel(self, request, pk=None):
        return self._signup(request, pk, activity_services.signup_cancel, False)

    @extend_schema(
        request=HonorsServiceCheckinSerializer, responses={201: HonorsServiceRecordSerializer}
    )
    @action(detail=False, methods=["post"])
    def checkin(self, request):
        payload = HonorsServiceCheckinSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            activity = selectors.checkin_activity(request.user, payload.validated_data["key"])
        except ValidationError as error:  # an expired or forged code: named under its field
            raise serializers.ValidationError({"key": error.messages}) from None
        record = activity_services.check_in(actor=request.user, activity=activity)
        return Response(HonorsServiceRecordSerializer(record).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register(
        "honors/service/activities", ServiceActivityViewSet, basename="honors-service-activity"
    )
    router.register("honors/service", ServiceRecordViewSet, basename="honors-service")
