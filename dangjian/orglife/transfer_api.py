"""API of 组织关系转接 under /api/v1/orglife/: `POST transfers` issues a letter,
`POST transfers/{id}/accept` and `POST transfers/{id}/return` decide it, `GET transfers`
(`?state=pending|history`) and `GET transfers/{id}` read them. The same selectors and
services as the pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.lib.api import ID_PATH, StrictSerializer
from dangjian.orglife import rules_transfers as rules
from dangjian.orglife import transfer_selectors as selectors
from dangjian.orglife import transfer_services as services
from dangjian.orglife.models import Transfer
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization

STATE = OpenApiParameter(
    "state",
    OpenApiTypes.STR,
    description="pending (转接中) | history (decided); both when absent",
)


class TransferSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    # Plain strings (values in help_text): drf-spectacular would otherwise name one more
    # "kind" and "status" enum beside the other parts' ones.
    kind = serializers.CharField(read_only=True, help_text="county | out | in")
    from_org = serializers.IntegerField(source="from_org_id", read_only=True, allow_null=True)
    from_name = serializers.CharField(read_only=True)
    to_org = serializers.IntegerField(source="to_org_id", read_only=True, allow_null=True)
    to_name = serializers.CharField(read_only=True)
    valid_until = serializers.DateField(read_only=True)
    status = serializers.SerializerMethodField(
        help_text="issued (转接中) | expired | accepted | returned | cancelled"
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Transfer
        fields = [
            "id",
            "letter_number",
            "kind",
            "person",
            "person_name",
            "from_org",
            "from_name",
            "to_org",
            "to_name",
            "reason",
            "issued_on",
            "valid_days",
            "valid_until",
            "status",
            "accepted_on",
            "returned_on",
            "return_reason",
            "cancelled_on",
            "url",
        ]

    def get_status(self, transfer: Transfer) -> str:
        return transfer.state(timezone.localdate())

    def get_url(self, transfer: Transfer) -> str:
        return reverse("orglife:transfer-detail", args=[transfer.pk])


class IssueSerializer(StrictSerializer):
    person = serializers.IntegerField()
    to_org = serializers.IntegerField(required=False, allow_null=True, default=None)
    to_text = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    valid_days = serializers.IntegerField(
        required=False,
        default=rules.LETTER_VALID_DAYS_DEFAULT,
        min_value=rules.LETTER_VALID_DAYS_MIN,
        max_value=rules.LETTER_VALID_DAYS_MAX,
    )


class AcceptSerializer(StrictSerializer):
    on = serializers.DateField(required=False, allow_null=True, default=None)


class ReturnSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=200)


def _receiving_org(pk: int | None) -> Organization | None:
    """Any organization of the county may receive: the sender names it by id."""
    if pk is None:
        return None
    return services.org_by_id(pk)


@extend_schema_view(
    list=extend_schema(parameters=[STATE]),
    retrieve=extend_schema(parameters=[ID_PATH]),
)
class TransferViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """组织关系转接: transfers at either end in the caller's reach."""

    serializer_class = TransferSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        state = self.request.query_params.get("state", "")
        if state == "pending":
            return selectors.transfers_pending(self.request.user)
        if state == "history":
            return selectors.transfers_history(self.request.user)
        return selectors.transfer_queryset(self.request.user).order_by("-issued_on", "-pk")

    def retrieve(self, request, *args, **kwargs):
        return Response(
            self.get_serializer(selectors.transfer_get(request.user, int(kwargs["pk"]))).data
        )

    @extend_schema(request=IssueSerializer, responses={201: TransferSerializer})
    def create(self, request, *args, **kwargs):
        """开具介绍信: `to_org` (an organization id) within the county, or `to_text` out of it."""
        payload = IssueSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        person = org_selectors.person_get(request.user, data.pop("person"))
        to_org = _receiving_org(data.pop("to_org"))
        transfer = services.transfer_issue(actor=request.user, person=person, to_org=to_org, **data)
        transfer = selectors.transfer_get(request.user, transfer.pk)
        return Response(
            self.get_serializer(transfer).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("api:orglife-transfer-detail", args=[transfer.pk])},
        )

    @extend_schema(request=AcceptSerializer, responses=TransferSerializer, parameters=[ID_PATH])
    @action(detail=True, methods=["post"], url_path="accept", url_name="accept")
    def accept(self, request, pk=None):
        """接收 by the receiving organization (out of the county: the sender's receipt)."""
        payload = AcceptSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        transfer = selectors.transfer_get(request.user, int(pk))
        services.transfer_accept(actor=request.user, transfer=transfer, **payload.validated_data)
        return Response(self.get_serializer(selectors.transfer_get(request.user, transfer.pk)).data)

    @extend_schema(request=ReturnSerializer, responses=TransferSerializer, parameters=[ID_PATH])
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """退回 with a reason: the person stays at the sender."""
        payload = ReturnSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        transfer = selectors.transfer_get(request.user, int(pk))
        services.transfer_return(actor=request.user, transfer=transfer, **payload.validated_data)
        return Response(self.get_serializer(selectors.transfer_get(request.user, transfer.pk)).data)


def register(router) -> None:
    router.register("orglife/transfers", TransferViewSet, basename="orglife-transfer")
