"""POST @booking-maintenance."""
