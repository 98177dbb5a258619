"""Form fields that accept what Thai officers type: Thai digits, thousands separators, B.E. dates."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from labourplan.lib.digits import DB_INTEGER_MAX, MisplacedSeparator, parse_decimal, parse_int
from labourplan.lib.thaidate import parse_date


def separator_message(value) -> str:
    return _("Thousands separators go every three digits, as in 1,234 (got “%(value)s”).") % {"value": value}


class ThaiIntegerField(forms.IntegerField):
    """Bounded as the caller says, or by what a database integer holds."""

    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def __init__(self, *, max_value=DB_INTEGER_MAX, min_value=-DB_INTEGER_MAX - 1, **kwargs):
        super().__init__(max_value=max_value, min_value=min_value, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip() not in self.empty_values:
            try:
                value = str(parse_int(value))
            except MisplacedSeparator:
                raise ValidationError(separator_message(value.strip()), code="invalid") from None
            except ValueError:
                raise ValidationError(_("Enter a whole number (Thai or Arabic digits)."), code="invalid") from None
        return super().to_python(value)


class ThaiDecimalField(forms.DecimalField):
    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str) and value.strip() not in self.empty_values:
            try:
                value = str(parse_decimal(value))
            except MisplacedSeparator:
                raise ValidationError(separator_message(value.strip()), code="invalid") from None
            except ValueError:
                raise ValidationError(_("Enter a number (Thai or Arabic digits)."), code="invalid") from None
        return super().to_python(value)


class ThaiDateInput(forms.TextInput):
    """Shows a date as day/month/B.E. year, the way Thai officers write it."""

    def format_value(self, value):
        if value and hasattr(value, "year"):
            return f"{value.day}/{value.month}/{value.year + 543}"
        return super().format_value(value)


class ThaiDateField(forms.DateField):
    widget = ThaiDateInput(attrs={"placeholder": "วว/ดด/ปปปป (พ.ศ.)"})

    def to_python(self, value):
        if isinstance(value, str) and value.strip() not in self.empty_values:
            try:
                return parse_date(value)
            except ValueError:
                raise ValidationError(
                    _("Enter a date as day/month/B.E. year, for example %(example)s.") % {"example": "24/11/2569"},
                    code="invalid",
                ) from None
        return super().to_python(value)


def thai_formfield(db_field, **kwargs):
    """formfield_callback for ModelForms: Thai-aware fields for numbers and dates."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", ThaiDateField)
    elif isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", ThaiDecimalField)
    elif isinstance(db_field, models.IntegerField) and not db_field.choices:
        kwargs.setdefault("form_class", ThaiIntegerField)
    return db_field.formfield(**kwargs)
