"""Production hardening: password hashing, login throttling, headers, and deploy checks."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.urls import reverse

import ogop
from ogop import settings as project_settings
from tests.factories import PASSWORD

TEMPLATES = Path(ogop.__file__).parent


def test_passwords_are_hashed_with_argon2(settings):
    # The suite itself uses a fast hasher; the project's own setting is what ships.
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    hashed = make_password("s3cret-enough")
    assert identify_hasher(hashed).algorithm == "argon2"
    assert check_password("s3cret-enough", hashed)


@pytest.mark.django_db
def test_five_failed_logins_lock_the_user_name_from_that_address(client, settings, officer):
    settings.AXES_ENABLED = True
    url = reverse("login")
    for _attempt in range(5):
        response = client.post(url, {"username": officer.username, "password": "wrong"})
    assert response.status_code == 429
    # Locked: even the right password is refused now, with a message saying why and how long.
    response = client.post(url, {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_lockout_does_not_lock_other_users(client, settings, officer, make_user):
    settings.AXES_ENABLED = True
    other = make_user()
    url = reverse("login")
    for _attempt in range(5):
        client.post(url, {"username": officer.username, "password": "wrong"})
    response = client.post(url, {"username": other.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


@pytest.mark.django_db
def test_fewer_failures_than_the_limit_still_let_the_user_in(client, settings, officer):
    settings.AXES_ENABLED = True
    url = reverse("login")
    for _attempt in range(4):
        client.post(url, {"username": officer.username, "password": "wrong"})
    response = client.post(url, {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["catalog_home", "login"])
def test_pages_carry_a_strict_content_security_policy(client, name):
    policy = client.get(reverse(name))["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy


def test_no_template_has_an_inline_script_or_event_handler():
    """Under the policy an inline script would silently not run: none may be written."""
    offenders = []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/ld+json" not in tag:
                offenders.append(f"{template.name}: {tag}")
        offenders += [f"{template.name}: {m}" for m in re.findall(r"\son[a-z]+=\"", text)]
        offenders += [f"{template.name}: style attribute" for _ in re.findall(r"\sstyle=\"", text)]
    assert offenders == []


def test_the_deploy_check_is_clean_with_production_settings(tmp_path):
    # The browser tests' switch for Playwright's event loop is no part of a deployment.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "OGOP_DATA_DIR": str(tmp_path),
        "OGOP_HTTPS": "1",
        "DEBUG": "0",
        "SECRET_KEY": "k" * 10 + "-production-key-with-enough-entropy-0123456789abcdefghij",
        "ALLOWED_HOSTS": "ogop.example.org",
        "DJANGO_SETTINGS_MODULE": "ogop.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "ogop", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_without_https_the_embedded_mode_sends_cookies_over_plain_http():
    # `make run` serves on http://127.0.0.1; secure-only cookies would make login impossible.
    assert project_settings.HTTPS is False
    assert not getattr(project_settings, "SESSION_COOKIE_SECURE", False)


def test_sessions_expire():
    assert 0 < project_settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert project_settings.SESSION_COOKIE_HTTPONLY
