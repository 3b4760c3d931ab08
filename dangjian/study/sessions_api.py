"""HTTP API of study sessions: the sessions in the caller's scope with their own attendance,
and the caller's own sign-in. The same selectors and services as the pages."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.lib.api import ID_PATH
from dangjian.study import selectors
from dangjian.study import sessions_selectors as sessions
from dangjian.study import sessions_services as services
from dangjian.study.models import StudySession

MONTH = OpenApiParameter(
    "month", OpenApiTypes.STR, description="YYYY-MM; the current month when absent"
)


class SessionSerializer(serializers.ModelSerializer):
    """A session with its counts and the caller's own attendance (null: not expected)."""

    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    # A plain string (values in help_text): the notes already strain drf-spectacular's
    # naming of "kind" enums.
    kind = serializers.CharField(read_only=True, help_text="study | party_day")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    expected = serializers.IntegerField(read_only=True)
    present = serializers.IntegerField(read_only=True)
    own_attendance = serializers.CharField(source="own_status", read_only=True, allow_null=True)
    sign_in_open = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = StudySession
        fields = [
            "id",
            "org",
            "org_name",
            "kind",
            "kind_label",
            "starts_at",
            "ends_at",
            "place",
            "theme",
            "agenda",
            "materials",
            "minutes",
            "status",
            "expected",
            "present",
            "own_attendance",
            "sign_in_open",
            "url",
        ]

    def get_sign_in_open(self, session: StudySession) -> bool:
        return session.sign_in_open(timezone.now())

    def get_url(self, session: StudySession) -> str:
        return reverse("study:session-detail", args=[session.pk])


@extend_schema_view(
    list=extend_schema(parameters=[MONTH]),
    retrieve=extend_schema(parameters=[ID_PATH]),
)
class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """集中学习: the month's sessions the caller may see; their own sign-in."""

    lookup_value_regex = r"\d+"
    serializer_class = SessionSerializer

    def get_queryset(self):
        month = selectors.parse_month(self.request.query_params.get("month"), timezone.localdate())
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        aware = timezone.make_aware
        return sessions.session_list(
            self.request.user,
            aware(datetime.datetime.combine(month, datetime.time())),
            aware(datetime.datetime.combine(following, datetime.time())),
        )

    def retrieve(self, request, *args, **kwargs):
        return Response(
            self.get_serializer(sessions.session_get(request.user, int(kwargs["pk"]))).data
        )

    @extend_schema(request=None, responses=SessionSerializer, parameters=[ID_PATH])
    @action(detail=True, methods=["post"], url_path="sign-in", url_name="sign-in")
    def sign_in(self, request, pk=None):
        """The caller signs themselves in, while the session runs (± its margin)."""
        session = sessions.session_get(request.user, int(pk))
        services.session_sign_in(actor=request.user, session=session, via="tap")
        return Response(self.get_serializer(sessions.session_get(request.user, session.pk)).data)
