"""Colour contrast after WCAG 2.2 (relative luminance, contrast ratio), no Plone needed."""

import re


HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
WHITE = "#ffffff"
AA_TEXT = 4.5
"""WCAG 2.2 AA (1.4.3) for normal text."""


def normalize(value: str) -> str:
    """``#ABC`` or ``#aabbcc`` as ``#aabbcc``; anything else raises ``ValueError``."""
    value = (value or "").strip()
    if not HEX.match(value):
        raise ValueError(f"not a hex colour: {value!r}")
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits


def rgb(value: str) -> tuple[int, int, int]:
    digits = normalize(value)[1:]
    return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))


def _channel(c: int) -> float:
    s = c / 255
    # WCAG 2.2 states 0.04045 (sRGB); the older 0.03928 gives the same for 8-bit values
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def relative_luminance(value: str) -> float:
    r, g, b = (_channel(c) for c in rgb(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (the same) to 21 (black on white), whichever is lighter."""
    lighter, darker = sorted(
        (relative_luminance(first), relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def shade(value: str, amount: float) -> str:
    """The colour mixed with black (``amount`` 0..1): hover and active states.

    A darker colour keeps at least the contrast of the original against white.
    """
    return "#" + "".join(f"{round(c * (1 - amount)):02x}" for c in rgb(value))


def rgb_triplet(value: str) -> str:
    """``0, 94, 122``: Bootstrap's ``--bs-*-rgb`` variables."""
    return ", ".join(str(c) for c in rgb(value))
