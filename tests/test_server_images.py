"""Photos and signatures: re-encoded, metadata gone, bombs and bad data refused."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import ExifTags, Image

from sitesurvey.server import images


def jpeg_with_gps(width: int = 400, height: int = 200, orientation: int = 1) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (23.0, 7.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (113.0, 19.0, 10.0),
    }
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"taken at the customer's home")
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares width × height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def test_photo_loses_exif_gps_and_comments():
    raw = jpeg_with_gps()
    assert b"Exif" in raw and b"PhoneMaker" in raw
    stored = images.photo(raw)
    assert b"Exif" not in stored.content and b"PhoneMaker" not in stored.content
    assert b"customer's home" not in stored.content
    with Image.open(io.BytesIO(stored.content)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "icc_profile" not in image.info
    assert stored.media_type == "image/jpeg" and stored.name == f"{stored.sha256}.jpg"


def test_photo_is_turned_upright_by_its_exif_orientation():
    stored = images.photo(jpeg_with_gps(400, 200, orientation=6))  # rotated 90°
    assert (stored.width, stored.height) == (200, 400)


def test_photo_is_scaled_down_to_2048_on_its_long_side():
    image = Image.new("RGB", (4096, 1024), "white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    stored = images.photo(out.getvalue())
    assert (stored.width, stored.height) == (2048, 512)


@pytest.mark.parametrize("size", [(20000, 20000), (8000, 8000)])
def test_decompression_bomb_is_a_clear_error(size):
    with pytest.raises(images.ImageError) as caught:
        images.photo(png_declaring(*size))
    assert str(caught.value).startswith("photo: expected a JPEG, PNG or WebP photo")
    assert "pixels" in str(caught.value)


@pytest.mark.parametrize("raw", [b"", b"not an image", b"\xff\xd8\xff\xe0" + b"\x00" * 40])
def test_what_is_not_a_photo_is_refused(raw):
    with pytest.raises(images.ImageError):
        images.photo(raw)


def test_truncated_photo_is_refused():
    raw = jpeg_with_gps()
    with pytest.raises(images.ImageError, match="cannot be decoded"):
        images.photo(raw[: len(raw) // 2])


def test_signature_is_re_encoded_as_png():
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    image.putpixel((10, 10), (0, 0, 0, 255))
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=_text_chunk("Author", "someone"))
    stored = images.signature(out.getvalue())
    assert stored.content.startswith(b"\x89PNG") and b"someone" not in stored.content
    assert (stored.width, stored.height) == (300, 100) and stored.name.endswith(".png")


def _text_chunk(key: str, value: str):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text(key, value)
    return info


@pytest.mark.parametrize(
    "raw",
    [
        jpeg_with_gps(),  # not a PNG
        png_declaring(20000, 20000),
        png_declaring(5000, 10),
        b"\x89PNG\r\n\x1a\n" + b"\x00" * (images.MAX_SIGNATURE_BYTES + 1),
    ],
)
def test_signature_refuses_other_kinds_and_sizes(raw):
    with pytest.raises(images.ImageError) as caught:
        images.signature(raw)
    assert str(caught.value).startswith("signature: expected a PNG image")
