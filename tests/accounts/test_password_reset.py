"""Password reset by e-mail: the same answer for any address, one-time links, mail in the
person's language, and requests throttled per address and per client like logins."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from ogop.accounts.models import ResetRequest

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-and-long-password-7"


def ask(client, address, **extra):
    return client.post(reverse("password_reset"), {"email": address}, **extra)


def link_in(message) -> str:
    return re.search(r"https?://[^/]+(/\S+)", message.body).group(1)


def test_the_answer_is_the_same_whether_or_not_an_account_has_the_address(client, make_user):
    make_user(email="dorji@example.bt")
    known = ask(client, "dorji@example.bt")
    unknown = ask(client, "nobody@example.bt")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert [message.to for message in mail.outbox] == [["dorji@example.bt"]]


def test_the_link_sets_a_new_password_once(client, make_user):
    user = make_user(email="dorji@example.bt")
    ask(client, "dorji@example.bt")
    link = link_in(mail.outbox[0])
    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Used: the same link no longer works.
    again = client.get(link, follow=True).content.decode()
    assert "This link does not work" in again


def test_a_wrong_link_says_so_and_offers_a_new_one(client):
    page = client.get(reverse("password_reset_confirm", args=["MQ", "wrong-token"]))
    assert page.status_code == 200
    assert "This link does not work" in page.content.decode()
    assert reverse("password_reset") in page.content.decode()


def test_the_mail_is_in_the_language_the_person_reads(client, make_user):
    make_user(email="somchai@example.th", first_name="Somchai")
    ask(client, "somchai@example.th", headers={"Accept-Language": "th"})
    message = mail.outbox[0]
    assert "Somchai" in message.body
    subject = "Your new password for the OGOP Platform"
    with translation.override("th"):
        assert message.subject == translation.gettext(subject) != subject
    assert "?lang=th" in message.body
    assert re.search(r"[\u0e00-\u0e7f]", message.body)


def test_reset_requests_are_throttled_per_address(client, settings, make_user):
    settings.OGOP_RESET_LIMIT = 2
    make_user(email="dorji@example.bt")
    assert ask(client, "dorji@example.bt").status_code == 302
    assert ask(client, "dorji@example.bt", REMOTE_ADDR="10.0.0.8").status_code == 302
    # A third, from yet another client: refused, saying why and for how long; no mail.
    refused = ask(client, "Dorji@Example.bt", REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429
    assert "Try again in 15 minutes" in refused.content.decode()
    assert len(mail.outbox) == 2
    # Another address from the first client is still served.
    assert ask(client, "other@example.bt").status_code == 302


def test_reset_requests_are_throttled_per_client_for_any_address(client, settings):
    settings.OGOP_RESET_LIMIT = 2
    ask(client, "one@example.bt")
    ask(client, "two@example.bt")
    assert ask(client, "three@example.bt").status_code == 429
    assert ask(client, "three@example.bt", REMOTE_ADDR="10.0.0.9").status_code == 302
    # Unknown addresses count too, and are kept only as a hash.
    assert ResetRequest.objects.count() == 3
    assert not ResetRequest.objects.filter(address_hash__contains="@").exists()


def test_the_login_page_links_to_the_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()
