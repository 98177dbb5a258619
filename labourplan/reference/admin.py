from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from labourplan.lib.admin import ThaiInputAdmin
from labourplan.reference.models import (
    Agency,
    FiscalYear,
    Province,
    Region,
    Strategy,
    StrategyFramework,
    TemplateItem,
    TemplateTopic,
)
from labourplan.reference.services import SetupCopyError, copy_fiscal_year_setup


@admin.register(Region)
class RegionAdmin(ThaiInputAdmin, admin.ModelAdmin):
    list_display = ["name_th", "name_en", "code", "order"]


@admin.register(Province)
class ProvinceAdmin(ThaiInputAdmin, admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "region", "in_regional_administration"]
    list_filter = ["region", "in_regional_administration"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["region"]
    # Changed on its own page of the settings area, with the audit trail (accounts' admin).
    readonly_fields = ["approvers_two_factor_required"]


@admin.register(Agency)
class AgencyAdmin(ThaiInputAdmin, admin.ModelAdmin):
    list_display = ["abbreviation", "name_th", "name_en", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["abbreviation", "name_th", "name_en"]


class StrategyInline(admin.TabularInline):
    model = Strategy
    extra = 0


@admin.register(StrategyFramework)
class StrategyFrameworkAdmin(ThaiInputAdmin, admin.ModelAdmin):
    list_display = ["name_th", "first_year_be", "last_year_be"]
    inlines = [StrategyInline]


@admin.register(FiscalYear)
class FiscalYearAdmin(ThaiInputAdmin, admin.ModelAdmin):
    list_display = ["year_be", "start_date", "end_date", "report_due_day", "plan_due_date", "annual_report_due_date"]
    actions = ["copy_setup_from_previous_year"]

    @admin.action(description=_("Copy the plan template from the previous fiscal year"))
    def copy_setup_from_previous_year(self, request, queryset):
        for fiscal_year in queryset.order_by("year_be"):
            source = FiscalYear.objects.filter(year_be=fiscal_year.year_be - 1).first()
            if source is None:
                self.message_user(request, _("%(fy)s: no previous fiscal year.") % {"fy": fiscal_year}, messages.ERROR)
                continue
            try:
                copied = copy_fiscal_year_setup(source=source, target=fiscal_year)
            except SetupCopyError as exc:
                self.message_user(request, f"{fiscal_year}: {exc}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(fy)s: %(n)s template rows copied from %(source)s.")
                    % {"fy": fiscal_year, "n": copied, "source": source},
                    messages.SUCCESS,
                )


class TemplateItemInline(ThaiInputAdmin, admin.TabularInline):
    model = TemplateItem
    extra = 0
    fields = ["order", "parent", "title", "unit", "agencies", *TemplateItem.TARGET_FIELDS]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            topic_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = TemplateItem.objects.filter(topic_id=topic_id, parent=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(TemplateTopic)
class TemplateTopicAdmin(ThaiInputAdmin, admin.ModelAdmin):
    list_display = ["fiscal_year", "number", "title", "strategy"]
    list_filter = ["fiscal_year", "strategy__number"]
    list_select_related = ["fiscal_year", "strategy"]
    inlines = [TemplateItemInline]
