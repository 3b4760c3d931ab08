"""Uploaded photos (evidence of service, deeds of exemplars): checked, re-encoded without
their metadata, and given a thumbnail — with Pillow.

Why re-encode rather than store the upload: a phone photo carries EXIF (GPS position, device,
time) that a public page must not leak, and a file that only claims to be an image (a
polyglot, a script with a JPEG header) is never served as it came. Why check the pixel count
from the header before decoding: a small file can declare a huge canvas (a decompression
bomb) and decoding it would take the worker's memory; Pillow's own guard only warns below
twice its limit, so ours is explicit and lower.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from dangjian.lib.files import save_on_commit


@dataclass(frozen=True)
class ImageLimits:
    """What an image upload may be: bytes of the file, pixels of the decoded picture, the
    longest side kept (larger photos are scaled down) and the thumbnail's longest side."""

    max_bytes: int = 10 * 1024 * 1024
    # 24 megapixels: a phone's ordinary photo is 12 MP (50 MP only in its "full resolution"
    # mode), and decoding costs 3–4 bytes a pixel, twice over while it is turned upright: a
    # 24 MP picture holds a worker at ~200 MB for a moment, 40 MP held ~400 MB (measured).
    max_pixels: int = 24_000_000
    longest_side: int = 2560
    thumbnail_side: int = 320


# The formats accepted, by what Pillow reads in the file (not by the name's ending).
ACCEPTED = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "GIF", "MPO": "JPEG"}
EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")


@dataclass(frozen=True)
class CleanImage:
    """The re-encoded picture and its thumbnail, ready to be saved (JPEG, or PNG where the
    picture has transparency)."""

    content: bytes
    thumbnail: bytes
    width: int
    height: int
    extension: str  # ".jpg" or ".png"

    @property
    def content_type(self) -> str:
        return "image/png" if self.extension == ".png" else "image/jpeg"

    def save_on_commit(self, picture: FieldFile, thumbnail: FieldFile, folder: str) -> None:
        """Name both files of a row not yet saved under `folder`; their bytes are written once
        the transaction commits (lib.files.save_on_commit)."""
        save_on_commit(picture, ContentFile(self.content, name=f"p{self.extension}"), folder)
        save_on_commit(thumbnail, ContentFile(self.thumbnail, name=f"t{self.extension}"), folder)


def clean_image(upload: File, limits: ImageLimits = ImageLimits()) -> CleanImage:
    """The upload as a clean image, or ValidationError saying what is wrong with it (type,
    size, pixels, damage), naming the file."""
    name = Path(upload.name or "").name or _("the image")
    if upload.size is not None and upload.size > limits.max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; an image may be at most %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limits.max_bytes),
            }
        )
    upload.seek(0)
    data = upload.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s.")
            % {"name": name, "limit": filesizeformat(limits.max_bytes)}
        )
    not_an_image = ValidationError(
        _("“%(name)s” is not a picture Pillow can read (JPEG, PNG, WebP or GIF).") % {"name": name}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data))
            kind = picture.format
            width, height = picture.size
            if width * height > limits.max_pixels:
                raise ValidationError(
                    _(
                        "“%(name)s” is %(width)s × %(height)s pixels; at most %(limit)s million "
                        "pixels are accepted."
                    )
                    % {
                        "name": name,
                        "width": width,
                        "height": height,
                        "limit": limits.max_pixels // 1_000_000,
                    }
                )
            if kind not in ACCEPTED:
                raise not_an_image
            if picture.format == "JPEG":
                # Decode a large JPEG at a reduced scale (1/2, 1/4, 1/8) straight away: what is
                # kept is at most `longest_side` anyway, and memory and time fall fourfold.
                picture.draft("RGB", (limits.longest_side, limits.longest_side))
            picture.load()
            # Turn the picture the way the camera meant, then forget the camera's data.
            picture = ImageOps.exif_transpose(picture)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("“%(name)s” declares more pixels than it may be decoded to safely.") % {"name": name}
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_an_image from None
    return _encode(picture, limits)


def _encode(picture: Image.Image, limits: ImageLimits) -> CleanImage:
    transparent = picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    )
    picture = picture.convert("RGBA" if transparent else "RGB")
    picture.thumbnail((limits.longest_side, limits.longest_side))
    small = picture.copy()
    small.thumbnail((limits.thumbnail_side, limits.thumbnail_side))
    return CleanImage(
        content=_bytes(picture, transparent),
        thumbnail=_bytes(small, transparent),
        width=picture.width,
        height=picture.height,
        extension=".png" if transparent else ".jpg",
    )


def _bytes(picture: Image.Image, transparent: bool) -> bytes:
    buffer = io.BytesIO()
    # A fresh image object carries no info dict: nothing of the original's EXIF, XMP, ICC or
    # text chunks is written.
    bare = Image.new(picture.mode, picture.size)
    bare.paste(picture)
    if transparent:
        bare.save(buffer, "PNG", optimize=True)
    else:
        bare.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()
