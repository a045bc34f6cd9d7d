"""Online booking (Online-Terminbuchung), function 3 of the platform (``functions.BOOKING``).

A centre's ``AppointmentType`` items say what can be booked and when; every booking is a
``Booking`` (event content: plone.app.event's behaviours) in the centre's private folder
``<centre>/termine``, which only the centre's staff and the site administrators see.
``availability`` parses the appointment type's windows, overrides and closures, ``slots``
computes free slots on the centre's one calendar, ``fields`` holds the schema fields for
those JSON values. ``docs/developers/booking.md`` explains the design.
"""

from sozialplattform.site.anonymous import serialize


TYPE_TYPE = "AppointmentType"
BOOKING_TYPE = "Booking"
FOLDER_TYPE = "BookingFolder"
FOLDER_ID = "termine"
WORKFLOW_ID = "booking_workflow"
#: local role of staff who handle bookings (and, later, conversations) but not the data
COUNSELLOR_ROLE = "CentreCounsellor"

#: bookings that hold their slot; cancelled, declined and no-show ones free it
ACTIVE_STATES = ("requested", "confirmed", "completed")
CHANNELS = ("on_site", "phone", "video", "chat")

# bookings posted at the same moment are stored one after the other per process
serialize.register("booking", "/@book")
# a move re-checks and writes the same calendar: one lock with @book
serialize.register("booking", "/@booking-reschedule")
serialize.register("booking", "/@booking-cancel")
serialize.register("booking", "/@@termin")
# the visitor's booking page posts its form to itself
serialize.register("booking", "/@@booking")
