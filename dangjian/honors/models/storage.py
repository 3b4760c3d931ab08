"""Where honors keeps uploaded images and attachments: private files served only by views
that check scope (public pages serve only what is published)."""

from dangjian.lib.files import PrivateStorage


class HonorsStorage(PrivateStorage):
    SETTING = "DANGJIAN_HONORS_DIR"
    FOLDER = "honors"
    SERVED_BY = "the honors views that check scope (nomination attachments, service evidence)"


honors_storage = HonorsStorage()
