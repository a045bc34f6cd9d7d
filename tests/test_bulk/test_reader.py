"""Reading CSV and JSON files: sniffing, BOM, cell syntax, file and cell errors."""

from sozialplattform.site.bulk import reader
from sozialplattform.site.bulk.reader import CellError
from sozialplattform.site.bulk.reader import FileError
from test_bulk.base import csv_data
import json
import unittest


def msgid(message) -> str:
    return str(message)


class TestCells(unittest.TestCase):
    def test_booleans(self):
        for text in ("true", "TRUE", "ja", "Ja", "yes", "1", "x", "X", " ja "):
            self.assertIs(reader.parse_bool(text), True, text)
        for text in ("false", "nein", "NEIN", "no", "0", "", "  "):
            self.assertIs(reader.parse_bool(text), False, text)
        with self.assertRaises(CellError) as caught:
            reader.parse_bool("vielleicht")
        self.assertEqual(msgid(caught.exception.message), "error_boolean")

    def test_lists(self):
        self.assertEqual(reader.parse_list("schulden|wohnen"), ["schulden", "wohnen"])
        self.assertEqual(
            reader.parse_list(" schulden | wohnen |"), ["schulden", "wohnen"]
        )
        self.assertEqual(reader.parse_list(""), [])
        # ; is not a list separator: it stays in the value (and fails validation later).
        self.assertEqual(reader.parse_list("de;en"), ["de;en"])

    def test_numbers(self):
        self.assertEqual(reader.parse_float("52.52"), 52.52)
        self.assertEqual(reader.parse_float("52,52"), 52.52)
        self.assertIsNone(reader.parse_float(" "))
        with self.assertRaises(CellError):
            reader.parse_float("Nord")

    def test_opening_hours(self):
        self.assertEqual(
            reader.parse_hours("Mo 09:00-12:00; Di 14:00-18:00"),
            [
                {"day": "mon", "start": "09:00", "end": "12:00"},
                {"day": "tue", "start": "14:00", "end": "18:00"},
            ],
        )
        self.assertEqual(
            reader.parse_hours("Freitag 9.00 - 12.30 Uhr;"),
            [{"day": "fri", "start": "09:00", "end": "12:30"}],
        )
        self.assertEqual(reader.parse_hours(""), [])

    def test_opening_hours_error_names_the_entry(self):
        with self.assertRaises(CellError) as caught:
            reader.parse_hours("Mo 09:00-12:00; Dienstags nachmittags")
        message = caught.exception.message
        self.assertEqual(msgid(message), "error_opening_hours_entry")
        self.assertEqual(
            message.mapping, {"number": 2, "entry": "Dienstags nachmittags"}
        )
        with self.assertRaises(CellError):
            reader.parse_hours("Mo 12:00-09:00")

    def test_text_to_html_escapes_and_wraps(self):
        self.assertEqual(
            reader.text_to_html("Erste Zeile\nzweite <b>Zeile</b> & mehr\n\n\nAbsatz"),
            "<p>Erste Zeile<br />zweite &lt;b&gt;Zeile&lt;/b&gt; &amp; mehr</p><p>Absatz</p>",
        )
        self.assertIsNone(reader.richtext("  \n "))
        value = reader.richtext("Hallo")
        self.assertEqual((value.raw, value.mimeType), ("<p>Hallo</p>", "text/html"))

    def test_postcode_keeps_leading_zero(self):
        self.assertEqual(reader.parse_text("1067", "postcode"), "01067")
        self.assertEqual(reader.parse_text(" 10115 ", "postcode"), "10115")
        self.assertEqual(reader.parse_text("1067", "street"), "1067")
        self.assertIsNone(reader.parse_text("  "))

    def test_json_values(self):
        self.assertEqual(reader.convert_json("list", ["de", " en "]), ["de", "en"])
        self.assertEqual(reader.convert_json("list", "de|en"), ["de", "en"])
        self.assertIs(reader.convert_json("bool", True), True)
        self.assertIs(reader.convert_json("bool", "nein"), False)
        self.assertIs(reader.convert_json("bool", None), False)
        self.assertEqual(reader.convert_json("float", 52), 52.0)
        self.assertEqual(reader.convert_json("text", 1067, "postcode"), "01067")
        self.assertEqual(reader.convert_json("text", 4711, "external_id"), "4711")
        hours = [{"day": "mon", "start": "09:00", "end": "12:00"}]
        self.assertEqual(reader.convert_json("hours", hours), hours)
        for kind, value in (
            ("list", [1, 2]),
            ("float", True),
            ("text", ["a"]),
            ("bool", 2),
        ):
            with self.assertRaises(CellError, msg=(kind, value)):
                reader.convert_json(kind, value)


class TestCSV(unittest.TestCase):
    def test_sniff_delimiter(self):
        self.assertEqual(reader.sniff_delimiter("external_id;title;city\n1;a,b;c"), ";")
        self.assertEqual(reader.sniff_delimiter("external_id,title,city;x\n"), ",")
        self.assertEqual(reader.sniff_delimiter("external_id\ttitle\n"), "\t")
        self.assertEqual(reader.sniff_delimiter("external_id\n1"), ",")

    def test_semicolon_file_with_bom(self):
        data = csv_data(
            [
                {
                    "external_id": "A1",
                    "title": "Beratung, Süd",
                    "topics": "schulden|wohnen",
                }
            ],
            delimiter=";",
            bom=True,
        )
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"))
        [row] = reader.read_data(data, "csv")
        self.assertEqual(row.number, 2)
        self.assertEqual(row.key, "A1")
        self.assertEqual(row.values["title"], "Beratung, Süd")
        self.assertEqual(row.values["topics"], ["schulden", "wohnen"])
        self.assertEqual(row.errors, [])

    def test_comma_file_with_quoted_cells(self):
        data = (
            b"External_ID , title,opening_hours,text\r\n"
            b'A1,"Beratung ""Mitte""","Mo 09:00-12:00; Di 14:00-18:00","Zeile 1\nZeile 2"\r\n'
        )
        [row] = reader.read_data(data, "csv")
        self.assertEqual(row.values["title"], 'Beratung "Mitte"')
        self.assertEqual(len(row.values["opening_hours"]), 2)
        self.assertEqual(row.values["text"].raw, "<p>Zeile 1<br />Zeile 2</p>")

    def test_row_numbers_skip_empty_lines(self):
        data = b"external_id,title\nA1,Eins\n,\n\nA2,Zwei\n"
        rows = reader.read_data(data, "csv")
        self.assertEqual([(r.number, r.key) for r in rows], [(2, "A1"), (5, "A2")])

    def test_short_rows_count_as_empty_cells(self):
        [row] = reader.read_data(b"external_id,title,phone\nA1,Eins\n", "csv")
        self.assertIn("phone", row.values)
        self.assertIsNone(row.values["phone"])

    def test_cell_errors_are_collected_per_field(self):
        data = csv_data(
            [{"external_id": "A1", "accessible": "vielleicht", "latitude": "Nord"}]
        )
        [row] = reader.read_data(data, "csv")
        self.assertEqual(
            [(field, msgid(message)) for field, message in row.errors],
            [("accessible", "error_boolean"), ("latitude", "error_number")],
        )
        self.assertNotIn("accessible", row.values)

    def test_too_many_cells(self):
        [row] = reader.read_data(b"external_id,title\nA1,Eins,zu viel\n", "csv")
        self.assertEqual(msgid(row.errors[0][1]), "error_too_many_cells")

    def test_export_only_columns_are_ignored(self):
        [row] = reader.read_data(
            b"external_id,state,review_state\nA1,DE-BE,draft\n", "csv"
        )
        self.assertEqual(row.values, {"external_id": "A1"})

    def test_file_errors(self):
        cases = {
            b"external_id,titel\nA1,x\n": "error_file_unknown_columns",
            b"title,city\nx,y\n": "error_file_no_key",
            b"external_id,title,Title\n": "error_file_repeated_columns",
            b"": "error_file_empty",
            b"external_id,title\nA1,K\xf6ln\n": "error_file_encoding",
        }
        for data, expected in cases.items():
            with self.assertRaises(FileError, msg=data) as caught:
                reader.read_data(data, "csv")
            self.assertEqual(msgid(caught.exception.message), expected)

    def test_file_format(self):
        self.assertEqual(reader.file_format("/tmp/Centres.CSV"), "csv")
        self.assertEqual(reader.file_format("centres.json"), "json")
        with self.assertRaises(FileError):
            reader.file_format("centres.xlsx")


class TestJSON(unittest.TestCase):
    def read(self, data):
        return reader.read_data(json.dumps(data).encode(), "json")

    def test_objects_with_native_values(self):
        [row] = self.read(
            [
                {
                    "external_id": "A1",
                    "title": "Beratung",
                    "topics": ["schulden"],
                    "accessible": True,
                    "latitude": 52.5,
                    "opening_hours": [{"day": "mon", "start": "09:00", "end": "12:00"}],
                    "offers": [{"title": "Sprechstunde", "languages": ["tr"]}],
                }
            ]
        )
        self.assertEqual(row.number, 1)
        self.assertEqual(row.values["topics"], ["schulden"])
        self.assertIs(row.values["accessible"], True)
        self.assertEqual(row.offers, [{"title": "Sprechstunde", "languages": ["tr"]}])
        self.assertEqual(row.errors, [])

    def test_items_wrapper_and_row_errors(self):
        rows = self.read(
            {
                "items": [
                    "kein Objekt",
                    {"external_id": "A2", "titel": "x", "offers": [{"price": 1}]},
                    {"external_id": "A3", "offers": "keine"},
                ]
            }
        )
        self.assertEqual(msgid(rows[0].errors[0][1]), "error_json_object")
        self.assertEqual(
            [field for field, _message in rows[1].errors], ["titel", "offers[1].price"]
        )
        self.assertEqual(rows[2].errors[0][0], "offers")

    def test_file_errors(self):
        for data, expected in (
            (b"[{", "error_file_json"),
            (b'{"external_id": "A1"}', "error_file_json_list"),
        ):
            with self.assertRaises(FileError) as caught:
                reader.read_data(data, "json")
            self.assertEqual(msgid(caught.exception.message), expected)
