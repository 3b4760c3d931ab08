"""HTTP API of the 干训讲堂: the catalogue (list, search, read) and suggestions (留言).

The same selectors and services as the pages: reading a material through the API records
that it was opened, as the page does; a suggestion waits for moderation.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.lib.api import ID_PATH, StrictSerializer
from dangjian.lib.http import whole_number
from dangjian.study import hall_selectors, hall_services, rules
from dangjian.study.models import Material, Suggestion


class MaterialSerializer(serializers.ModelSerializer):
    org = serializers.IntegerField(source="org_id", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    category = serializers.CharField(source="category.name", read_only=True)

    class Meta:
        model = Material
        fields = [
            "id",
            "title",
            "category",
            "year",
            "summary",
            "status",
            "org",
            "org_name",
            "file_name",
            "file_size",
            "published_at",
        ]

    def to_representation(self, material: Material) -> dict:
        data = super().to_representation(material)
        data["url"] = reverse("study:hall-detail", args=[material.pk])
        data["download_url"] = (
            reverse("study:hall-download", args=[material.pk]) if material.file_name else None
        )
        if self.context.get("full"):
            data["body"] = material.body
        return data


class SuggestionWriteSerializer(StrictSerializer):
    body = serializers.CharField(max_length=rules.HALL_SUGGESTION_MAX_CHARS, allow_blank=True)


class SuggestionSerializer(serializers.ModelSerializer):
    material = serializers.IntegerField(source="material_id", read_only=True)

    class Meta:
        model = Suggestion
        fields = ["id", "material", "body", "status", "created_at"]


LIST_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="words of the title or text"),
    OpenApiParameter("category", OpenApiTypes.INT, description="a category's id"),
    OpenApiParameter("year", OpenApiTypes.INT),
]


def _int(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    number = whole_number(value)
    if number is None:
        raise serializers.ValidationError({"filter": ["Give a whole number."]})
    return number


@extend_schema_view(
    list=extend_schema(parameters=LIST_PARAMETERS),
    retrieve=extend_schema(parameters=[ID_PATH]),
)
class MaterialViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """干训讲堂: materials the caller may open; reading one records that it was opened."""

    lookup_value_regex = r"\d+"
    serializer_class = MaterialSerializer

    def get_queryset(self):
        params = self.request.query_params
        filters = hall_selectors.MaterialFilters(
            query=params.get("q", "")[:100],
            category=_int(params.get("category")),
            year=_int(params.get("year")),
        )
        return hall_selectors.material_list(self.request.user, filters)

    def retrieve(self, request, *args, **kwargs):
        material = hall_selectors.material_get(request.user, int(kwargs["pk"]))
        hall_services.material_open(actor=request.user, material=material)
        return Response(self.get_serializer(material, context={"full": True}).data)

    def get_serializer(self, *args, **kwargs):
        context = kwargs.pop("context", {})
        kwargs["context"] = self.get_serializer_context() | context
        return self.get_serializer_class()(*args, **kwargs)

    @extend_schema(
        request=SuggestionWriteSerializer,
        responses={201: SuggestionSerializer},
        parameters=[ID_PATH],
    )
    @action(detail=True, methods=["post"])
    def suggestions(self, request, pk=None):
        material = hall_selectors.material_get(request.user, int(pk))
        payload = SuggestionWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        suggestion = hall_services.suggestion_create(
            actor=request.user, material=material, body=payload.validated_data["body"]
        )
        return Response(SuggestionSerializer(suggestion).data, status=status.HTTP_201_CREATED)
