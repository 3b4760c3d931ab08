"""HTTP API of organizations and people: the same selectors, filters and masking as the pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from dangjian.lib.api import ID_PATH
from dangjian.orgs import filters as filters_for
from dangjian.orgs import selectors
from dangjian.orgs.models import Organization, Person


class OrgRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class OrgSerializer(serializers.ModelSerializer):
    parent = OrgRefSerializer(read_only=True, allow_null=True)
    people_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Organization
        fields = [
            "id",
            "code",
            "name",
            "category",
            "org_type",
            "is_non_public",
            "parent",
            "depth",
            "is_active",
            "founded_on",
            "term_number",
            "term_elected_on",
            "term_years",
            "term_ends_on",
            "people_count",
        ]


class PersonSerializer(serializers.ModelSerializer):
    """ID-card numbers and phones whole only for callers who may see personal data. Birth
    date and gender are those of the record, which the services derive from (and check
    against) the ID-card number; `exit_status`/`exit_on` say whether and when the person
    left (出党, 停止党籍, 死亡, 转出县外) — people who left are listed with `standing`."""

    primary_org = OrgRefSerializer(read_only=True)
    id_card = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    birth_date = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "gender",
            "birth_date",
            "ethnicity",
            "phone",
            "id_card",
            "education",
            "party_status",
            "applied_on",
            "activist_on",
            "candidate_on",
            "probationary_on",
            "full_member_on",
            "primary_org",
            "cadre_position",
            "is_active",
            "exit_status",
            "exit_on",
        ]

    def _viewer(self):
        return self.context["request"].user

    def get_id_card(self, person: Person) -> str:
        return person.id_card_for(self._viewer())

    def get_phone(self, person: Person) -> str:
        return person.phone_for(self._viewer())

    def get_birth_date(self, person: Person) -> str | None:
        """ISO date, or year-month ("1980-05") for callers who may not see personal data."""
        return person.birth_date_for(self._viewer()) or None


def _listed(view, parse_filters, list_selector):
    """The list page's filters applied by the list page's selector; a bad filter is a 400."""
    form, filters = parse_filters(view.request.user, view.request.query_params)
    if form.errors:
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    return list_selector(view.request.user, filters)


ORG_FILTERS = [
    OpenApiParameter("q", str, description="name or code contains"),
    OpenApiParameter("category", str),
    OpenApiParameter("org_type", str),
    OpenApiParameter("under", int, description="only this organization's subtree"),
    OpenApiParameter("inactive", bool, description="include inactive organizations"),
]
PERSON_FILTERS = [
    OpenApiParameter("q", str, description="name, phone or position contains"),
    OpenApiParameter("party_status", str),
    OpenApiParameter("org", int, description="only people of this organization's subtree"),
    OpenApiParameter("inactive", bool, description="include inactive people"),
    OpenApiParameter(
        "standing",
        str,
        description=(
            "membership standing: empty = people on the rolls (default), `all` = everyone, "
            "`left` = people who left, or one exit status "
            "(`expelled`, `suspended`, `deceased`, `moved_out`)"
        ),
    ),
]


@extend_schema_view(
    list=extend_schema(parameters=ORG_FILTERS), retrieve=extend_schema(parameters=[ID_PATH])
)
class OrgViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Organizations the caller may see; the list takes the list page's filters."""

    lookup_value_regex = r"\d+"
    serializer_class = OrgSerializer

    def get_queryset(self):
        if self.action == "list":
            return _listed(self, filters_for.org_filters, selectors.org_list)
        return selectors.org_queryset(self.request.user).select_related("parent")


@extend_schema_view(
    list=extend_schema(parameters=PERSON_FILTERS), retrieve=extend_schema(parameters=[ID_PATH])
)
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """People the caller may see; personal data masked unless the caller may see it."""

    lookup_value_regex = r"\d+"
    serializer_class = PersonSerializer

    def get_queryset(self):
        if self.action == "list":
            return _listed(self, filters_for.person_filters, selectors.person_list)
        return selectors.person_queryset(self.request.user).select_related("primary_org")
