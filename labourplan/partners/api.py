"""The partner-network register's REST API under /api/: the same rules as the pages (404 outside
the province and the centre, writes for the province's own officers, reads written to the audit
trail with their purpose, as every export of personal data is)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from labourplan.accounts.permissions import Action
from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record
from labourplan.lib.pagination import Pagination
from labourplan.partners import services
from labourplan.partners.access import get_partner_for_user, get_register_province
from labourplan.partners.excel import EXPORT_PURPOSE, PDPA_NOTICE
from labourplan.partners.models import LawfulBasis, Partner, PartnerKind


class PartnerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    province = serializers.CharField(source="province.code", read_only=True)
    name = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=PartnerKind.choices)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    contact_person = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=50, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    line_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    area = serializers.CharField(max_length=300, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False, default=True)
    lawful_basis = serializers.ChoiceField(
        choices=LawfulBasis.choices, required=False, help_text="Why the office may hold the entry (PDPA)."
    )
    lawful_basis_display = serializers.CharField(
        source="get_lawful_basis_display",
        read_only=True,
        help_text="The lawful basis in words, in the language of the request (Thai by default).",
    )
    confirmed_at = serializers.DateTimeField(read_only=True, help_text="Last edited or confirmed still right.")
    updated_at = serializers.DateTimeField(read_only=True)


class FilterSerializer(serializers.Serializer):
    """?q=<text>&kind=<type>&active=<true|false>"""

    q = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=PartnerKind.choices, required=False)
    active = serializers.BooleanField(required=False, allow_null=True, default=None)


def _validated(serializer, request, data=None, **kwargs) -> dict:
    instance = serializer(data=request.data if data is None else data, **kwargs)
    instance.is_valid(raise_exception=True)
    return dict(instance.validated_data)


class ProvincePartnersView(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[FilterSerializer], responses=PartnerSerializer(many=True))
    def get(self, request, code):
        """The register of a province, searched and filtered, paginated; the read is audited."""
        province = get_register_province(request.user, code)
        filters = _validated(FilterSerializer, request, data=request.query_params)
        partners = Partner.objects.filter(province=province).select_related("province").search(filters.get("q", ""))
        if "kind" in filters:
            partners = partners.filter(kind=filters["kind"])
        if filters.get("active") is not None:
            partners = partners.filter(is_active=filters["active"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(partners.order_by("name", "pk"), request, view=self)
        record(
            action=AuditEvent.Action.EXPORT,
            user=request.user,
            province=province,
            request=request,
            register="partners",
            format="api",
            rows=len(page),
            purpose=EXPORT_PURPOSE,
        )
        response = paginator.get_paginated_response(PartnerSerializer(page, many=True).data)
        response.data["notice"] = PDPA_NOTICE
        return response

    @extend_schema(request=PartnerSerializer, responses={201: PartnerSerializer})
    def post(self, request, code):
        province = get_register_province(request.user, code, action=Action.EDIT)
        data = _validated(PartnerSerializer, request)
        partner = services.add_partner(province=province, data=data, by=request.user)
        return Response(PartnerSerializer(partner).data, status=status.HTTP_201_CREATED)


class PartnerView(APIView):
    @extend_schema(responses=PartnerSerializer)
    def get(self, request, pk):
        """One partner; the read is audited."""
        partner = get_partner_for_user(request.user, pk)
        services.record_read(request=request, province=partner.province, via="api", rows=1, partner=partner)
        return Response(PartnerSerializer(partner).data)

    @extend_schema(request=PartnerSerializer, responses=PartnerSerializer)
    def patch(self, request, pk):
        partner = get_partner_for_user(request.user, pk, action=Action.EDIT)
        data = _validated(PartnerSerializer, request, partial=True)
        if not data:
            raise serializers.ValidationError(_("Nothing to change."))
        partner = services.update_partner(partner=partner, data=data, by=request.user)
        return Response(PartnerSerializer(partner).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        partner = get_partner_for_user(request.user, pk, action=Action.EDIT)
        services.delete_partner(partner=partner, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
