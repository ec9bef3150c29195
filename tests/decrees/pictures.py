"""Small real pictures for the tests: a PNG written byte by byte (signature, IHDR, IDAT,
IEND, each chunk with its CRC) and an SVG drawing."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png(width: int = 8, height: int = 8, colour: tuple[int, int, int] = (200, 30, 30),
        padding: int = 0) -> bytes:
    """A plain RGB picture; `padding` bytes of an ancillary chunk make it larger."""
    row = b"\x00" + bytes(colour) * width
    body = (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + (_chunk(b"tEXt", b"Comment\x00" + b"x" * padding) if padding else b"")
            + _chunk(b"IDAT", zlib.compress(row * height))
            + _chunk(b"IEND", b""))
    return body


SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
       b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="110" '
       b'viewBox="0 0 100 110"><path d="M50 5 L95 105 L5 105 Z" fill="#b8860b"/></svg>\n')
