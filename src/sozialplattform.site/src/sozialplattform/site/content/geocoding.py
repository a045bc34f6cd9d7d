"""Coordinates of centres default to their postcode's place centroid."""

from sozialplattform.site.geo import lookup


def update_coordinates(centre) -> bool:
    """Fill or refresh latitude/longitude from the postcode; True when they changed.

    Coordinates an editor entered stay; coordinates that came from a postcode follow the
    postcode when it changes.
    """
    info = lookup(centre.postcode or "")
    if info is None:
        return False
    missing = centre.latitude is None or centre.longitude is None
    derived = centre._coordinates_from_postcode
    if derived is not None and derived != centre.postcode:
        previous = lookup(derived)
        if previous and (centre.latitude, centre.longitude) == (
            previous.latitude,
            previous.longitude,
        ):
            missing = True
    if not missing:
        if derived and (centre.latitude, centre.longitude) != (
            info.latitude,
            info.longitude,
        ):
            centre._coordinates_from_postcode = None
        return False
    centre.latitude, centre.longitude = info.latitude, info.longitude
    centre._coordinates_from_postcode = centre.postcode
    return True
