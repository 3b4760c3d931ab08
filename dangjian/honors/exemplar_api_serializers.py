"""Serializers of the exemplar API (exemplar_api): names prefixed HonorsExemplar (unique in
the OpenAPI schema); choices are plain text fields checked by the services."""

from __future__ import annotations

from rest_framework import serializers

from dangjian.honors import exemplar_selectors as selectors
from dangjian.honors import exemplar_services as services
from dangjian.honors import rules_exemplar as rules
from dangjian.honors.exemplar_forms import BAD_MONTH, parse_period
from dangjian.honors.models import Award, ExemplarRound, Nomination, Objection
from dangjian.lib.api import StrictSerializer

ID_MAX = 2**63 - 1


def _id(**extra) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **extra)


class HonorsExemplarRoundSerializer(serializers.ModelSerializer):
    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    kind = serializers.CharField(read_only=True, help_text="monthly | yearly")
    status = serializers.CharField(
        read_only=True, help_text="nominating | reviewing | notice | decided"
    )
    public_key = serializers.CharField(read_only=True, help_text="/honors/n/<public_key>/")

    class Meta:
        model = ExemplarRound
        fields = [
            "id",
            "org",
            "org_name",
            "kind",
            "period",
            "title",
            "status",
            "notice_days",
            "notice_start",
            "notice_end",
            "public_key",
        ]


class HonorsExemplarRoundCreateSerializer(StrictSerializer):
    org = _id(help_text="the committee's organization id")
    kind = serializers.CharField(help_text="monthly | yearly")
    period = serializers.CharField(help_text="YYYY-MM (monthly) or YYYY (yearly)")
    title = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.TITLE_MAX_CHARS
    )
    notice_days = serializers.IntegerField(required=False, default=rules.NOTICE_WORKING_DAYS)

    def validate_period(self, value: str):
        period = parse_period(value)
        if period is None:
            raise serializers.ValidationError(BAD_MONTH)
        return period


class HonorsExemplarDecisionSerializer(StrictSerializer):
    nomination = _id()
    award = serializers.BooleanField()
    note = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.NOTE_MAX_CHARS
    )


class HonorsExemplarDecideSerializer(StrictSerializer):
    decisions = HonorsExemplarDecisionSerializer(many=True)


class HonorsExemplarNominationSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="round_id", read_only=True)
    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    category = serializers.CharField(read_only=True, help_text="org | member | worker")
    nominee_org = serializers.IntegerField(source="nominee_org_id", read_only=True, allow_null=True)
    nominee_person = serializers.IntegerField(
        source="nominee_person_id", read_only=True, allow_null=True
    )
    nominee = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "round",
            "org",
            "org_name",
            "category",
            "nominee_org",
            "nominee_person",
            "nominee",
            "summary",
            "deeds",
            "status",
            "review_note",
            "decision_note",
        ]

    def get_nominee(self, nomination: Nomination) -> str:
        return services.nominee_name(nomination)


class HonorsExemplarNominationCreateSerializer(StrictSerializer):
    round = _id()
    org = _id(help_text="the nominating organization (directly below the committee)")
    category = serializers.CharField(help_text="org | member | worker")
    nominee_org = _id(required=False, allow_null=True, default=None)
    nominee_person = _id(required=False, allow_null=True, default=None)
    summary = serializers.CharField(allow_blank=True, max_length=rules.SUMMARY_MAX_CHARS)
    deeds = serializers.CharField(allow_blank=True, max_length=rules.DEEDS_MAX_CHARS)


class HonorsExemplarReviewSerializer(StrictSerializer):
    decision = serializers.CharField(help_text="approve | reject")
    note = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.NOTE_MAX_CHARS
    )


class HonorsExemplarObjectionSerializer(serializers.ModelSerializer):
    nomination = serializers.IntegerField(source="nomination_id", read_only=True)
    nominee = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    outcome = serializers.CharField(read_only=True, help_text="open | upheld | dismissed")

    class Meta:
        model = Objection
        fields = [
            "id",
            "nomination",
            "nominee",
            "body",
            "name",
            "contact",
            "created_at",
            "outcome",
            "answer",
            "answered_at",
        ]

    def get_nominee(self, objection: Objection) -> str:
        return services.nominee_name(objection.nomination)

    def get_contact(self, objection: Objection) -> str:
        return selectors.shown_contact(self.context["request"].user, objection)


class HonorsExemplarAnswerSerializer(StrictSerializer):
    outcome = serializers.CharField(help_text="upheld | dismissed")
    answer = serializers.CharField(allow_blank=True, max_length=rules.ANSWER_MAX_CHARS)


class HonorsExemplarPublicObjectionSerializer(StrictSerializer):
    round = serializers.CharField(
        max_length=40, help_text="the round's public_key (its notice page /honors/n/<key>/)"
    )
    nomination = _id(help_text="a nomination of that round in its public notice")
    body = serializers.CharField(allow_blank=True, max_length=rules.OBJECTION_MAX_CHARS)
    name = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.OBJECTION_NAME_MAX_CHARS
    )
    contact = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.OBJECTION_CONTACT_MAX_CHARS
    )


class HonorsExemplarCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class HonorsExemplarDetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class HonorsExemplarAwardSerializer(serializers.ModelSerializer):
    nomination = serializers.IntegerField(source="nomination_id", read_only=True)
    round = serializers.IntegerField(source="round_id", read_only=True)
    category = serializers.CharField(read_only=True, help_text="org | member | worker")
    nominee = serializers.SerializerMethodField()
    org = serializers.IntegerField(source="nomination.org_id", read_only=True)
    org_name = serializers.CharField(source="nomination.org.name", read_only=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "nomination",
            "round",
            "category",
            "year",
            "title",
            "awarded_on",
            "nominee",
            "org",
            "org_name",
            "hall_material_id",
        ]

    def get_nominee(self, award: Award) -> str:
        return services.nominee_name(award.nomination)
