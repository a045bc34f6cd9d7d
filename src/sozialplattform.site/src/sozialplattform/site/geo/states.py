"""The 16 German states (Länder) with their ISO 3166-2 and GeoNames codes."""

from dataclasses import dataclass


@dataclass(frozen=True)
class GermanState:
    """One German state.

    ``id`` is our stable ASCII id, ``code`` the ISO 3166-2 code, ``name`` the
    German name and ``geonames_code`` the GeoNames admin1 code ("01" ... "16").
    """

    id: str
    code: str
    name: str
    geonames_code: str


# The GeoNames codes were checked against the ``state_code`` / ``state`` columns
# of data/zipcodes.de.csv (e.g. "02" = "Bavaria", "16" = "Land Berlin").
STATES: tuple[GermanState, ...] = (
    GermanState("baden-wuerttemberg", "DE-BW", "Baden-Württemberg", "01"),
    GermanState("bayern", "DE-BY", "Bayern", "02"),
    GermanState("berlin", "DE-BE", "Berlin", "16"),
    GermanState("brandenburg", "DE-BB", "Brandenburg", "11"),
    GermanState("bremen", "DE-HB", "Bremen", "03"),
    GermanState("hamburg", "DE-HH", "Hamburg", "04"),
    GermanState("hessen", "DE-HE", "Hessen", "05"),
    GermanState("mecklenburg-vorpommern", "DE-MV", "Mecklenburg-Vorpommern", "12"),
    GermanState("niedersachsen", "DE-NI", "Niedersachsen", "06"),
    GermanState("nordrhein-westfalen", "DE-NW", "Nordrhein-Westfalen", "07"),
    GermanState("rheinland-pfalz", "DE-RP", "Rheinland-Pfalz", "08"),
    GermanState("saarland", "DE-SL", "Saarland", "09"),
    GermanState("sachsen", "DE-SN", "Sachsen", "13"),
    GermanState("sachsen-anhalt", "DE-ST", "Sachsen-Anhalt", "14"),
    GermanState("schleswig-holstein", "DE-SH", "Schleswig-Holstein", "10"),
    GermanState("thueringen", "DE-TH", "Thüringen", "15"),
)

STATE_IDS: tuple[str, ...] = tuple(state.id for state in STATES)

_BY_ID = {state.id: state for state in STATES}
_BY_CODE = {state.code: state for state in STATES}
_BY_GEONAMES_CODE = {state.geonames_code: state for state in STATES}


def state_by_id(state_id: str) -> GermanState | None:
    """Return the state with our id (e.g. ``"bayern"``), or None."""
    return _BY_ID.get(state_id)


def state_by_code(iso_code: str) -> GermanState | None:
    """Return the state with an ISO 3166-2 code (e.g. ``"DE-BY"``), or None."""
    return _BY_CODE.get(iso_code.strip().upper()) if iso_code else None


def state_by_geonames_code(geonames_code: str) -> GermanState | None:
    """Return the state with a GeoNames admin1 code (e.g. ``"02"``), or None."""
    return _BY_GEONAMES_CODE.get(geonames_code)
