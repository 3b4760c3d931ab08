"""lib.images: what a photo upload becomes, and what is refused."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from dangjian.lib.images import ImageLimits, clean_image


@pytest.fixture(autouse=True)
def english():
    # The messages are asserted in English (the site's default language is Chinese).
    with translation.override("en"):
        yield


def _jpeg_with_gps(width=640, height=480) -> bytes:
    picture = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def _png_bomb(width=60_000, height=60_000) -> bytes:
    """A tiny PNG whose header declares 3.6 billion pixels (its data is a few bytes)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_metadata_is_stripped_and_orientation_applied():
    clean = clean_image(SimpleUploadedFile("photo.jpg", _jpeg_with_gps()))
    stored = Image.open(io.BytesIO(clean.content))
    assert stored.format == "JPEG"
    assert not stored.getexif()  # no Make, no GPS, no orientation left
    assert b"PhoneMaker" not in clean.content
    # Orientation 6 turned the 640 × 480 picture upright: 480 wide, 640 high.
    assert (clean.width, clean.height) == (480, 640)
    thumb = Image.open(io.BytesIO(clean.thumbnail))
    assert max(thumb.size) == 320


def test_transparent_png_stays_png():
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 0, 0)).save(buffer, "PNG")
    clean = clean_image(SimpleUploadedFile("logo.png", buffer.getvalue()))
    assert clean.extension == ".png"
    assert Image.open(io.BytesIO(clean.content)).mode == "RGBA"


def test_large_photo_is_scaled_down():
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000)).save(buffer, "JPEG")
    clean = clean_image(SimpleUploadedFile("big.jpg", buffer.getvalue()))
    assert (clean.width, clean.height) == (2560, 1920)


def test_decompression_bomb_is_refused_before_decoding():
    with pytest.raises(ValidationError) as refused:
        clean_image(SimpleUploadedFile("bomb.png", _png_bomb()))
    assert "bomb.png" in refused.value.messages[0]
    assert "pixels" in refused.value.messages[0]


def test_canvas_over_our_pixel_limit_is_refused_with_its_size():
    # 6,000 × 4,500 is below Pillow's own bomb guard but above our 24 megapixels.
    with pytest.raises(ValidationError) as refused:
        clean_image(SimpleUploadedFile("wide.png", _png_bomb(6000, 4500)))
    assert "6000 × 4500" in refused.value.messages[0]


def test_not_an_image_is_refused_by_content_not_name():
    with pytest.raises(ValidationError) as refused:
        clean_image(SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>"))
    assert "photo.jpg" in refused.value.messages[0]


def test_file_over_the_byte_limit_is_refused():
    with pytest.raises(ValidationError) as refused:
        clean_image(SimpleUploadedFile("photo.jpg", _jpeg_with_gps()), ImageLimits(max_bytes=1000))
    assert "photo.jpg" in refused.value.messages[0]


def test_truncated_image_is_refused():
    with pytest.raises(ValidationError):
        clean_image(SimpleUploadedFile("cut.jpg", _jpeg_with_gps()[:300]))
