"""The open API under /api/open/: the same datasets as JSON, anonymous, cached, rate-limited per
client address (lib/client.py: the address the outermost trusted proxy saw)."""

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from labourplan.lib.api import ErrorSerializer
from labourplan.lib.client import client_address
from labourplan.opendata.datasets import DATASETS
from labourplan.opendata.publishing import dataset_or_404, json_bytes, public_response, published


class PerAddressThrottle(SimpleRateThrottle):
    scope = "open_data"

    def get_rate(self):
        return settings.OPEN_DATA_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request) or "unknown"}


class Throttled(exceptions.Throttled):
    default_code = "throttled"


class FieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField(help_text="A Frictionless Table Schema type.")
    title_th = serializers.CharField()
    title_en = serializers.CharField()


class DatasetSerializer(serializers.Serializer):
    name = serializers.CharField()
    title_th = serializers.CharField()
    title_en = serializers.CharField()
    last_updated = serializers.DateField()
    fields = FieldSerializer(many=True)
    data = serializers.ListField(child=serializers.DictField(), help_text="One object per row, keyed by field name.")


class DatasetLinkSerializer(serializers.Serializer):
    name = serializers.CharField()
    title_th = serializers.CharField()
    title_en = serializers.CharField()
    url = serializers.CharField()
    csv = serializers.CharField()


class FiscalYearQuery(serializers.Serializer):
    fy = serializers.IntegerField(
        required=False,
        min_value=2500,
        max_value=2700,
        help_text="A fiscal year in B.E.; every published year without it.",
    )


TOO_MANY = OpenApiResponse(ErrorSerializer, description="Too many requests from this address: wait and try again.")


class OpenView(APIView):
    authentication_classes = []  # anonymous: a token or a session changes nothing here
    permission_classes = [AllowAny]
    throttle_classes = [PerAddressThrottle]

    def throttled(self, request, wait):
        seconds = max(1, round(wait or 1))
        raise Throttled(
            detail=(
                f"มีคำขอจากที่อยู่นี้มากเกินไป กรุณารอ {seconds} วินาทีแล้วลองใหม่ / "
                f"Too many requests from this address: wait {seconds} seconds and try again."
            ),
            wait=wait,
        )


class OpenDatasetsView(OpenView):
    @extend_schema(responses={200: DatasetLinkSerializer(many=True), 429: TOO_MANY}, tags=["open data"])
    def get(self, request):
        """The open datasets: the national figures anyone may read, with their files."""
        body = [
            {
                "name": d.name,
                "title_th": d.title_th,
                "title_en": d.title_en,
                "url": request.build_absolute_uri(f"/api/open/{d.name}/"),
                "csv": request.build_absolute_uri(f"/open/{d.name}.csv"),
            }
            for d in DATASETS.values()
        ]
        return public_response(request, json_bytes(body), "application/json")


class OpenDatasetView(OpenView):
    @extend_schema(parameters=[FiscalYearQuery], responses={200: DatasetSerializer, 429: TOO_MANY}, tags=["open data"])
    def get(self, request, name):
        """One open dataset as JSON: its fields (Thai and English titles) and its rows."""
        dataset = dataset_or_404(name)
        query = FiscalYearQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        content = published(dataset, fy=query.validated_data.get("fy"))
        return public_response(request, json_bytes(content.json), "application/json")
