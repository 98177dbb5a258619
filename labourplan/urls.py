from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from labourplan import views

urlpatterns = [
    path("", include("labourplan.dashboard.urls")),
    path("accounts/", include("labourplan.accounts.urls")),
    path("provinces/", include("labourplan.dashboard.urls_provinces")),
    path("plans/", include("labourplan.plans.urls")),
    path("reports/", include("labourplan.reports.urls")),
    path("evaluation/", include("labourplan.evaluation.urls")),
    path("annual/", include("labourplan.annual.urls")),
    path("partners/", include("labourplan.partners.urls")),
    path("quality/", include("labourplan.quality.urls")),
    path("jobs/", include("labourplan.jobs.urls")),
    path("api/", include("labourplan.plans.urls_api")),
    path("api/", include("labourplan.reports.urls_api")),
    path("api/", include("labourplan.evaluation.urls_api")),
    path("api/", include("labourplan.annual.urls_api")),
    path("api/", include("labourplan.partners.urls_api")),
    path("api/", include("labourplan.accounts.urls_api")),
    path("api/", include("labourplan.opendata.urls_api")),
    path("api/", include("labourplan.quality.urls_api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api_schema")), name="api_docs"),
    path("audit/", include("labourplan.dashboard.urls_audit")),
    path("", include("labourplan.notifications.urls")),
    path("", include("labourplan.opendata.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

handler400 = "labourplan.views.bad_request"
handler404 = "labourplan.views.page_not_found"
handler500 = "labourplan.views.server_error"
