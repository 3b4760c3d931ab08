"""API of 党费: `GET /api/v1/orglife/dues?org={id}&year=YYYY` → the branch's year, per member
per month: due, paid, owed (fen). The same selector as the sheet page: a member sees their
own row only; those who reach the organization see every member of it."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from dangjian.lib.http import whole_number
from dangjian.orglife import dues_selectors as selectors
from dangjian.orgs import selectors as org_selectors


class DuesMonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    due_fen = serializers.IntegerField(
        allow_null=True, help_text="the month's dues in fen; null: no base declared yet"
    )
    paid_fen = serializers.IntegerField(allow_null=True, help_text="null: not paid")
    paid_on = serializers.DateField(allow_null=True)
    owed = serializers.BooleanField(help_text="due, unpaid, and the month has begun")
    advance = serializers.BooleanField(help_text="paid for a month after the current one")


class DuesMemberSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    name = serializers.CharField()
    category = serializers.CharField(
        allow_null=True,
        help_text="employed | retired | farmer | student | unemployed | low_allowance",
    )
    due_fen = serializers.IntegerField(help_text="total due up to the current month")
    paid_fen = serializers.IntegerField(help_text="total paid for the year's months")
    owed_fen = serializers.IntegerField()
    months = DuesMonthSerializer(many=True)


class DuesYearSerializer(serializers.Serializer):
    org = serializers.IntegerField()
    org_name = serializers.CharField()
    year = serializers.IntegerField()
    members = DuesMemberSerializer(many=True)


def _row(row: selectors.MemberRow) -> dict:
    return {
        "person": row.person.pk,
        "name": row.person.name,
        "category": row.base.category if row.base else None,
        "due_fen": row.due_total,
        "paid_fen": row.paid_total,
        "owed_fen": row.owed_total,
        "months": [
            {
                "month": f"{cell.month:%Y-%m}",
                "due_fen": cell.due_fen,
                "paid_fen": cell.paid_fen,
                "paid_on": cell.paid_on,
                "owed": cell.owed,
                "advance": cell.advance,
            }
            for cell in row.cells
        ],
    }


class OneYearSchema(AutoSchema):
    """The answer is one object (the year), not a list of them, though the action is `list`."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("org", OpenApiTypes.INT, required=True, description="a branch's id"),
            OpenApiParameter("year", OpenApiTypes.INT, description="YYYY; this year when absent"),
        ],
        responses=DuesYearSerializer,
    )
)
class DuesViewSet(viewsets.GenericViewSet):
    """党费: a branch's year, per member per month (due, paid, owed), amounts in fen."""

    serializer_class = DuesYearSerializer
    pagination_class = None
    schema = OneYearSchema()

    def list(self, request, *args, **kwargs):
        today = timezone.localdate()
        org_id = request.query_params.get("org", "")
        year = request.query_params.get("year", str(today.year))
        if whole_number(org_id) is None:
            raise serializers.ValidationError({"org": ["Give an organization id: ?org=<id>."]})
        if not 2000 <= (whole_number(year) or 0) <= today.year + 1:
            raise serializers.ValidationError(
                {"year": [f"Give a year from 2000 to {today.year + 1}: ?year=YYYY."]}
            )
        org = org_selectors.org_get(request.user, int(org_id))
        rows = selectors.dues_sheet(request.user, org, whole_number(year), today=today)
        data = {
            "org": org.pk,
            "org_name": org.name,
            "year": whole_number(year),
            "members": [_row(row) for row in rows],
        }
        return Response(DuesYearSerializer(data).data)


def register(router) -> None:
    router.register("orglife/dues", DuesViewSet, basename="orglife-dues")
