"""HTTP API of 发展党员: a person's record and the next step, through the pages' selectors
and service.

`GET /api/v1/orglife/development/{person_id}` → `{person, stage, steps: [{step, date, …}]}`;
`POST /api/v1/orglife/development/{person_id}/advance` `{step, date, …}` → 201 with the new
step, or 400 naming the broken rule.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.lib.api import StrictSerializer
from dangjian.orglife import development_checks as checks
from dangjian.orglife import development_selectors as selectors
from dangjian.orglife import development_services as services
from dangjian.orglife import rules_development as rules
from dangjian.orglife.models import DevelopmentStep
from dangjian.orglife.models.development import Recommendation, Result
from dangjian.orgs.models import Person

PERSON_PATH = OpenApiParameter("person_id", int, OpenApiParameter.PATH)
NO_PERSON = _("No such person in your reach.")


class StepSerializer(serializers.ModelSerializer):
    """One step of the record: `step` is its code (rules_development.STEPS)."""

    step = serializers.CharField(help_text="a step code, e.g. applicant, talk, activist, candidate")
    label = serializers.CharField(source="get_step_display", read_only=True)
    article = serializers.SerializerMethodField()
    org = serializers.IntegerField(source="org_id", read_only=True)
    first_person = serializers.IntegerField(source="first_person_id", allow_null=True)
    second_person = serializers.IntegerField(source="second_person_id", allow_null=True)
    recorded_by = serializers.CharField(source="recorded_by.username", default=None)
    approved_by = serializers.CharField(source="approved_by.username", default=None)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = DevelopmentStep
        fields = [
            "id",
            "step",
            "label",
            "article",
            "date",
            "org",
            "note",
            "first_person",
            "second_person",
            "recommendation",
            "result",
            "entitled",
            "attended",
            "approved",
            "days",
            "hours",
            "months",
            "late",
            "recorded_by",
            "approved_by",
            "documents",
        ]

    def get_article(self, row: DevelopmentStep) -> str:
        return row.rule.article

    def get_documents(self, row: DevelopmentStep) -> list[str]:
        return [document.name for document in row.documents.all()]


class RecordSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="the person's id")
    name = serializers.CharField()
    org = serializers.IntegerField()
    org_name = serializers.CharField()
    stage = serializers.CharField(
        help_text="public | applicant | activist | candidate | probationary | full"
    )
    next_steps = serializers.ListField(child=serializers.CharField())
    steps = StepSerializer(many=True)


class AdvanceSerializer(StrictSerializer):
    step = serializers.ChoiceField(choices=[s.code for s in rules.STEPS])
    date = serializers.DateField()
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
    first_person = serializers.IntegerField(required=False)
    second_person = serializers.IntegerField(required=False)
    recommendation = serializers.ChoiceField(choices=Recommendation.values, required=False)
    result = serializers.ChoiceField(choices=Result.values, required=False)
    entitled = serializers.IntegerField(min_value=0, max_value=10000, required=False)
    attended = serializers.IntegerField(min_value=0, max_value=10000, required=False)
    approved = serializers.IntegerField(min_value=0, max_value=10000, required=False)
    days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    hours = serializers.IntegerField(min_value=0, max_value=10000, required=False)
    months = serializers.IntegerField(min_value=0, max_value=120, required=False)


def _record(person: Person) -> dict:
    steps = selectors.person_steps(person)
    return {
        "person": person.pk,
        "name": person.name,
        "org": person.primary_org_id,
        "org_name": person.primary_org.name,
        "stage": person.party_status,
        "next_steps": [s.code for s in checks.next_steps(person, steps)],
        "steps": StepSerializer(steps, many=True).data,
    }


class DevelopmentViewSet(viewsets.GenericViewSet):
    """发展党员纪实: a person's steps in order; `advance` records the next one."""

    lookup_url_kwarg = "person_id"  # the contract's path: /development/{person_id}
    lookup_value_regex = r"\d+"
    serializer_class = RecordSerializer
    queryset = DevelopmentStep.objects.none()

    @extend_schema(responses=RecordSerializer, parameters=[PERSON_PATH])
    def retrieve(self, request, person_id=None):
        return Response(_record(selectors.person_get(request.user, int(person_id))))

    @extend_schema(
        request=AdvanceSerializer, responses={201: StepSerializer}, parameters=[PERSON_PATH]
    )
    @action(detail=True, methods=["post"], url_path="advance", url_name="advance")
    def advance(self, request, person_id=None):
        """Record the next step; 400 naming the rule (and its article) when one is broken."""
        person = selectors.person_get(request.user, int(person_id))
        payload = AdvanceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        for key in ("first_person", "second_person"):
            if key in data:
                found = selectors.person_in_reach(request.user, data[key])
                if found is None:
                    raise serializers.ValidationError({key: [NO_PERSON]})
                data[key] = found
        row = services.step_record(
            actor=request.user,
            person=person,
            step=data.pop("step"),
            date=data.pop("date"),
            note=data.pop("note"),
            **data,
        )
        row = selectors.person_step_get(person, row.pk)
        return Response(StepSerializer(row).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("orglife/development", DevelopmentViewSet, basename="orglife-development")
