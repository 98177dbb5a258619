from labourplan.lib.forms import thai_formfield


class ThaiInputAdmin:
    """ModelAdmin mixin: numbers in Thai digits and dates as day/month/B.E. year."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None or db_field.choices or db_field.is_relation:
            return formfield
        thai = thai_formfield(
            db_field, required=formfield.required, label=formfield.label, help_text=formfield.help_text
        )
        return thai or formfield
