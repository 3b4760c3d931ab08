"""Uploaded files: kept outside the web root, and written only once the row naming them is
committed.

A file cannot be rolled back with a transaction. Written before the commit, a refused or
rolled-back save leaves a file no row names; so a row is given a fresh random name now and
the bytes are written in `transaction.on_commit` (the guide: side effects run on commit).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under `settings.<SETTING>` (default VAR_DIR/<FOLDER>), with no public URL.

    A file is served only by its view, which checks scope; `url()` refuses so that no template
    can print a media link by mistake. The location is read from the settings on each use so
    tests can point it at a temporary directory. Subclasses name the three class attributes.
    """

    SETTING = ""
    FOLDER = ""
    SERVED_BY = ""  # the URL name of the view that serves the files

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(getattr(settings, self.SETTING, Path(settings.VAR_DIR) / self.FOLDER))

    @property
    def location(self) -> str:  # type: ignore[override]
        return str(Path(self.base_location).resolve())

    def url(self, name: str | None) -> str:
        raise ValueError(f"{self.FOLDER} files are served by {self.SERVED_BY} only")


def save_on_commit(field_file: FieldFile, upload: File, folder: str) -> int:
    """Give `field_file` (not yet saved) a fresh name under `folder` with the upload's
    extension, and write the upload's bytes once the current transaction commits. Returns the
    size in bytes. The caller has bounded the upload's size before (it is read into memory)."""
    content = upload.read()
    name = f"{folder.strip('/')}/{uuid.uuid4().hex}{Path(upload.name or '').suffix.lower()}"
    field_file.name = name
    storage = field_file.storage
    transaction.on_commit(lambda: _write(storage, name, content))
    return len(content)


def _write(storage: FileSystemStorage, name: str, content: bytes) -> None:
    written = storage.save(name, ContentFile(content))
    # A random name is never taken: a different one would leave the row naming no file.
    if written != name:
        raise RuntimeError(f"stored as {written}, the row names {name}")


@dataclass(frozen=True)
class UploadLimits:
    """What a kind of attachment accepts: file name endings, bytes per file, files in all."""

    extensions: tuple[str, ...]
    max_bytes: int
    max_files: int


def upload_errors(uploads: Sequence[File], limits: UploadLimits, *, already: int = 0) -> list[str]:
    """Every problem with `uploads` (to join `already` files kept before), one message each —
    type, size, number — checked before anything is written."""
    problems = []
    if already + len(uploads) > limits.max_files:
        problems.append(
            _("At most %(limit)s files are kept here; this would make %(count)s.")
            % {"limit": limits.max_files, "count": already + len(uploads)}
        )
    for upload in uploads:
        name = Path(upload.name or "").name
        if Path(name).suffix.lower() not in limits.extensions:
            problems.append(
                _("“%(name)s” cannot be attached: only %(types)s files are accepted.")
                % {"name": name, "types": " ".join(limits.extensions)}
            )
        elif upload.size > limits.max_bytes:
            problems.append(
                _("“%(name)s” is %(size)s; the limit is %(limit)s.")
                % {
                    "name": name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limits.max_bytes),
                }
            )
    return problems
