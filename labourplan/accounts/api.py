"""Personal API tokens through the API: a signed-in user creates one from the browser session
(with its CSRF token), as on the profile page; the key is in the answer once and never again.

A token cannot mint tokens: a request made with one is refused (403, code session_required)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from labourplan.accounts import services, two_factor
from labourplan.accounts.models import ApiToken


class TokenSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    prefix = serializers.CharField(read_only=True, help_text="The key's beginning, to recognise it.")
    created_at = serializers.DateTimeField(read_only=True)
    last_used_at = serializers.DateTimeField(read_only=True, allow_null=True)
    active = serializers.BooleanField(source="is_active", read_only=True)


class NewTokenSerializer(TokenSerializer):
    key = serializers.CharField(
        read_only=True, help_text="Send it as `Authorization: Token <key>`. Shown in this answer only."
    )


class TokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=100, allow_blank=True, help_text="Where the token is used, e.g. the office's script."
    )


class TokensView(APIView):
    @extend_schema(responses=TokenSerializer(many=True))
    def get(self, request):
        """The signed-in user's tokens (never their keys)."""
        return Response(TokenSerializer(request.user.api_tokens.all(), many=True).data)

    @extend_schema(request=TokenCreateSerializer, responses={201: NewTokenSerializer})
    def post(self, request):
        """A new personal token of the signed-in user (session and CSRF token, as the pages send)."""
        if isinstance(request.auth, ApiToken):
            raise exceptions.PermissionDenied(
                _("Create a token while signed in to the site, not with another token."), code="session_required"
            )
        if not two_factor.has_recent_second_factor(request):
            raise exceptions.PermissionDenied(
                _("Give your second factor again in the browser, then create the token."),
                code="recent_second_factor_required",
            )
        data = TokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = services.create_api_token(user=request.user, name=data.validated_data["name"], request=request)
        token.key = key
        return Response(NewTokenSerializer(token).data, status=status.HTTP_201_CREATED)
