"""Photos and signatures as the server keeps them: decoded within a pixel cap and
re-encoded with Pillow, so no metadata (EXIF, GPS location, ICC profile, comments) and
no bytes the browser sent survive.

- A photo (JPEG, PNG or WebP from the phone's camera) is turned upright by its EXIF
  orientation, scaled down to at most :data:`MAX_PHOTO_SIDE` pixels on its long side and
  written as a JPEG of quality 85.
- A signature (PNG from the pad) is written again as PNG, within the sheet's caps.

An image that declares more than :data:`MAX_PIXELS` pixels (a decompression bomb), or
that cannot be decoded, is refused with :class:`ImageError` before it is decoded.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from sitesurvey.errors import InputError

__all__ = [
    "MAX_PHOTO_SIDE",
    "MAX_PIXELS",
    "MAX_SIGNATURE_BYTES",
    "ImageError",
    "StoredImage",
    "photo",
    "signature",
]

#: The most pixels an uploaded image may declare (a phone photo has 12-50 million).
MAX_PIXELS = 50_000_000
#: The long side of a stored photo, in pixels.
MAX_PHOTO_SIDE = 2048
#: A signature's caps: bytes, pixels a side (the sheet's limits).
MAX_SIGNATURE_BYTES = 1_000_000
MAX_SIGNATURE_SIDE = 4000
MAX_SIGNATURE_PIXELS = 4_000_000

_PHOTO_FORMATS = ["JPEG", "PNG", "WEBP"]


class ImageError(InputError):
    """An uploaded image the server refuses; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class StoredImage:
    """An image as it is stored: its bytes, their SHA-256, media type and size."""

    content: bytes
    sha256: str
    media_type: str
    width: int
    height: int

    @property
    def name(self) -> str:
        """The file name a survey refers to it by: ``<sha256>.jpg`` or ``.png``."""
        ext = "jpg" if self.media_type == "image/jpeg" else "png"
        return f"{self.sha256}.{ext}"


def _open(raw: bytes, formats: list[str], field: str, expected: str, max_pixels: int):
    """Open an image lazily (only its header is read) and check its declared size."""
    from PIL import Image, UnidentifiedImageError

    shown = f"{len(raw)} bytes"
    if not raw:
        raise ImageError(field, "an empty file", expected, "choose the picture again")
    try:
        image = Image.open(io.BytesIO(raw), formats=formats)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(
            field, shown, expected, "the image declares far too many pixels (refused)"
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ImageError(
            field, shown, expected, "it is not an image of a kind read here, or it is damaged"
        ) from None
    width, height = image.size
    if width < 1 or height < 1 or width * height > max_pixels:
        image.close()
        raise ImageError(
            field,
            f"an image of {width} × {height} pixels",
            expected,
            f"at most {max_pixels // 1_000_000} million pixels — take the picture again "
            "at a lower resolution",
        )
    return image


def _decode(image, field: str, expected: str) -> None:
    from PIL import Image, ImageFile

    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(field, "the image", expected, "it declares too many pixels") from None
    except Exception as exc:  # Pillow raises many kinds for bad data; all mean "unusable"
        reason = str(exc).strip()[:120] or type(exc).__name__
        raise ImageError(
            field, "the image", expected, f"its data cannot be decoded ({reason})"
        ) from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def photo(raw: bytes) -> StoredImage:
    """Re-encode an uploaded photo: upright, at most 2048 px long, JPEG q85, no metadata.

    Parameters
    ----------
    raw : bytes
        The file as uploaded.

    Raises
    ------
    ImageError
        Not a JPEG, PNG or WebP image, damaged, or more than :data:`MAX_PIXELS` pixels.
    """
    from PIL import Image, ImageOps

    field, expected = "photo", "a JPEG, PNG or WebP photo"
    image = _open(raw, _PHOTO_FORMATS, field, expected, MAX_PIXELS)
    with image:
        if image.format == "JPEG":
            # decode at a reduced scale when the photo is far larger than needed
            image.draft("RGB", (MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
        _decode(image, field, expected)
        upright = ImageOps.exif_transpose(image)
        if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
            rgba = upright.convert("RGBA")
            flat = Image.new("RGB", rgba.size, "white")
            flat.paste(rgba, mask=rgba.getchannel("A"))
        else:
            flat = upright.convert("RGB")
        flat.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE), Image.Resampling.LANCZOS)
        # a new image carries nothing of the original's info (EXIF, ICC, comments)
        clean = Image.new("RGB", flat.size)
        clean.paste(flat)
        out = io.BytesIO()
        clean.save(out, format="JPEG", quality=85, optimize=True)
    content = out.getvalue()
    return StoredImage(
        content, hashlib.sha256(content).hexdigest(), "image/jpeg", clean.width, clean.height
    )


def signature(raw: bytes) -> StoredImage:
    """Re-encode a signature from the pad: PNG in, PNG out, within the sheet's caps.

    Parameters
    ----------
    raw : bytes
        The PNG as uploaded.

    Raises
    ------
    ImageError
        Not a PNG, larger than :data:`MAX_SIGNATURE_BYTES`, more than 4000 pixels a side
        or 4 million pixels, or damaged.
    """
    from PIL import Image

    field = "signature"
    expected = (
        f"a PNG image of at most {MAX_SIGNATURE_BYTES // 1_000_000} MB, "
        f"{MAX_SIGNATURE_SIDE} pixels a side and {MAX_SIGNATURE_PIXELS // 1_000_000} "
        "million pixels"
    )
    if len(raw) > MAX_SIGNATURE_BYTES:
        raise ImageError(field, f"{len(raw)} bytes", expected, "sign again on the pad")
    if not raw.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ImageError(field, f"{len(raw)} bytes", expected, "the pad sends a PNG; this is not")
    image = _open(raw, ["PNG"], field, expected, MAX_SIGNATURE_PIXELS)
    with image:
        if max(image.size) > MAX_SIGNATURE_SIDE:
            raise ImageError(field, f"{image.width} × {image.height} pixels", expected)
        _decode(image, field, expected)
        mode = "RGBA" if image.mode in ("RGBA", "LA", "PA", "P") else "RGB"
        if image.mode in ("L", "1"):
            mode = "L"
        converted = image.convert(mode)
        clean = Image.new(mode, converted.size)
        clean.paste(converted)
        out = io.BytesIO()
        clean.save(out, format="PNG", optimize=True)
    content = out.getvalue()
    return StoredImage(
        content, hashlib.sha256(content).hexdigest(), "image/png", clean.width, clean.height
    )
