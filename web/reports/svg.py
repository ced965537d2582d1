"""A small writer of SVG documents for the report's charts: rectangles, lines, markers and
text, each written once as a string (no drawing library: matplotlib took seconds and
tens of megabytes per worker for these few shapes).

A document names itself for assistive technology (role="img", aria-label, <title> and
<desc>) and carries no style element or script: colours and fonts are attributes.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

FONT = "arial, sans-serif"  # GOV.UK's own fallback: an image cannot load the page's font
FONT_SIZE = 12  # px: 9 point
CHAR_WIDTH = 7.0  # px a character of text takes, roughly: room enough for labels
TEXT = "#0b0c0c"


def number(value: float) -> str:
    """A coordinate, short: at most one decimal place."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def text_width(label: str) -> float:
    return CHAR_WIDTH * len(label)


class Drawing:
    """An SVG document being written, ``width`` x ``height`` pixels."""

    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.height = height
        self._parts: list[str] = []

    def rect(self, x: float, y: float, width: float, height: float, fill: str) -> None:
        self._parts.append(
            f'<rect x="{number(x)}" y="{number(y)}" width="{number(width)}" '
            f'height="{number(height)}" fill="{fill}"/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = TEXT) -> None:
        self._parts.append(
            f'<line x1="{number(x1)}" y1="{number(y1)}" x2="{number(x2)}" y2="{number(y2)}" '
            f'stroke="{stroke}"/>'
        )

    def polyline(self, points: list[tuple[float, float]], stroke: str) -> None:
        joined = " ".join(f"{number(x)},{number(y)}" for x, y in points)
        self._parts.append(
            f'<polyline points="{joined}" fill="none" stroke="{stroke}" stroke-width="2"/>'
        )

    def marker(self, x: float, y: float, shape: int, fill: str) -> None:
        """One of four shapes, so that lines differ by more than their colour."""
        size = 4.0
        match shape % 4:
            case 0:
                self._parts.append(
                    f'<circle cx="{number(x)}" cy="{number(y)}" r="{size}" fill="{fill}"/>'
                )
            case 1:
                self.rect(x - size, y - size, 2 * size, 2 * size, fill)
            case 2:
                corners = [(x, y - size - 1), (x + size + 1, y + size), (x - size - 1, y + size)]
                self._polygon(corners, fill)
            case _:
                big = size + 1
                corners = [(x, y - big), (x + big, y), (x, y + big), (x - big, y)]
                self._polygon(corners, fill)

    def _polygon(self, points: list[tuple[float, float]], fill: str) -> None:
        joined = " ".join(f"{number(x)},{number(y)}" for x, y in points)
        self._parts.append(f'<polygon points="{joined}" fill="{fill}"/>')

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        anchor: str = "start",
        bold: bool = False,
        fill: str = TEXT,
        rotate: float = 0,
    ) -> None:
        """``content`` with its vertical middle at ``y``; ``rotate`` degrees about (x, y)."""
        extra = ' font-weight="bold"' if bold else ""
        if fill != TEXT:
            extra += f' fill="{fill}"'
        if anchor != "start":
            extra += f' text-anchor="{anchor}"'
        if rotate:
            extra += f' transform="rotate({number(rotate)} {number(x)} {number(y)})"'
        self._parts.append(
            f'<text x="{number(x)}" y="{number(y)}" dy=".35em"{extra}>{escape(content)}</text>'
        )

    def gradient(self, identifier: str, colours: list[str]) -> None:
        """A vertical gradient through ``colours``, the first at the bottom."""
        stops = "".join(
            f'<stop offset="{number(100 * i / (len(colours) - 1))}%" stop-color="{colour}"/>'
            for i, colour in enumerate(reversed(colours))
        )
        self._parts.append(
            f'<defs><linearGradient id="{identifier}" x1="0" y1="0" x2="0" y2="1">'
            f"{stops}</linearGradient></defs>"
        )

    def filled(self, x: float, y: float, width: float, height: float, identifier: str) -> None:
        self._parts.append(
            f'<rect x="{number(x)}" y="{number(y)}" width="{number(width)}" '
            f'height="{number(height)}" fill="url(#{identifier})"/>'
        )

    def document(self, title: str, description: str) -> str:
        width, height = number(self.width), number(self.height)
        return (
            f'<svg role="img" aria-label={quoteattr(title)} xmlns="http://www.w3.org/2000/svg" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
            f'<g font-family="{FONT}" font-size="{FONT_SIZE}" fill="{TEXT}">'
            + "".join(self._parts)
            + "</g></svg>"
        )
