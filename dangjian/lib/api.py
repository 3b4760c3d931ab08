"""The HTTP API's shared parts: bearer tokens, pagination, bounded JSON, strict payloads, and
one mapping from our services' exceptions to HTTP statuses.

Why Django REST framework + drf-spectacular rather than django-ninja: the contract we promise
(`{count, next, previous, results}` pages, 400 with field errors, per-user throttling, session
auth beside tokens for the docs page) is what DRF does out of the box, our services raise
Django's `ValidationError`/`PermissionDenied` which map one-to-one, and drf-spectacular writes
an OpenAPI 3 schema with its own validator and a vendored Swagger UI (drf-spectacular-sidecar),
so the docs page needs no CDN. Ninja is leaner per request, but we would rebuild its pagination
shape, its 422s and throttling by hand.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, pagination, parsers, serializers
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.response import Response

from dangjian.lib.http import whole_number
from dangjian.lib.tokens import token_digest

PAGE_SIZE_MAX = 200


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`; a revoked token or a deactivated account is a 401."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        try:
            token = header[1].decode()
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header.")) from error
        from dangjian.orgs.models import ApiToken

        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(token), revoked_at__isnull=True)
            .first()
        )
        if found is None or not found.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            # At most one write a minute per token: "last used" needs no more precision.
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found.user, found

    def authenticate_header(self, request) -> str:
        return self.keyword


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M` (M up to 200) → `{count, next, previous, results}`."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = PAGE_SIZE_MAX


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = _("The request body is too large.")
    default_code = "payload_too_large"


class BoundedJSONParser(parsers.JSONParser):
    """JSON only, and no more than DANGJIAN_API_MAX_BODY_BYTES, refused before reading."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        if length > settings.DANGJIAN_API_MAX_BODY_BYTES:
            raise PayloadTooLarge
        return super().parse(stream, media_type, parser_context)


class StrictSerializer(serializers.Serializer):
    """A payload with a field we do not know is a 400 naming it, never silently dropped."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


def exception_handler(exc, context):
    """Our services speak Django's exceptions; the API answers them like the pages do:
    out of reach 404, forbidden 403, bad input 400 with the field errors."""
    from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=400)
    if isinstance(exc, ObjectDoesNotExist):
        exc = Http404()
    if isinstance(exc, DjangoPermissionDenied) and not exc.args:
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc.args[0]))
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    return drf_exception_handler(exc, context)


BAD_NUMBER = _("Write a whole number.")


def query_number(request, name: str) -> int | None:
    """A whole number from an API query (an id, a year): absent → None; anything else → 400
    naming the parameter."""
    text = request.query_params.get(name, "")
    if not text:
        return None
    number = whole_number(text)
    if number is None:
        raise serializers.ValidationError({name: [BAD_NUMBER]})
    return number


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Tells the OpenAPI schema how BearerTokenAuthentication works."""

    target_class = "dangjian.lib.api.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "manage.py api_token"}


ID_PATH = OpenApiParameter("id", int, OpenApiParameter.PATH)
