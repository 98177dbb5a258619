from decimal import Decimal

import pytest

from labourplan.lib.digits import (
    MisplacedSeparator,
    parse_decimal,
    parse_int,
    parse_target,
    to_arabic_digits,
    to_thai_digits,
)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("๖๐", 60), ("60", 60), ("๑,๒๓๔", 1234), (" ๐ ", 0), ("1 234", 1234), ("+๕", 5), ("-๓", -3)],
)
def test_whole_numbers_in_thai_or_arabic_digits(typed, value):
    assert parse_int(typed) == value


def test_a_dash_means_zero_only_where_forms_use_it():
    assert parse_int("-", dash_is_zero=True) == 0
    with pytest.raises(ValueError):
        parse_int("-")


@pytest.mark.parametrize("typed", ["", "๑.๕", "1.5", "สิบ", "12a", "٣"])
def test_anything_else_is_not_a_whole_number(typed):
    with pytest.raises(ValueError):
        parse_int(typed)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("๑๒,๓๔๕.๕๐", Decimal("12345.50")), ("18400", Decimal("18400")), ("0.25", Decimal("0.25"))],
)
def test_amounts_in_thai_digits(typed, value):
    assert parse_decimal(typed) == value


@pytest.mark.parametrize("typed", ["", "บาท", "1e5", "NaN", "Infinity", "1.2.3"])
def test_not_an_amount(typed):
    with pytest.raises(ValueError):
        parse_decimal(typed)


def test_digits_convert_both_ways():
    assert to_thai_digits(2562) == "๒๕๖๒"
    assert to_arabic_digits("คสช. ๑๐๑/๒๕๕๗") == "คสช. 101/2557"


@pytest.mark.parametrize(
    ("cell", "value"),
    [("๖", 6), ("-", 0), ("", 0), (None, 0), (12.0, 12), (" ๑,๒๐๐ ", 1200), (7, 7)],
)
def test_a_target_cell_as_officers_fill_it(cell, value):
    assert parse_target(cell) == value


@pytest.mark.parametrize(("cell", "kept"), [("1.5", "1.5"), (2.5, 2.5), ("สิบ", "สิบ")])
def test_a_target_cell_that_is_not_a_whole_number_is_returned_for_the_message(cell, kept):
    assert parse_target(cell) == kept


@pytest.mark.parametrize("typed", ["1,2,3", "12,34", "1,23", "1234,567", ",123", "1,,234", "1, 234", "๑,๒,๓", "1 2 3"])
def test_separators_out_of_place_are_refused_not_run_together(typed):
    """ "1,2,3" is not 123: thousands separators go every three digits, else it is a typing slip."""
    for parse in (parse_int, parse_decimal):
        with pytest.raises(MisplacedSeparator):
            parse(typed)
    assert parse_target(typed) == typed.strip()  # kept for the import's message, never a number


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1,234", 1234), ("๑,๒๓๔,๕๖๗", 1234567), ("-1,234", -1234), ("+1,000", 1000), ("1\u00a0234", 1234)],
)
def test_separators_in_their_places_are_read(typed, value):
    assert parse_int(typed) == value == parse_decimal(typed)
    assert parse_decimal(typed + ".50") == Decimal(value) + (Decimal("0.50") if value > 0 else Decimal("-0.50"))


def test_form_and_api_fields_say_where_the_separators_go():
    from django.core.exceptions import ValidationError
    from rest_framework import serializers

    from labourplan.lib.api_fields import ThaiDecimalField as ApiDecimal
    from labourplan.lib.api_fields import ThaiIntegerField as ApiInteger
    from labourplan.lib.forms import ThaiDecimalField, ThaiIntegerField
    from labourplan.reports.api import ThaiCountField

    for field in (ThaiIntegerField(), ThaiDecimalField(max_digits=14, decimal_places=2)):
        with pytest.raises(ValidationError, match="1,234"):
            field.clean("1,2,3")
        assert field.clean("1,234") == 1234
    for field in (ApiInteger(), ApiDecimal(max_digits=14, decimal_places=2), ThaiCountField()):
        with pytest.raises(serializers.ValidationError, match="12,34"):
            field.run_validation("12,34")
        assert field.run_validation("๑,๒๓๔") == 1234


@pytest.mark.parametrize(
    "typed", ["9223372036854775808", "๙๒๒๓๓๗๒๐๓๖๘๕๔๗๗๕๘๐๘", "-9,223,372,036,854,775,809", "2147483648"]
)
def test_a_form_whole_number_too_large_for_a_database_integer_is_refused(typed):
    from django.core.exceptions import ValidationError

    from labourplan.lib.forms import ThaiIntegerField

    with pytest.raises(ValidationError):
        ThaiIntegerField().clean(typed)
    assert ThaiIntegerField().clean("๒,๑๔๗,๔๘๓,๖๔๗") == 2_147_483_647
