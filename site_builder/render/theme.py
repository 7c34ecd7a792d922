"""The site's colours: `site.colors` turned into CSS custom properties with safe contrast.

An author picks a brand `primary` and `accent`; the derived colours (text on a
coloured bar, links, focus rings) are adjusted until they meet WCAG AA contrast,
so a pale brand colour never makes the site unreadable.
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_COLORS: Mapping[str, str] = {"primary": "#1f4e6b", "accent": "#c8642a"}
WHITE = (255, 255, 255)
INK = (26, 32, 38)  # body text, #1a2026

RGB = tuple[int, int, int]


def parse_hex(color: str) -> RGB:
    """`#abc` or `#aabbcc` (already validated by the loader) as an RGB triple."""
    digits = color.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    value = int(digits[:6], 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def to_hex(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(a: RGB, b: RGB, amount: float) -> RGB:
    """`amount` of `b` mixed into `a`."""
    r, g, bl = (round(x + (y - x) * amount) for x, y in zip(a, b, strict=True))
    return r, g, bl


def darken_until(color: RGB, background: RGB, ratio: float) -> RGB:
    """`color`, darkened in small steps until it reaches `ratio` against `background`."""
    current = color
    for step in range(1, 21):
        if contrast(current, background) >= ratio:
            break
        current = mix(color, (0, 0, 0), step / 20)
    return current


def text_on(background: RGB) -> RGB:
    """White or ink, whichever reads better on `background`."""
    return WHITE if contrast(WHITE, background) >= contrast(INK, background) else INK


def theme_css(colors: Mapping[str, str]) -> str:
    """The generated `assets/theme.css`: custom properties only, no rules."""
    primary = parse_hex(colors.get("primary") or DEFAULT_COLORS["primary"])
    accent = parse_hex(colors.get("accent") or DEFAULT_COLORS["accent"])
    values = {
        "--primary": primary,
        "--on-primary": text_on(primary),
        "--primary-strong": darken_until(primary, WHITE, 7.0),
        "--primary-soft": mix(primary, WHITE, 0.92),
        "--link": darken_until(primary, WHITE, 4.5),
        "--accent": accent,
        "--on-accent": text_on(accent),
        "--accent-strong": darken_until(accent, WHITE, 3.0),
        "--accent-soft": mix(accent, WHITE, 0.9),
    }
    lines = [f"  {name}: {to_hex(rgb)};" for name, rgb in values.items()]
    return "/* Generated from site.yaml `colors`. */\n:root {\n" + "\n".join(lines) + "\n}\n"
