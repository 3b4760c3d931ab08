"""HTTP API of the originality check (查重): request a check of a text, read its report."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.response import Response

from dangjian.lib.api import ID_PATH, StrictSerializer
from dangjian.orgs import selectors as org_selectors
from dangjian.originality import limits, rules, selectors, services
from dangjian.originality.models import Check


class CheckRequestSerializer(StrictSerializer):
    text = serializers.CharField(trim_whitespace=False, max_length=rules.MAX_TEXT_CHARS)
    org = serializers.IntegerField(help_text="the organization the text is filed under")
    title = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    author = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="送检人: a person's id"
    )


class CheckSerializer(serializers.ModelSerializer):
    """Status; once done, the engine's report keys (as `textreuse check --json`) beside it."""

    title = serializers.CharField(source="submission.title", read_only=True)
    org = serializers.IntegerField(source="submission.org_id", read_only=True)

    class Meta:
        model = Check
        fields = ["id", "status", "error", "title", "org", "created_at", "finished_at"]

    def to_representation(self, check: Check) -> dict:
        data = super().to_representation(check)
        data["url"] = reverse("originality:check-detail", args=[check.pk])
        if check.status == Check.Status.DONE and check.report:
            data |= selectors.report_for(self.context["request"].user, check.report)
        return data


@extend_schema_view(retrieve=extend_schema(parameters=[ID_PATH]))
class CheckViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Checks the caller may see; POST files a text and queues its check (202 until done)."""

    lookup_value_regex = r"\d+"
    serializer_class = CheckSerializer

    def get_queryset(self):
        selectors.require_reviewer(self.request.user)
        if self.action == "list":
            return selectors.check_list(self.request.user)
        return selectors.check_list(self.request.user).select_related("submission__author")

    def retrieve(self, request, *args, **kwargs):
        check = selectors.check_get(request.user, int(kwargs["pk"]))
        return Response(self.get_serializer(check).data)

    @extend_schema(request=CheckRequestSerializer, responses={201: CheckSerializer})
    def create(self, request, *args, **kwargs):
        selectors.require_reviewer(request.user)
        payload = CheckRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        author = None
        if data["author"] is not None:
            author = org_selectors.person_get(request.user, data["author"])
        try:
            check = services.text_check(
                actor=request.user,
                org=org_selectors.org_get(request.user, data["org"]),
                title=data["title"],
                text=data["text"],
                author=author,
            )
        except limits.CheckRefused as refused:
            if refused.reason == "rate":
                raise exceptions.Throttled(detail=str(refused)) from None
            raise
        body = self.get_serializer(check).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})
