"""The slot maths: grid, DST, midnight, holidays, notice, horizon, buffers, capacity."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from sozialplattform.site.booking import bench
from sozialplattform.site.booking.availability import Availability
from sozialplattform.site.booking.availability import BookingInputError
from sozialplattform.site.booking.slots import Busy
from sozialplattform.site.booking.slots import free_slots
from sozialplattform.site.booking.slots import is_free
from sozialplattform.site.booking.slots import next_free_slot
from sozialplattform.site.booking.slots import Rules
from sozialplattform.site.booking.slots import ZONE
import contextlib
import io
import random
import unittest


NOW = datetime(2027, 1, 4, 8, 0, tzinfo=ZONE)  # a Monday


def at(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=ZONE)


def rules(windows, **kw):
    kw.setdefault("duration", 60)
    kw.setdefault("max_advance_days", 365)
    parts = {key: kw.pop(key) for key in ("date_overrides", "closures") if key in kw}
    return Rules(
        kw.pop("type_id", "a"), availability=Availability.parse(windows, **parts), **kw
    )


def day_window(day, start, end):
    return [{"day": day, "start": start, "end": end}]


def starts(slots):
    return [slot.start.strftime("%H:%M") for slot in slots]


class TestGrid(unittest.TestCase):
    def test_grid_from_window_start_by_interval_and_fits(self):
        type_ = rules(
            day_window("tue", "09:00", "11:00"), duration=50, slot_interval=30
        )
        slots = free_slots(type_, date(2027, 1, 5), date(2027, 1, 5), NOW, [])
        self.assertEqual(starts(slots), ["09:00", "09:30", "10:00"])
        self.assertEqual(slots[0].end, at(2027, 1, 5, 9, 50))

    def test_interval_defaults_to_duration(self):
        type_ = rules(day_window("tue", "09:00", "12:00"), duration=50)
        slots = free_slots(type_, date(2027, 1, 5), date(2027, 1, 5), NOW, [])
        self.assertEqual(starts(slots), ["09:00", "09:50", "10:40"])

    def test_window_ending_at_midnight(self):
        type_ = rules(day_window("tue", "22:00", "24:00"))
        slots = free_slots(type_, date(2027, 1, 5), date(2027, 1, 6), NOW, [])
        self.assertEqual(starts(slots), ["22:00", "23:00"])
        self.assertEqual(slots[-1].end, at(2027, 1, 6, 0))

    def test_spring_switch(self):
        type_ = rules(day_window("sun", "00:00", "24:00"))
        slots = free_slots(type_, date(2027, 3, 28), date(2027, 3, 28), NOW, [])
        self.assertEqual(len(slots), 23)
        self.assertEqual(starts(slots)[:4], ["00:00", "01:00", "03:00", "04:00"])
        self.assertEqual(slots[1].end.isoformat(), "2027-03-28T03:00:00+02:00")
        self.assertEqual(slots[-1].start.isoformat(), "2027-03-28T23:00:00+02:00")
        for slot in slots:  # absolute length (same-zone subtraction is wall clock)
            self.assertEqual(slot.end.timestamp() - slot.start.timestamp(), 3600)

    def test_autumn_switch(self):
        type_ = rules(day_window("sun", "00:00", "24:00"))
        slots = free_slots(type_, date(2027, 10, 31), date(2027, 10, 31), NOW, [])
        self.assertEqual(len(slots), 25)
        offsets = [slot.start.isoformat()[11:] for slot in slots[1:5]]
        self.assertEqual(
            offsets,
            ["01:00:00+02:00", "02:00:00+02:00", "02:00:00+01:00", "03:00:00+01:00"],
        )
        for slot in slots:
            self.assertEqual(
                slot.end.timestamp() - slot.start.timestamp(), 3600, slot.start
            )

    def test_daytime_window_on_switch_days_keeps_wall_clock(self):
        type_ = rules(day_window("sun", "09:00", "11:00"))
        slots = free_slots(type_, date(2027, 3, 28), date(2027, 3, 28), NOW, [])
        self.assertEqual(
            [s.start.isoformat() for s in slots],
            ["2027-03-28T09:00:00+02:00", "2027-03-28T10:00:00+02:00"],
        )

    def test_range_limit(self):
        type_ = rules(day_window("mon", "09:00", "10:00"))
        free_slots(type_, date(2027, 1, 4), date(2027, 3, 6), NOW, [])  # 62 days
        with self.assertRaises(BookingInputError) as raised:
            free_slots(type_, date(2027, 1, 4), date(2027, 3, 7), NOW, [])
        self.assertEqual(raised.exception.field_name, "end")
        with self.assertRaises(BookingInputError):
            free_slots(type_, date(2027, 1, 5), date(2027, 1, 4), NOW, [])

    def test_rules_limits_name_the_field(self):
        for name, value in (
            ("duration", 9),
            ("duration", 241),
            ("max_advance_days", 366),
            ("capacity", 0),
            ("buffer_after", -1),
        ):
            with self.assertRaises(BookingInputError, msg=name) as raised:
                rules([], **{name: value})
            self.assertEqual(raised.exception.field_name, name)
        rules([], duration=10, max_advance_days=365, capacity=1)


class TestClosedDays(unittest.TestCase):
    def test_holiday_of_one_state_only(self):
        windows = day_window("sun", "09:00", "10:00")
        day = date(2027, 8, 15)  # Mariä Himmelfahrt: Saarland, not Berlin
        saarland = rules(windows, closed_on_holidays=True, state_code="DE-SL")
        berlin = rules(windows, closed_on_holidays=True, state_code="DE-BE")
        ignoring = rules(windows, state_code="DE-SL")
        self.assertEqual(free_slots(saarland, day, day, NOW, []), [])
        self.assertEqual(len(free_slots(berlin, day, day, NOW, [])), 1)
        self.assertEqual(len(free_slots(ignoring, day, day, NOW, [])), 1)

    def test_closures_inclusive(self):
        type_ = rules(
            [
                {"day": day, "start": "09:00", "end": "10:00"}
                for day in ("mon", "tue", "wed", "thu", "fri")
            ],
            closures=[{"start": "2027-01-12", "end": "2027-01-13"}],
        )
        slots = free_slots(type_, date(2027, 1, 11), date(2027, 1, 15), NOW, [])
        self.assertEqual([slot.start.day for slot in slots], [11, 14, 15])

    def test_override_replaces_and_closes(self):
        type_ = rules(
            day_window("tue", "09:00", "11:00") + day_window("wed", "09:00", "10:00"),
            date_overrides=[
                {"date": "2027-01-05", "windows": [{"start": "14:00", "end": "15:00"}]},
                {"date": "2027-01-06", "windows": []},
                {"date": "2027-01-09", "windows": [{"start": "10:00", "end": "11:00"}]},
            ],
        )
        slots = free_slots(type_, date(2027, 1, 5), date(2027, 1, 13), NOW, [])
        self.assertEqual(
            [slot.start.strftime("%d %H:%M") for slot in slots],
            ["05 14:00", "09 10:00", "12 09:00", "12 10:00", "13 09:00"],
        )


class TestNoticeAndHorizon(unittest.TestCase):
    window = day_window("mon", "08:00", "18:00")

    def test_minimum_notice_edge(self):
        type_ = rules(self.window, duration=30, slot_interval=1 * 5, min_notice_hours=2)
        slots = free_slots(type_, date(2027, 1, 4), date(2027, 1, 4), NOW, [])
        self.assertEqual(slots[0].start, at(2027, 1, 4, 10, 0))
        late = NOW + timedelta(minutes=1)
        slots = free_slots(type_, date(2027, 1, 4), date(2027, 1, 4), late, [])
        self.assertEqual(slots[0].start, at(2027, 1, 4, 10, 5))
        self.assertTrue(is_free(type_, at(2027, 1, 4, 10, 0), [], NOW))
        self.assertFalse(is_free(type_, at(2027, 1, 4, 10, 0), [], late))

    def test_past_slots_are_left_out(self):
        type_ = rules(self.window)
        slots = free_slots(
            type_, date(2027, 1, 4), date(2027, 1, 4), at(2027, 1, 4, 9, 1), []
        )
        self.assertEqual(slots[0].start, at(2027, 1, 4, 10))

    def test_horizon_edge(self):
        type_ = rules(self.window, max_advance_days=7)
        slots = free_slots(type_, date(2027, 1, 4), date(2027, 1, 18), NOW, [])
        self.assertEqual(slots[-1].start, at(2027, 1, 11, 8))  # now + 7 days exactly
        self.assertFalse(is_free(type_, at(2027, 1, 11, 9), [], NOW))


class TestBookings(unittest.TestCase):
    window = day_window("mon", "09:00", "13:00")
    day = date(2027, 1, 11)

    def slots(self, type_, bookings):
        return starts(free_slots(type_, self.day, self.day, NOW, bookings))

    def test_buffers_add_up(self):
        type_ = rules(self.window, buffer_before=15, buffer_after=0)
        booking = Busy(at(2027, 1, 11, 11), at(2027, 1, 11, 12), "b", buffer_after=0)
        self.assertEqual(
            self.slots(type_, [booking]), ["09:00", "10:00"]
        )  # 12:00: 15 before
        # 30 minutes after the booking's own buffer + 15 before this type's slot
        booking = Busy(
            at(2027, 1, 11, 10), at(2027, 1, 11, 10, 30), "b", buffer_after=30
        )
        type_ = rules(self.window, slot_interval=15, buffer_before=15)
        self.assertEqual(
            self.slots(type_, [booking]), ["09:00", "11:15", "11:30", "11:45", "12:00"]
        )
        booking = Busy(at(2027, 1, 11, 12), at(2027, 1, 11, 13), "b", buffer_before=20)
        type_ = rules(self.window, slot_interval=10, buffer_after=10)
        self.assertEqual(self.slots(type_, [booking])[-1], "10:30")

    def test_other_type_blocks_and_capacity(self):
        type_ = rules(self.window, capacity=2)
        same = Busy(at(2027, 1, 11, 10), at(2027, 1, 11, 11), "a")
        slots = free_slots(type_, self.day, self.day, NOW, [same])
        self.assertEqual([s.available for s in slots], [2, 1, 2, 2])
        slots = free_slots(type_, self.day, self.day, NOW, [same, same])
        self.assertEqual(starts(slots), ["09:00", "11:00", "12:00"])
        other = Busy(at(2027, 1, 11, 11, 30), at(2027, 1, 11, 11, 40), "b")
        self.assertEqual(self.slots(type_, [same, other]), ["09:00", "10:00", "12:00"])
        # a booking of the same type at another start overlapping blocks fully
        overlapping = Busy(at(2027, 1, 11, 9, 30), at(2027, 1, 11, 10, 30), "a")
        self.assertEqual(self.slots(type_, [overlapping]), ["11:00", "12:00"])

    def test_many_bookings_unsorted(self):
        type_ = rules(self.window, duration=10)
        bookings = [
            Busy(
                at(2027, 1, 11, 9, m),
                at(2027, 1, 11, 9, m) + timedelta(minutes=10),
                "b",
            )
            for m in (50, 0, 20)
        ]
        self.assertEqual(self.slots(type_, bookings)[:3], ["09:10", "09:30", "09:40"])

    def test_next_free_slot_and_is_free(self):
        type_ = rules(self.window)
        booked = Busy(at(2027, 1, 4, 9), at(2027, 1, 4, 13), "b")
        slot = next_free_slot(type_, NOW, [booked])
        self.assertEqual(slot.start, at(2027, 1, 11, 9))
        self.assertIsNone(next_free_slot(type_, NOW, [booked], within_days=6))
        self.assertTrue(is_free(type_, at(2027, 1, 11, 9), [booked], NOW))
        self.assertFalse(is_free(type_, at(2027, 1, 11, 9, 30), [], NOW))  # off grid
        self.assertFalse(is_free(type_, at(2027, 1, 4, 10), [booked], NOW))


class TestSweep(unittest.TestCase):
    """The sweep gives what checking every slot against every booking gives."""

    def naive(self, type_, first, last, bookings):
        slots = []
        for slot in free_slots(type_, first, last, NOW, []):
            low = slot.start - timedelta(minutes=type_.buffer_before)
            high = slot.end + timedelta(minutes=type_.buffer_after)
            overlapping = [
                busy
                for busy in bookings
                if busy.start - timedelta(minutes=busy.buffer_before) < high
                and busy.end + timedelta(minutes=busy.buffer_after) > low
            ]
            seats = all(
                busy.type_id == type_.type_id and busy.start == slot.start
                for busy in overlapping
            )
            if seats and len(overlapping) < type_.capacity:
                slots.append((slot.start, type_.capacity - len(overlapping)))
        return slots

    def test_random_calendars(self):
        chance = random.Random(3)
        weekly = [
            {"day": day, "start": "08:00", "end": "18:00"}
            for day in ("mon", "wed", "sat")
        ]
        for _round in range(30):
            type_ = rules(
                weekly,
                duration=chance.choice((10, 30, 45)),
                slot_interval=chance.choice((5, 15, 30)),
                buffer_before=chance.choice((0, 5, 20)),
                buffer_after=chance.choice((0, 10)),
                capacity=chance.choice((1, 2, 3)),
            )
            bookings = []
            for _index in range(40):
                start = at(2027, 1, chance.randrange(4, 12), chance.randrange(7, 18))
                start += timedelta(minutes=chance.choice((0, 10, 15, 30, 45)))
                length = timedelta(minutes=chance.choice((10, 30, 45, 90)))
                bookings.append(
                    Busy(
                        start,
                        start + length,
                        chance.choice("aab"),
                        chance.choice((0, 5, 15)),
                        chance.choice((0, 10)),
                    )
                )
            got = free_slots(type_, date(2027, 1, 4), date(2027, 1, 11), NOW, bookings)
            self.assertEqual(
                [(slot.start, slot.available) for slot in got],
                self.naive(type_, date(2027, 1, 4), date(2027, 1, 11), bookings),
            )

    def test_windows_around_the_skipped_hour_stay_in_order(self):
        # 02:45 does not exist on 2027-03-28: the first window lasts until 03:45 CEST,
        # past the start of the second one
        type_ = rules(
            day_window("sun", "01:00", "02:45") + day_window("sun", "03:00", "04:30"),
            duration=30,
            slot_interval=15,
        )
        day = date(2027, 3, 28)
        moments = [
            slot.start.timestamp() for slot in free_slots(type_, day, day, NOW, [])
        ]
        self.assertEqual(moments, sorted(set(moments)))
        self.assertEqual(len(moments), 9)  # 01:00 CET to 04:00 CEST (2 h) every 15 min
        booked = Busy(at(2027, 3, 28, 3), at(2027, 3, 28, 3, 30), "b")
        slots = free_slots(type_, day, day, NOW, [booked])
        self.assertNotIn(at(2027, 3, 28, 3), [slot.start for slot in slots])


class TestBench(unittest.TestCase):
    def test_bench_runs_on_its_scenario(self):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            figures = bench.main(rounds=3)
        self.assertEqual(set(figures), {"free_slots", "slot_at"})
        self.assertIn("200 bookings", out.getvalue())
