"""Online booking (function ``booking``): availability, free slots, bookings.

``availability`` parses the appointment type's windows, overrides and closures,
``slots`` computes free slots on the centre's one calendar, ``fields`` holds the schema
fields for those JSON values. See ``docs/developers/booking.md``.
"""
