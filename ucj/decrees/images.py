"""The pictures a decree prints in its heading (the national emblem of a regional head's
decree, the office logo of a head of office's letterhead): which uploads are accepted,
judged by their content, not by their name. Plain Python, no Django.

Accepted: a PNG (its 8-byte signature and an IHDR chunk first) or an SVG (an XML document
whose root element is <svg> in the SVG namespace, without a DTD, scripts, event handlers
or references to other files or addresses: the picture must be whole in itself), of at
most MAX_BYTES. Whether typst can really draw it is checked by drawing it (`renders`)."""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 2 * 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
CONTENT_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


class ImageRefused(ValueError):
    """Why an upload is not an accepted picture: `reason` is one of TOO_BIG, EMPTY,
    NOT_AN_IMAGE, BROKEN_PNG, BROKEN_SVG, UNSAFE_SVG, NOT_DRAWN."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


TOO_BIG, EMPTY, NOT_AN_IMAGE = "too_big", "empty", "not_an_image"
BROKEN_PNG, BROKEN_SVG, UNSAFE_SVG, NOT_DRAWN = ("broken_png", "broken_svg", "unsafe_svg",
                                                 "not_drawn")


@dataclass(frozen=True)
class Picture:
    extension: str  # "png" or "svg"
    content_type: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _check_svg(data: bytes) -> None:
    head = data[:4096].lower()
    if b"<!doctype" in data.lower() or b"<!entity" in head:
        raise ImageRefused(UNSAFE_SVG, "DTD")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise ImageRefused(BROKEN_SVG, str(error)) from None
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise ImageRefused(NOT_AN_IMAGE, root.tag)
    for element in root.iter():
        if _local(element.tag) in ("script", "foreignObject"):
            raise ImageRefused(UNSAFE_SVG, _local(element.tag))
        for name, value in element.attrib.items():
            local = _local(name).lower()
            if local.startswith("on"):
                raise ImageRefused(UNSAFE_SVG, local)
            if (name == XLINK_HREF or local == "href") and not (
                    value.startswith("#") or value.startswith("data:image/")):
                raise ImageRefused(UNSAFE_SVG, value[:80])
        if _local(element.tag) == "style" and re.search(r"url\(\s*['\"]?(?!#|data:)",
                                                         element.text or ""):
            raise ImageRefused(UNSAFE_SVG, "style url()")


def _looks_like_xml(data: bytes) -> bool:
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5]
    return start.startswith(b"<")


def identify(data: bytes, *, limit: int = MAX_BYTES) -> Picture:
    """The kind of picture `data` is, or ImageRefused saying why it is not accepted."""
    if len(data) > limit:
        raise ImageRefused(TOO_BIG, str(len(data)))
    if not data:
        raise ImageRefused(EMPTY)
    if data.startswith(PNG_SIGNATURE):
        if len(data) < 33 or data[12:16] != b"IHDR":
            raise ImageRefused(BROKEN_PNG, "IHDR")
        return Picture("png", CONTENT_TYPES["png"])
    if _looks_like_xml(data):
        _check_svg(data)
        return Picture("svg", CONTENT_TYPES["svg"])
    raise ImageRefused(NOT_AN_IMAGE)


def renders(data: bytes, picture: Picture) -> None:
    """Draws the picture with typst, as the decree will: ImageRefused(NOT_DRAWN) when it
    cannot (a PNG cut short, an SVG typst does not understand)."""
    import typst

    with tempfile.TemporaryDirectory(prefix="ucj-gambar-") as folder:
        name = f"gambar.{picture.extension}"
        (Path(folder) / name).write_bytes(data)
        try:
            typst.compile(f'#image("{name}", width: 2cm)'.encode(), root=folder,
                          ignore_system_fonts=True)
        except (RuntimeError, ValueError) as error:
            raise ImageRefused(NOT_DRAWN, str(error)[:200]) from None
