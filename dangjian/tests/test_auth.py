from django.conf import settings
from django.urls import reverse

from dangjian.conftest import PASSWORD


def test_login_with_password_reaches_home(client, county):
    response = client.post(reverse("login"), {"username": "secretary_a", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert "甲镇党委" in client.get(reverse("home")).content.decode()


def test_repeated_wrong_passwords_lock_the_account(client, county):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": "secretary_a", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "secretary_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sessions_expire_when_idle():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 5 * 60 <= settings.SESSION_COOKIE_AGE <= 24 * 3600


def test_csrf_is_enforced_on_posts(county):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(county.dept_admin)
    response = strict.post(reverse("orgs:org-edit", args=[county.village_a1.pk]), {"name": "x"})
    assert response.status_code == 403


def test_logout_is_a_post(client, county):
    client.force_login(county.member_a)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change(client, county):
    client.force_login(county.member_a)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Hongqi-2024-xyz",
            "new_password2": "Hongqi-2024-xyz",
        },
    )
    assert response.status_code == 302
    county.member_a.refresh_from_db()
    assert county.member_a.check_password("Hongqi-2024-xyz")


def test_no_view_module_queries_models_directly():
    """Views read through selectors (scoped) and write through services: no `.objects`."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = [
        str(p) for p in root.rglob("views.py") if ".objects" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
