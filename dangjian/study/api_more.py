"""HTTP API of the rest of the study system: plans with their readings, 调研 topics, 干部讲课
and seminars/trips — read through the same selectors as the pages, a topic registered
through the same service."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from dangjian.lib.api import ID_PATH, StrictSerializer
from dangjian.study import (
    event_selectors,
    lecture_selectors,
    research_selectors,
    research_services,
    selectors,
)
from dangjian.study.models import Lecture, Reading, ResearchTopic, StudyEvent, StudyPlan


class ReadingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reading
        fields = ["id", "title", "kind", "source", "month"]


class PlanSerializer(serializers.ModelSerializer):
    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)

    class Meta:
        model = StudyPlan
        fields = [
            "id",
            "org",
            "org_name",
            "year",
            "title",
            "readings_per_year",
            "note_chars_per_month",
            "reflections_per_period",
        ]

    def to_representation(self, plan: StudyPlan) -> dict:
        data = super().to_representation(plan)
        data["positions"] = plan.positions
        if self.context.get("detail"):
            readings = selectors.plan_readings(plan).order_by("month", "pk")
            data["readings"] = ReadingSerializer(readings, many=True).data
        return data


@extend_schema_view(retrieve=extend_schema(parameters=[ID_PATH]))
class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Plans in the caller's reach and those published to their chain; a plan's readings."""

    serializer_class = PlanSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.plans_visible(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        plan = selectors.plan_get(request.user, int(kwargs["pk"]))
        return Response(PlanSerializer(plan, context={"detail": True}).data)


class TopicSerializer(serializers.ModelSerializer):
    author = serializers.IntegerField(source="author_id", read_only=True)
    org = serializers.IntegerField(source="org_id", read_only=True)

    class Meta:
        model = ResearchTopic
        fields = ["id", "year", "title", "summary", "status", "author", "org", "decision_comment"]


class TopicRegisterSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, default="", allow_blank=True)


@extend_schema_view(retrieve=extend_schema(parameters=[ID_PATH]))
class TopicViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own research topics; POST registers one (two a year, the rule)."""

    serializer_class = TopicSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return research_selectors.own_topics(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        topic = research_selectors.topic_get(request.user, int(kwargs["pk"]))
        return Response(TopicSerializer(topic).data)

    @extend_schema(request=TopicRegisterSerializer, responses={201: TopicSerializer})
    def create(self, request, *args, **kwargs):
        payload = TopicRegisterSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        topic = research_services.topic_register(actor=request.user, **payload.validated_data)
        url = reverse("study:topic-detail", args=[topic.pk])
        return Response(
            TopicSerializer(topic).data, status=status.HTTP_201_CREATED, headers={"Location": url}
        )


class LectureSerializer(serializers.ModelSerializer):
    lecturer = serializers.IntegerField(source="lecturer_id", read_only=True)
    lecturer_name = serializers.CharField(source="lecturer.name", read_only=True)
    org = serializers.IntegerField(source="org_id", read_only=True)
    rating = serializers.FloatField(read_only=True, allow_null=True)
    raters = serializers.IntegerField(read_only=True)

    class Meta:
        model = Lecture
        fields = [
            "id",
            "title",
            "starts_at",
            "place",
            "status",
            "lecturer",
            "lecturer_name",
            "org",
            "rating",
            "raters",
        ]


@extend_schema_view(retrieve=extend_schema(parameters=[ID_PATH]))
class LectureViewSet(viewsets.ReadOnlyModelViewSet):
    """Lectures the caller may see, with their mean rating."""

    serializer_class = LectureSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return lecture_selectors.lectures_visible(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        return Response(
            LectureSerializer(lecture_selectors.lecture_get(request.user, int(kwargs["pk"]))).data
        )


class EventSerializer(serializers.ModelSerializer):
    org = serializers.IntegerField(source="org_id", read_only=True)
    participants_count = serializers.IntegerField(source="people", read_only=True)

    class Meta:
        model = StudyEvent
        fields = [
            "id",
            "kind",
            "topic",
            "host",
            "starts_on",
            "ends_on",
            "place",
            "org",
            "reflection_required",
            "participants_count",
        ]

    def to_representation(self, event: StudyEvent) -> dict:
        data = super().to_representation(event)
        if self.context.get("detail"):
            data["minutes"] = event.minutes
            data["issues"] = [
                {
                    "problem": issue.problem,
                    "measure": issue.measure,
                    "owner": issue.owner,
                    "due_on": issue.due_on.isoformat() if issue.due_on else None,
                    "status": issue.status,
                }
                for issue in event_selectors.issues_of(event)
            ]
        return data


@extend_schema_view(retrieve=extend_schema(parameters=[ID_PATH]))
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Seminars, tutorials and trips the caller may see; an event's problems and fixes."""

    serializer_class = EventSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return event_selectors.events_visible(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        event = event_selectors.event_get(request.user, int(kwargs["pk"]))
        return Response(EventSerializer(event, context={"detail": True}).data)
