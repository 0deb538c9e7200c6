"""A signed-in session ends after 2 hours without a request, and 12 hours after signing in
however busy (accounts.sessions)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ogop.accounts.sessions import LAST_SEEN, SIGNED_IN_AT
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)


class Clock:
    """Django's clock, moved by hand (the middleware and the session store both read it)."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, by):
        self.now += by


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def signed_in(client, officer):
    """The officer's browser, signed in through the login page."""
    response = client.post(reverse("login"), {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def is_signed_in(client):
    response = client.get(reverse("home"))
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))
        return False
    assert response.status_code == 200
    return True


def test_signing_in_gives_a_cookie_that_lasts_two_hours(client, officer, clock):
    response = client.post(reverse("login"), {"username": officer.username, "password": PASSWORD})
    assert response.cookies["sessionid"]["max-age"] == 2 * 60 * 60
    assert client.session[SIGNED_IN_AT] == client.session[LAST_SEEN]


def test_a_session_idle_for_more_than_two_hours_is_signed_out(signed_in, clock):
    clock.advance(2 * HOUR + MINUTE)
    assert not is_signed_in(signed_in)
    clock.advance(-2 * HOUR)  # and it does not come back
    assert not is_signed_in(signed_in)


@pytest.mark.parametrize(
    ("stamp", "seconds_ago"),
    [(LAST_SEEN, 2 * 60 * 60 + 1), (SIGNED_IN_AT, 12 * 60 * 60 + 1)],
    ids=["last seen over 2 hours ago", "signed in over 12 hours ago"],
)
def test_a_session_whose_stamp_is_set_back_past_its_limit_is_signed_out(
    signed_in, stamp, seconds_ago
):
    session = signed_in.session
    session[stamp] -= seconds_ago
    session.save()
    assert not is_signed_in(signed_in)


def test_a_session_in_use_outlives_two_hours(signed_in, clock):
    for _step in range(5):
        clock.advance(HOUR + 50 * MINUTE)
        assert is_signed_in(signed_in)


def test_no_session_outlives_twelve_hours_however_busy(signed_in, clock):
    for _step in range(7):  # every 1 h 40 min, up to 11 h 40 min after signing in
        clock.advance(HOUR + 40 * MINUTE)
        assert is_signed_in(signed_in)
    clock.advance(30 * MINUTE)
    assert not is_signed_in(signed_in)


def test_the_idle_limit_is_read_from_the_settings(signed_in, clock, settings):
    settings.OGOP_SESSION_IDLE_SECONDS = 10 * 60
    clock.advance(9 * MINUTE)
    assert is_signed_in(signed_in)
    clock.advance(11 * MINUTE)
    assert not is_signed_in(signed_in)


def test_requests_close_together_do_not_write_the_session(signed_in, clock):
    clock.advance(MINUTE)
    quiet = signed_in.get(reverse("home"))
    assert "sessionid" not in quiet.cookies
    clock.advance(5 * MINUTE)
    renewed = signed_in.get(reverse("home"))
    assert renewed.cookies["sessionid"]["max-age"] == 2 * 60 * 60


def test_the_cookie_never_outlasts_twelve_hours_after_signing_in(signed_in, clock):
    for _step in range(6):  # 11 h after signing in
        clock.advance(HOUR + 50 * MINUTE)
        assert is_signed_in(signed_in)
    clock.advance(10 * MINUTE)
    response = signed_in.get(reverse("home"))
    assert response.status_code == 200
    assert response.cookies["sessionid"]["max-age"] == 50 * 60  # 12 h after signing in


def test_a_visitor_without_a_session_gets_no_session_cookie(client):
    response = client.get(reverse("catalog_home"))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
