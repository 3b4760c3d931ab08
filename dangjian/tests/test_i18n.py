"""Chinese first: every UI string has its Simplified Chinese text, and the .mo is current."""

from pathlib import Path

import polib
from django.test import Client
from django.urls import reverse

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def test_every_message_has_a_chinese_translation():
    po = polib.pofile(str(LOCALE / "zh_Hans/LC_MESSAGES/django.po"))
    assert len(po) > 100
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_no_english_text_has_two_chinese_texts():
    from dangjian.locale.zh_hans import CONFLICTS

    assert CONFLICTS == []


def test_compiled_catalogue_matches_the_po_file():
    po = polib.pofile(str(LOCALE / "zh_Hans/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(LOCALE / "zh_Hans/LC_MESSAGES/django.mo"))

    def as_dict(catalogue):
        return {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalogue
            if e.msgid
        }

    assert as_dict(mo) == as_dict(po), "run ./scripts/i18n"


def test_login_page_is_chinese_by_default_and_switches_to_english(db):
    client = Client()
    # An English browser still gets Chinese until the user chooses otherwise.
    page = client.get(reverse("login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "登录党建工作平台" in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert "Log in to the Party building platform" in client.get(reverse("login")).content.decode()
