"""An upload handler that stops storing a file once it passes UCJ_MAX_UPLOAD_MB.

Django reads the whole request body whatever its size and, without this, writes every
uploaded byte to a temporary file before any form can refuse it. This handler, first in
FILE_UPLOAD_HANDLERS, passes chunks on until the limit and then swallows the rest: what
the form or API receives is an empty `RefusedUpload` whose `size` is the size that was
sent, so the usual size check ("larger than N MB") refuses it with its clear message.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


def upload_limit_bytes() -> int:
    return settings.UCJ_MAX_UPLOAD_MB * 1024 * 1024


class RefusedUpload(UploadedFile):
    """A file that was too large: no content, the size that was sent."""

    def __init__(self, name: str, content_type: str | None, size: int) -> None:
        import io

        super().__init__(io.BytesIO(b""), name=name, content_type=content_type, size=size)
        self.refused = True


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.limit = upload_limit_bytes()
        self.received = 0
        self.too_large = False

        self.body_too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A body far beyond the limit cannot hold an acceptable file: store nothing of it.
        self.body_too_large = content_length > self.limit + 1024 * 1024
        return None

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.too_large = self.body_too_large or bool(
            self.content_length and self.content_length > self.limit)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
        return None if self.too_large else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.too_large:
            return None  # the next handler keeps the file
        return RefusedUpload(self.file_name, self.content_type, max(self.received, file_size))


def size_refusal(upload) -> str | None:
    """The message refusing `upload` for its size, or None when it is within the limit
    (for API endpoints; web forms check the same in their clean_file)."""
    from django.utils.translation import gettext as _

    if upload.size > upload_limit_bytes() or getattr(upload, "refused", False):
        return _("The file is larger than %(limit)d MB; split it into several files.") % {
            "limit": settings.UCJ_MAX_UPLOAD_MB}
    return None
