"""/api/v1/honors/posts — 设岗定责 / 党员示范岗, the same selectors and services as the pages:

- `GET  /api/v1/honors/posts?org={id}` — the posts in the caller's sight (a member: their own);
- `POST /api/v1/honors/posts` `{org, title, duties, demonstration?, person?, since?}` — a post of
  `org` (CHANGE at it), held by `person` (a member of its subtree) or vacant;
- `GET/PATCH /api/v1/honors/posts/{id}` — PATCH `{title?, duties?, demonstration?, active?,
  person?, since?}`: `person` given (a member's id, or null to vacate) reassigns the post.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from dangjian.honors import post_selectors as selectors
from dangjian.honors import post_services as services
from dangjian.honors import rules_post as rules
from dangjian.honors.models import Post
from dangjian.lib.api import ID_PATH, StrictSerializer, query_number
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization, Person
from dangjian.orgs.scoping import Action, require

ID_MAX = 2**63 - 1
ORG = OpenApiParameter("org", OpenApiTypes.INT, description="an organization's id: its subtree")


class HonorsPostSerializer(serializers.ModelSerializer):
    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True, allow_null=True)
    person_name = serializers.CharField(source="person.name", read_only=True, default="")

    class Meta:
        model = Post
        fields = [
            "id",
            "org",
            "org_name",
            "title",
            "duties",
            "demonstration",
            "person",
            "person_name",
            "since",
            "active",
        ]


def _person_field(**extra) -> serializers.IntegerField:
    return serializers.IntegerField(
        allow_null=True, min_value=1, max_value=ID_MAX, help_text="a member's id", **extra
    )


class HonorsPostCreateSerializer(StrictSerializer):
    org = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    title = serializers.CharField(max_length=rules.TITLE_MAX_CHARS)
    duties = serializers.CharField(max_length=rules.DUTIES_MAX_CHARS)
    demonstration = serializers.BooleanField(required=False, default=False)
    person = _person_field(required=False, default=None)
    since = serializers.DateField(required=False, allow_null=True, default=None)


class HonorsPostPatchSerializer(StrictSerializer):
    title = serializers.CharField(required=False, max_length=rules.TITLE_MAX_CHARS)
    duties = serializers.CharField(required=False, max_length=rules.DUTIES_MAX_CHARS)
    demonstration = serializers.BooleanField(required=False)
    active = serializers.BooleanField(required=False)
    person = _person_field(required=False)
    since = serializers.DateField(required=False, allow_null=True)


@extend_schema_view(
    list=extend_schema(parameters=[ORG]),
    retrieve=extend_schema(parameters=[ID_PATH]),
)
class PostViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """设岗定责: the posts in the caller's sight; POST defines one."""

    lookup_value_regex = r"\d+"
    serializer_class = HonorsPostSerializer

    def get_queryset(self):
        org = None
        org_pk = query_number(self.request, "org")
        if org_pk is not None:
            org = org_selectors.org_get(self.request.user, org_pk)
        return selectors.post_list(self.request.user, org)

    def _detail(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        return Response(HonorsPostSerializer(selectors.post_get(self.request.user, pk)).data, code)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(int(kwargs["pk"]))

    @extend_schema(request=HonorsPostCreateSerializer, responses={201: HonorsPostSerializer})
    def create(self, request, *args, **kwargs):
        payload = HonorsPostCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        org = (
            Organization.objects.unscoped("checked by the service (404 out of reach)")
            .filter(pk=data.pop("org"))
            .first()
        )
        if org is None:
            raise Http404("no such organization")
        person_pk = data.pop("person")
        person = None
        if person_pk is not None:
            person = (
                Person.objects.unscoped("checked by the service (404 out of reach)")
                .select_related("primary_org")
                .filter(pk=person_pk)
                .first()
            )
            if person is None:
                raise Http404("no such person")
        post = services.post_create(actor=request.user, org=org, person=person, **data)
        return self._detail(post.pk, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PATH], request=HonorsPostPatchSerializer, responses=HonorsPostSerializer
    )
    def partial_update(self, request, *args, **kwargs):
        post = selectors.post_get(request.user, int(kwargs["pk"]))
        payload = HonorsPostPatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        fields = {
            "title": data.get("title", post.title),
            "duties": data.get("duties", post.duties),
            "demonstration": data.get("demonstration", post.demonstration),
            "active": data.get("active", post.active),
        }
        require(request.user, Action.CHANGE, post, str(services.ERRORS["no_right"]))
        with transaction.atomic():  # the fields and the holder together, or neither
            if any(getattr(post, name) != value for name, value in fields.items()):
                services.post_update(actor=request.user, post=post, **fields)
            if "person" in data or "since" in data:
                person_pk = data.get("person", post.person_id)
                person = (
                    None if person_pk is None else selectors.holder_get(request.user, person_pk)
                )
                kept = post.since if person_pk == post.person_id else None
                since = data.get("since", kept)
                services.post_assign(actor=request.user, post=post, person=person, since=since)
        return self._detail(post.pk)


def register(router) -> None:
    """Register this part's viewsets on the project's router."""
    router.register("honors/posts", PostViewSet, basename="honors-post")
