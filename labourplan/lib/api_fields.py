"""The API's input fields for what Thai officers type: numbers in Thai or Arabic digits with
thousands separators, dates as day/month/B.E. year, uploads checked by their content; and
`validated`, the one way a view reads its input through a serializer. Every app's API uses them."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labourplan.lib.digits import DB_INTEGER_MAX, MisplacedSeparator, parse_decimal, parse_int
from labourplan.lib.forms import separator_message
from labourplan.lib.thaidate import parse_date
from labourplan.lib.uploads import validate_upload


class ThaiIntegerField(serializers.IntegerField):
    """A JSON integer, or text in Thai or Arabic digits ("๒๕๗๐", "1,200"); always bounded, by the
    caller or by what a database integer holds (the schema says the bounds)."""

    default_error_messages = {
        "invalid": gettext_lazy("Enter a whole number (Thai or Arabic digits)."),
        "max_value": gettext_lazy("Enter a whole number no greater than {max_value}."),
        "min_value": gettext_lazy("Enter a whole number no less than {min_value}."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", DB_INTEGER_MAX)
        kwargs.setdefault("min_value", -DB_INTEGER_MAX - 1)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = parse_int(data)
            except MisplacedSeparator:
                raise serializers.ValidationError(separator_message(data.strip()), code="invalid") from None
            except ValueError:
                self.fail("invalid")
        return super().to_internal_value(data)


class ThaiDecimalField(serializers.DecimalField):
    """A JSON number, or text such as "๑๒,๓๔๕.๕๐"; blank clears the value when null is allowed.
    `max_digits` bounds it (the schema says the bounds)."""

    default_error_messages = {"invalid": gettext_lazy("Enter a number (Thai or Arabic digits).")}

    def to_internal_value(self, data):
        if isinstance(data, str):
            if not data.strip() and self.allow_null:
                return None
            try:
                data = parse_decimal(data)
            except MisplacedSeparator:
                raise serializers.ValidationError(separator_message(data.strip()), code="invalid") from None
            except ValueError:
                self.fail("invalid")
        return super().to_internal_value(data)


class _ThaiNumberSchema(OpenApiSerializerFieldExtension):
    """A number as JSON, with its bounds, or as text (Thai digits, thousands separators)."""

    target_class = "labourplan.lib.api_fields.ThaiIntegerField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        minimum = getattr(field, "documented_minimum", field.min_value)
        number = {"type": "integer", "minimum": minimum, "maximum": field.max_value}
        text = {"type": "string", "description": "Thai or Arabic digits, thousands separators in their places"}
        return {"oneOf": [number, text]}


class _ThaiDecimalSchema(_ThaiNumberSchema):
    target_class = "labourplan.lib.api_fields.ThaiDecimalField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        largest = Decimal(10) ** (field.max_digits - field.decimal_places) - Decimal(10) ** -field.decimal_places
        number = {
            "type": "number",
            "maximum": float(field.max_value if field.max_value is not None else largest),
            "minimum": float(field.min_value if field.min_value is not None else -largest),
        }
        text = {"type": "string", "description": "Thai or Arabic digits, thousands separators in their places"}
        return {"oneOf": [number, text]}


@extend_schema_field({"type": "string", "description": "ISO date, or day/month/B.E. year", "example": "2026-11-24"})
class ThaiDateField(serializers.DateField):
    """ISO (2026-11-24) or day/month/B.E. year (24/11/2569, Thai digits allowed)."""

    def to_internal_value(self, value):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        try:
            return parse_date(str(value))
        except (ValueError, TypeError):
            raise serializers.ValidationError(
                _("Enter a date as day/month/B.E. year, for example %(example)s.") % {"example": "24/11/2569"},
                code="invalid",
            ) from None


class UploadField(serializers.FileField):
    """A PDF, JPEG or PNG of at most 10 MB, recognised by its content (lib.uploads)."""

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        try:
            validate_upload(upload)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return upload


@extend_schema_field(OpenApiTypes.ANY)
class AnyValueField(serializers.Field):
    """Passed on as sent, for a check that needs more context than one field (monthly targets)."""

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return value


def validated(serializer_class, request, data=None, **context) -> dict:
    serializer = serializer_class(data=request.data if data is None else data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
