"""QR codes of an evaluation point (segno): the address of the public page, as SVG or PNG."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str, *, scale: int = 8, scalable: bool = False) -> str:
    """An SVG document (no XML declaration: it can be inlined in a page). `scalable`: no
    width and height, only a viewBox, so that CSS shrinks it to a phone or grows it to the
    printed poster instead of cropping it."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out,
        kind="svg",
        scale=scale,
        border=2,
        xmldecl=False,
        svgns=True,
        title=url,
        omitsize=scalable,
    )
    return out.getvalue().decode()


def qr_png(url: str, *, scale: int = 10) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=2)
    return out.getvalue()
