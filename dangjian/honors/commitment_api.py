"""/api/v1/honors/commitments — 公开承诺 / 践诺评议, the same selectors and services as the pages:

- `GET  /api/v1/honors/commitments?org={id}&year=YYYY` — the commitments in the caller's sight
  (a member: their own), of `org`'s subtree and of `year` when given;
- `POST /api/v1/honors/commitments` `{year, title, detail?, due?, person?, org?}` — a draft:
  without `person` and `org` the caller's own; `person` a member's on their behalf; `org` (no
  `person`) the organization's own item;
- `GET/PATCH /api/v1/honors/commitments/{id}` — PATCH `{title?, detail?, due?}` on a draft;
- `POST …/{id}/publish`, `POST …/{id}/updates` `{date, text}`,
  `POST …/{id}/evaluate` `{verdict: "kept"|"partly"|"not_kept", note?}`;
- `GET /api/v1/public/orgs/{id}/commitments` — NO login: the organization's published
  commitments with their updates and verdicts (member names only), empty lists while it has
  published nothing; 404 for an inactive or unknown organization.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from dangjian.honors import commitment_evaluation as evaluation
from dangjian.honors import commitment_selectors as selectors
from dangjian.honors import commitment_services as services
from dangjian.honors import rules_commitment as rules
from dangjian.honors.models import Commitment
from dangjian.lib.api import ID_PATH, StrictSerializer, query_number
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization, Person
from dangjian.orgs.scoping import person_id_of

ID_MAX = 2**63 - 1
ORG = OpenApiParameter("org", OpenApiTypes.INT, description="an organization's id: its subtree")
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="the commitments' year")


class HonorsCommitmentUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    text = serializers.CharField()


class HonorsCommitmentSerializer(serializers.ModelSerializer):
    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True, allow_null=True)
    person_name = serializers.CharField(source="person.name", read_only=True, default="")
    status = serializers.CharField(read_only=True, help_text="draft | published | evaluated")
    verdict = serializers.CharField(read_only=True, help_text="'' | kept | partly | not_kept")
    updates = HonorsCommitmentUpdateSerializer(many=True, read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "org",
            "org_name",
            "person",
            "person_name",
            "year",
            "title",
            "detail",
            "due",
            "status",
            "published_at",
            "verdict",
            "evaluation_note",
            "evaluated_at",
            "updates",
        ]


class HonorsCommitmentCreateSerializer(StrictSerializer):
    year = serializers.IntegerField(min_value=1, max_value=9999)
    title = serializers.CharField(max_length=rules.TITLE_MAX_CHARS)
    detail = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.DETAIL_MAX_CHARS
    )
    due = serializers.DateField(required=False, allow_null=True, default=None)
    person = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=ID_MAX,
        help_text="a member's id: their commitment, written on their behalf",
    )
    org = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=ID_MAX,
        help_text="an organization's id (without person): the organization's own commitment",
    )


class HonorsCommitmentPatchSerializer(StrictSerializer):
    title = serializers.CharField(required=False, max_length=rules.TITLE_MAX_CHARS)
    detail = serializers.CharField(
        required=False, allow_blank=True, max_length=rules.DETAIL_MAX_CHARS
    )
    due = serializers.DateField(required=False, allow_null=True)


class HonorsCommitmentProgressSerializer(StrictSerializer):
    date = serializers.DateField()
    text = serializers.CharField(max_length=rules.UPDATE_MAX_CHARS)


class HonorsCommitmentEvaluateSerializer(StrictSerializer):
    verdict = serializers.CharField(help_text="kept | partly | not_kept")
    note = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=rules.NOTE_MAX_CHARS
    )


class HonorsPublicCommitmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    title = serializers.CharField()
    detail = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    person_name = serializers.CharField(source="person.name", default="")
    status = serializers.CharField(help_text="published | evaluated")
    verdict = serializers.CharField(help_text="'' | kept | partly | not_kept")
    evaluation_note = serializers.CharField()
    updates = HonorsCommitmentUpdateSerializer(many=True)


class HonorsPublicPostSerializer(serializers.Serializer):
    title = serializers.CharField()
    duties = serializers.CharField()
    person_name = serializers.CharField(source="person.name")
    since = serializers.DateField(allow_null=True)


class HonorsPublicOrgSerializer(serializers.Serializer):
    org = serializers.IntegerField(source="org.pk")
    org_name = serializers.CharField(source="org.name")
    commitments = HonorsPublicCommitmentSerializer(many=True)
    demonstration_posts = HonorsPublicPostSerializer(many=True, source="posts")


def _found(model, pk: int | None, reason: str):
    if pk is None:
        return None
    found = model.objects.unscoped(reason).filter(pk=pk).first()
    if found is None:
        raise Http404(f"no such {model.__name__}")
    return found


@extend_schema_view(
    list=extend_schema(parameters=[ORG, YEAR]),
    retrieve=extend_schema(parameters=[ID_PATH]),
)
class CommitmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """公开承诺: the commitments in the caller's sight; POST writes a draft."""

    lookup_value_regex = r"\d+"
    serializer_class = HonorsCommitmentSerializer

    def get_queryset(self):
        rows = selectors.commitment_queryset(self.request.user).prefetch_related(
            selectors.updates_in_order("the updates of commitments in sight")
        )
        org_pk = query_number(self.request, "org")
        if org_pk is not None:
            org = org_selectors.org_get(self.request.user, org_pk)
            rows = rows.filter(org__path__startswith=org.path)
        year = query_number(self.request, "year")
        if year is not None:
            rows = rows.filter(year=year)
        return rows.order_by("-year", "org__path", selectors.ORG_ITEMS_FIRST, "pk")

    def _detail(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        found = selectors.commitment_get(self.request.user, pk)
        return Response(HonorsCommitmentSerializer(found).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(int(kwargs["pk"]))

    @extend_schema(
        request=HonorsCommitmentCreateSerializer, responses={201: HonorsCommitmentSerializer}
    )
    def create(self, request, *args, **kwargs):
        payload = HonorsCommitmentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        # Found whatever the caller's sight; the service answers 404 out of reach, 403 seen.
        person = _found(Person, data.pop("person"), "checked by the service (404 out of reach)")
        org = _found(Organization, data.pop("org"), "checked by the service (404 out of reach)")
        if person is None and org is None:
            own = person_id_of(request.user)
            if own is None:
                raise serializers.ValidationError(
                    {"person": [services.ERRORS["required"]], "org": [services.ERRORS["required"]]}
                )
            person = _found(Person, own, "the caller's own person record")
        commitment = services.commitment_create(
            actor=request.user, person=person, org=None if person else org, **data
        )
        return self._detail(commitment.pk, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PATH],
        request=HonorsCommitmentPatchSerializer,
        responses=HonorsCommitmentSerializer,
    )
    def partial_update(self, request, *args, **kwargs):
        commitment = selectors.commitment_get(request.user, int(kwargs["pk"]))
        payload = HonorsCommitmentPatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = {"title": commitment.title, "detail": commitment.detail, "due": commitment.due}
        data |= payload.validated_data
        services.commitment_update(actor=request.user, commitment=commitment, **data)
        return self._detail(commitment.pk)

    @extend_schema(parameters=[ID_PATH], request=None, responses=HonorsCommitmentSerializer)
    @action(detail=True, methods=["post"], url_path="publish")
    def publish(self, request, pk=None):
        commitment = selectors.commitment_get(request.user, int(pk))
        services.commitment_publish(actor=request.user, commitment=commitment)
        return self._detail(commitment.pk)

    @extend_schema(
        parameters=[ID_PATH],
        request=HonorsCommitmentProgressSerializer,
        responses={201: HonorsCommitmentSerializer},
    )
    @action(detail=True, methods=["post"], url_path="updates")
    def updates(self, request, pk=None):
        commitment = selectors.commitment_get(request.user, int(pk))
        payload = HonorsCommitmentProgressSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.update_add(actor=request.user, commitment=commitment, **payload.validated_data)
        return self._detail(commitment.pk, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PATH],
        request=HonorsCommitmentEvaluateSerializer,
        responses=HonorsCommitmentSerializer,
    )
    @action(detail=True, methods=["post"], url_path="evaluate")
    def evaluate(self, request, pk=None):
        commitment = selectors.commitment_get(request.user, int(pk))
        payload = HonorsCommitmentEvaluateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        evaluation.commitment_evaluate(
            actor=request.user, commitment=commitment, **payload.validated_data
        )
        return self._detail(commitment.pk)


class PublicOrgViewSet(viewsets.GenericViewSet):
    """The public page of an organization as data: no login, published items only."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    lookup_value_regex = r"\d+"
    serializer_class = HonorsPublicOrgSerializer

    @extend_schema(parameters=[ID_PATH], responses=HonorsPublicOrgSerializer, auth=[])
    @action(detail=True, methods=["get"], url_path="commitments")
    def commitments(self, request, pk=None):
        page = selectors.public_page(int(pk))
        return Response(HonorsPublicOrgSerializer(page).data)


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register("honors/commitments", CommitmentViewSet, basename="honors-commitment")
    router.register("public/orgs", PublicOrgViewSet, basename="public-org")
