"""Strict parsing of availability, date overrides and closures; the schema fields."""

from datetime import date
from sozialplattform.site.booking import fields
from sozialplattform.site.booking.availability import Availability
from sozialplattform.site.booking.availability import BookingInputError
from sozialplattform.site.booking.availability import Closure
from sozialplattform.site.booking.availability import parse_closures
from sozialplattform.site.booking.availability import parse_date_overrides
from sozialplattform.site.booking.availability import parse_weekly
from sozialplattform.site.booking.availability import Window
import jsonschema
import unittest


def window(day, start, end):
    return {"day": day, "start": start, "end": end}


class TestWeekly(unittest.TestCase):
    def test_several_windows_a_day_sorted_and_midnight(self):
        weekly = parse_weekly(
            [window("mon", "14:00", "24:00"), window("mon", "09:00", "12:30")]
        )
        self.assertEqual(weekly[0], (Window(540, 750), Window(840, 1440)))
        self.assertEqual(weekly[1:], ((),) * 6)

    def test_touching_windows_are_fine(self):
        parse_weekly([window("tue", "09:00", "12:00"), window("tue", "12:00", "13:00")])
        parse_weekly([window("tue", "09:00", "12:00"), window("wed", "10:00", "11:00")])

    def assertError(self, parse, value, field, entry, text):
        with self.assertRaises(BookingInputError) as raised:
            parse(value)
        error = raised.exception
        self.assertEqual((error.field_name, error.entry), (field, entry))
        self.assertIn(text, str(error))
        self.assertEqual(error.doc(), error.message)
        return error

    def test_errors_name_field_and_entry(self):
        good = window("mon", "09:00", "10:00")
        cases = (
            ({"day": "mon"}, (), "Send a list"),
            (
                [good, window("mon", "09:30", "11:00")],
                (1,),
                "Entry 2: the window overlaps",
            ),
            ([good, window("xyz", "09:00", "10:00")], (1,), "Entry 2: the day must be"),
            (
                [good, window("mon", "9:00", "10:00")],
                (1,),
                "Entry 2: start must be a time",
            ),
            ([window("mon", "09:00", "24:01")], (0,), "Entry 1: end must be a time"),
            (
                [window("mon", "24:00", "24:00")],
                (0,),
                "the start must be before the end",
            ),
            (
                [window("mon", "10:00", "09:00")],
                (0,),
                "the start must be before the end",
            ),
            ([good, {**good, "x": 1}], (1,), "Entry 2: send an object with exactly"),
            ([good, {"day": "mon", "start": "09:00"}], (1,), "Entry 2: send an object"),
            ([good, "mon 9-10"], (1,), "Entry 2: send an object"),
            ([window("mon", 900, "10:00")], (0,), "Entry 1: start must be a time"),
            ([good] * 71, (), "At most 70 entries"),
        )
        for value, entry, text in cases:
            with self.subTest(text=text, entry=entry):
                self.assertError(parse_weekly, value, "availability", entry, text)

    def test_message_for_gettext(self):
        error = self.assertError(
            parse_weekly, [window("mon", "10:00", "09:00")], "availability", (0,), ""
        )
        self.assertEqual(error.message.mapping["number"], "1")
        self.assertEqual(error.message.domain, "sozialplattform.site")
        self.assertEqual(error.message, "booking_error_window_order")

    def test_overrides(self):
        overrides = parse_date_overrides(
            [
                {"date": "2027-01-05", "windows": [{"start": "14:00", "end": "15:00"}]},
                {"date": "2027-01-06", "windows": []},
            ]
        )
        self.assertEqual(
            overrides, {date(2027, 1, 5): (Window(840, 900),), date(2027, 1, 6): ()}
        )
        day = {"date": "2027-01-05", "windows": []}
        cases = (
            ([day, {**day}], (1,), "Entry 2: 2027-01-05 has an override already"),
            ([{"date": "2027-02-30", "windows": []}], (0,), "date must be a date"),
            ([{"date": "20270105", "windows": []}], (0,), "date must be a date"),
            (
                [
                    day,
                    {
                        "date": "2027-01-07",
                        "windows": [{"start": "10:00", "end": "09:00"}],
                    },
                ],
                (1, 0),
                "Entry 2.1: the start must be before the end",
            ),
            (
                [
                    {
                        "date": "2027-01-07",
                        "windows": [
                            {"start": "09:00", "end": "11:00"},
                            {"start": "10:00", "end": "12:00"},
                        ],
                    }
                ],
                (0, 1),
                "Entry 1.2: the window overlaps",
            ),
            ([{"date": "2027-01-07", "windows": {}}], (0,), "Send a list"),
        )
        for value, entry, text in cases:
            with self.subTest(text=text):
                self.assertError(
                    parse_date_overrides, value, "date_overrides", entry, text
                )

    def test_closures(self):
        self.assertEqual(
            parse_closures([{"start": "2027-12-24", "end": "2028-01-01"}]),
            (Closure(date(2027, 12, 24), date(2028, 1, 1)),),
        )
        self.assertError(
            parse_closures,
            [
                {"start": "2027-01-01", "end": "2027-01-01"},
                {"start": "2027-01-03", "end": "2027-01-02"},
            ],
            "closures",
            (1,),
            "Entry 2: the first day must not be after the last day",
        )
        self.assertError(
            parse_closures,
            [{"start": "2027-01-01", "end": None}],
            "closures",
            (0,),
            "Entry 1: end must be a date",
        )

    def test_windows_on(self):
        availability = Availability.parse(
            [window("mon", "09:00", "10:00")],
            [{"date": "2027-01-11", "windows": [{"start": "11:00", "end": "12:00"}]}],
            [{"start": "2027-01-18", "end": "2027-01-18"}],
        )
        self.assertEqual(availability.windows_on(date(2027, 1, 4)), (Window(540, 600),))
        self.assertEqual(
            availability.windows_on(date(2027, 1, 11)), (Window(660, 720),)
        )
        self.assertEqual(availability.windows_on(date(2027, 1, 18)), ())
        self.assertEqual(availability.windows_on(date(2027, 1, 5)), ())
        self.assertEqual(
            Availability.parse(None, None, None).windows_on(date(2027, 1, 4)), ()
        )


class TestFields(unittest.TestCase):
    value = [window("mon", "09:00", "24:00")]

    def test_field_validates_with_its_name(self):
        field = fields.WeeklyAvailabilityField(__name__="availability", title="A")
        field.validate(self.value)
        with self.assertRaises(BookingInputError) as raised:
            field.validate([window("mon", "10:00", "09:00")])
        self.assertEqual(raised.exception.field_name, "availability")
        renamed = fields.ClosuresField(__name__="holidays_off", title="C")
        with self.assertRaises(BookingInputError) as raised:
            renamed.validate([{"start": "x", "end": "2027-01-01"}])
        self.assertEqual(raised.exception.field_name, "holidays_off")

    def test_from_unicode_json_only(self):
        field = fields.DateOverridesField(__name__="date_overrides", title="D")
        self.assertEqual(field.fromUnicode("[]"), [])
        with self.assertRaises(BookingInputError) as raised:
            field.fromUnicode("[{'date': '2027-01-01', 'windows': []}]")
        self.assertEqual(raised.exception.field_name, "date_overrides")

    def test_json_schemas_describe_what_the_parser_takes(self):
        good = (
            (fields.WEEKLY_SCHEMA, self.value),
            (
                fields.DATE_OVERRIDES_SCHEMA,
                [
                    {
                        "date": "2027-01-01",
                        "windows": [{"start": "00:00", "end": "24:00"}],
                    }
                ],
            ),
            (fields.CLOSURES_SCHEMA, [{"start": "2027-01-01", "end": "2027-01-02"}]),
        )
        for schema, value in good:
            jsonschema.validate(value, schema)
        bad = (
            (fields.WEEKLY_SCHEMA, [window("mon", "09:00", "24:30")]),
            (fields.WEEKLY_SCHEMA, [window("sun", "25:00", "26:00")]),
            (fields.WEEKLY_SCHEMA, [{**window("mon", "09:00", "10:00"), "x": 1}]),
            (fields.CLOSURES_SCHEMA, [{"start": "2027-01-01"}]),
        )
        for schema, value in bad:
            with self.assertRaises(jsonschema.ValidationError):
                jsonschema.validate(value, schema)
