"""The plans' REST API, included at /api/ (see labourplan.plans.api)."""

from django.urls import path

from labourplan.plans import api

urlpatterns = [
    path("plans/", api.PlanListView.as_view(), name="api_plans"),
    path("plans/<int:pk>/", api.PlanDetailView.as_view(), name="api_plan"),
    path("plans/<int:pk>/amendments/", api.PlanAmendmentsView.as_view(), name="api_plan_amendments"),
    path("plans/<int:pk>/allocations/", api.PlanAllocationsView.as_view(), name="api_plan_allocations"),
    path("plans/<int:pk>/meetings/", api.PlanMeetingsView.as_view(), name="api_plan_meetings"),
    path("versions/<int:pk>/submit/", api.VersionSubmitView.as_view(), name="api_version_submit"),
    path("versions/<int:pk>/approve/", api.VersionApproveView.as_view(), name="api_version_approve"),
    path("versions/<int:pk>/topics/", api.VersionTopicsView.as_view(), name="api_version_topics"),
    path("topics/<int:pk>/", api.TopicView.as_view(), name="api_topic"),
    path("topics/<int:pk>/move/", api.TopicMoveView.as_view(), name="api_topic_move"),
    path("topics/<int:pk>/items/", api.TopicItemsView.as_view(), name="api_topic_items"),
    path("items/<int:pk>/", api.ItemView.as_view(), name="api_item"),
    path("items/<int:pk>/move/", api.ItemMoveView.as_view(), name="api_item_move"),
    path("allocations/<int:pk>/", api.AllocationView.as_view(), name="api_allocation"),
    path("meetings/<int:pk>/", api.MeetingView.as_view(), name="api_meeting"),
]
