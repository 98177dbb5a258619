from django.urls import path

from labourplan.reports import views

urlpatterns = [
    path("", views.report_home, name="report_home"),
    path("review/", views.review_queue, name="report_review_queue"),
    path("plan/<int:plan_pk>/", views.report_months, name="report_months"),
    path("plan/<int:plan_pk>/month/<int:month_index>/open/", views.report_open, name="report_open"),
    path("plan/<int:plan_pk>/<int:year>-<int:month>/", views.report_of_month, name="report_of_month"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("<int:pk>/return/", views.report_return, name="report_return"),
    path("<int:pk>/reopen/", views.report_reopen, name="report_reopen"),
    path("<int:pk>/evidence/", views.evidence_add, name="report_evidence_add"),
    path("evidence/<int:pk>/", views.evidence_file, name="report_evidence_file"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="report_evidence_delete"),
]
