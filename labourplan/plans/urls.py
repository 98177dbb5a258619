from django.urls import include, path

from labourplan.plans import views

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/history/", views.plan_history_view, name="plan_history"),
    path("<int:pk>/compare/", views.plan_compare, name="plan_compare"),
    path("<int:pk>/amend/", views.plan_amend, name="plan_amend"),
    path("<int:pk>/allocations/", views.allocation_add, name="allocation_add"),
    path("<int:pk>/meetings/", views.meeting_add, name="meeting_add"),
    path("versions/<int:pk>/submit/", views.version_submit, name="version_submit"),
    path("versions/<int:pk>/withdraw/", views.version_withdraw, name="version_withdraw"),
    path("versions/<int:pk>/approve/", views.version_approve, name="version_approve"),
    path("versions/<int:pk>/approval-document/", views.version_document, name="version_document"),
    path("versions/<int:pk>/topics/", views.topic_add, name="topic_add"),
    path("topics/<int:pk>/", views.topic_action, name="topic_action"),
    path("items/<int:pk>/", views.item_action, name="item_action"),
    path("allocations/<int:pk>/delete/", views.allocation_delete, name="allocation_delete"),
    path("meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("", include("labourplan.plans.urls_excel")),
    path("", include("labourplan.plans.urls_pdf")),
]
