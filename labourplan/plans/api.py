"""The plans' REST API under /api/.

Explicit serializers and plain APIViews over the same pieces as the pages: objects are fetched
with the access helpers (404 outside the province, 403 when the role lacks the action), every
write goes through `services`, and the table is read with `table.load_table`. Errors share one
body, built by `labourplan.lib.api.exception_handler`.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from labourplan.accounts.permissions import Action, scope_to_user
from labourplan.lib.api_fields import (
    validated,
)
from labourplan.lib.digits import (
    to_arabic_digits,
)
from labourplan.lib.pagination import Pagination
from labourplan.plans import access, services
from labourplan.plans.models import Plan
from labourplan.plans.serializers import (
    AllocationCreateSerializer,
    AllocationSerializer,
    AmendmentSerializer,
    ApprovalSerializer,
    ItemChangeSerializer,
    ItemCreateSerializer,
    ItemSerializer,
    MeetingCreateSerializer,
    MeetingSerializer,
    MoveSerializer,
    PlanCreateSerializer,
    PlanDetailSerializer,
    PlanFilterSerializer,
    PlanSerializer,
    PlanVersionQuerySerializer,
    SubmitSerializer,
    TopicChangeSerializer,
    TopicCreateSerializer,
    TopicSerializer,
    VersionSerializer,
    load_plan_detail,
)

# Views ----------------------------------------------------------------------------------------


class PlanListView(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[PlanFilterSerializer], responses=PlanSerializer(many=True))
    def get(self, request):
        """Plans the user may see, filtered by ?fiscal_year=<B.E.> and ?province=<code>, paginated."""
        filters = validated(PlanFilterSerializer, request, data=request.query_params)
        plans = scope_to_user(request.user, Plan.objects.select_related("province", "fiscal_year", "current_version"))
        if "fiscal_year" in filters:
            plans = plans.filter(fiscal_year__year_be=filters["fiscal_year"])
        if "province" in filters:
            plans = plans.filter(province__code=to_arabic_digits(filters["province"]).strip())
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(plans, request, view=self)
        return paginator.get_paginated_response(PlanSerializer(page, many=True).data)

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanDetailSerializer})
    def post(self, request):
        data = validated(PlanCreateSerializer, request)
        plan = services.create_plan(
            province=data["province"], fiscal_year=data["fiscal_year"], source=data["source"], by=request.user
        )
        plan = access.get_plan_for_user(request.user, plan.pk)
        url = reverse("api_plan", args=[plan.pk])
        body = PlanDetailSerializer(load_plan_detail(plan)).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": url})


class PlanDetailView(APIView):
    @extend_schema(parameters=[PlanVersionQuerySerializer], responses=PlanDetailSerializer)
    def get(self, request, pk):
        """The plan with its current version's table, or an earlier version's with ?version=<n>."""
        plan = access.get_plan_for_user(request.user, pk)
        query = validated(PlanVersionQuerySerializer, request, data=request.query_params)
        return Response(PlanDetailSerializer(load_plan_detail(plan, query.get("version"))).data)


class PlanAmendmentsView(APIView):
    @extend_schema(request=AmendmentSerializer, responses={201: VersionSerializer})
    def post(self, request, pk):
        plan = access.get_plan_for_user(request.user, pk, action=Action.EDIT)
        data = validated(AmendmentSerializer, request)
        version = services.start_amendment(plan=plan, reason=data["reason"], by=request.user)
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)


class VersionSubmitView(APIView):
    @extend_schema(request=SubmitSerializer, responses=VersionSerializer)
    def post(self, request, pk):
        version = access.get_version_for_user(request.user, pk, action=Action.SUBMIT)
        data = validated(SubmitSerializer, request)
        version = services.submit_plan(version=version, submitted_on=data["submitted_on"], by=request.user)
        return Response(VersionSerializer(version).data)


class VersionApproveView(APIView):
    @extend_schema(request={"multipart/form-data": ApprovalSerializer}, responses=VersionSerializer)
    def post(self, request, pk):
        """Multipart: approved_on and document (the signed approval: PDF, JPEG or PNG)."""
        version = access.get_version_for_user(request.user, pk, action=Action.SUBMIT)
        data = validated(ApprovalSerializer, request)
        version = services.record_approval(
            version=version, approved_on=data["approved_on"], document=data["document"], by=request.user
        )
        return Response(VersionSerializer(version).data)


class VersionTopicsView(APIView):
    @extend_schema(request=TopicCreateSerializer, responses={201: TopicSerializer})
    def post(self, request, pk):
        version = access.get_version_for_user(request.user, pk, action=Action.EDIT)
        data = validated(TopicCreateSerializer, request, version=version)
        topic = services.add_topic(version=version, strategy=data["strategy"], title=data["title"], by=request.user)
        return Response(TopicSerializer(topic).data, status=status.HTTP_201_CREATED)


class TopicView(APIView):
    @extend_schema(request=TopicChangeSerializer, responses=TopicSerializer)
    def patch(self, request, pk):
        topic = access.get_topic_for_user(request.user, pk, action=Action.EDIT)
        data = validated(TopicChangeSerializer, request)
        topic = services.update_topic(topic=topic, revision=data["revision"], title=data["title"], by=request.user)
        return Response(TopicSerializer(topic).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        topic = access.get_topic_for_user(request.user, pk, action=Action.EDIT)
        services.delete_topic(topic=topic, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TopicMoveView(APIView):
    @extend_schema(request=MoveSerializer, responses={204: None})
    def post(self, request, pk):
        topic = access.get_topic_for_user(request.user, pk, action=Action.EDIT)
        data = validated(MoveSerializer, request)
        services.move_topic(topic=topic, offset=data["offset"], by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TopicItemsView(APIView):
    @extend_schema(request=ItemCreateSerializer, responses={201: ItemSerializer})
    def post(self, request, pk):
        topic = access.get_topic_for_user(request.user, pk, action=Action.EDIT)
        data = validated(ItemCreateSerializer, request, topic=topic)
        item = services.add_item(
            topic=topic,
            parent=data["parent"],
            title=data["title"],
            unit=data["unit"],
            agencies=data["agencies"],
            by=request.user,
        )
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ItemView(APIView):
    @extend_schema(request=ItemChangeSerializer, responses=ItemSerializer)
    def patch(self, request, pk):
        """Change a row; `revision` is the one the client read. 409 with the saved values if it moved on."""
        item = access.get_item_for_user(request.user, pk, action=Action.EDIT)
        changes = validated(ItemChangeSerializer, request, fiscal_year=item.topic.version.plan.fiscal_year)
        revision = changes.pop("revision")
        item = services.update_item(item=item, revision=revision, changes=changes, by=request.user)
        return Response(ItemSerializer(item).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        item = access.get_item_for_user(request.user, pk, action=Action.EDIT)
        services.delete_item(item=item, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ItemMoveView(APIView):
    @extend_schema(request=MoveSerializer, responses={204: None})
    def post(self, request, pk):
        item = access.get_item_for_user(request.user, pk, action=Action.EDIT)
        data = validated(MoveSerializer, request)
        services.move_item(item=item, offset=data["offset"], by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PlanAllocationsView(APIView):
    @extend_schema(responses=AllocationSerializer(many=True))
    def get(self, request, pk):
        plan = access.get_plan_for_user(request.user, pk)
        return Response(AllocationSerializer(plan.allocations.all(), many=True).data)

    @extend_schema(request=AllocationCreateSerializer, responses={201: AllocationSerializer})
    def post(self, request, pk):
        plan = access.get_plan_for_user(request.user, pk, action=Action.EDIT)
        data = validated(AllocationCreateSerializer, request)
        allocation = services.add_allocation(
            plan=plan, amount=data["amount"], received_on=data["received_on"], note=data["note"], by=request.user
        )
        return Response(AllocationSerializer(allocation).data, status=status.HTTP_201_CREATED)


class AllocationView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        allocation = access.get_allocation_for_user(request.user, pk, action=Action.EDIT)
        services.delete_allocation(allocation=allocation, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PlanMeetingsView(APIView):
    @extend_schema(responses=MeetingSerializer(many=True))
    def get(self, request, pk):
        plan = access.get_plan_for_user(request.user, pk)
        return Response(MeetingSerializer(plan.meetings.prefetch_related("agencies"), many=True).data)

    @extend_schema(request=MeetingCreateSerializer, responses={201: MeetingSerializer})
    def post(self, request, pk):
        """JSON, or multipart with an optional `minutes` file (PDF, JPEG or PNG)."""
        plan = access.get_plan_for_user(request.user, pk, action=Action.EDIT)
        data = validated(MeetingCreateSerializer, request)
        meeting = services.add_meeting(
            plan=plan,
            held_on=data["held_on"],
            kind=data["kind"],
            title=data["title"],
            agencies=data["agencies"],
            minutes=data["minutes"],
            by=request.user,
        )
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class MeetingView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        meeting = access.get_meeting_for_user(request.user, pk, action=Action.EDIT)
        services.delete_meeting(meeting=meeting, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
