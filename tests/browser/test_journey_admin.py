"""An administrator's day: signing in, the second step, people's accounts, and a way back in.

The administrator signs in and is made to set up two-step sign-in before anything else (the
key read off the page into the test's authenticator), types a wrong code, then the right one;
gets backup codes; adds a colleague in the administration, first with passwords that do not
match, and gives them another role. The colleague, who forgot their password, asks for a
reset, opens a broken link first, then the one from the e-mail, and signs in again.
"""

import base64
import re

import pytest
from django.core import mail
from django_otp.oath import TOTP, hotp
from playwright.sync_api import expect

from ogop.accounts.models import Role, User
from tests.browser.conftest import Journey
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOURNEY = "admin"

NEW_PASSWORD = "Chorten-kora-2026"
COLLEAGUE_PASSWORD = "Paro-festival-2026"


def codes_now(key: bytes) -> set[str]:
    """The codes an app with this key shows around now (a step early or late is taken)."""
    totp = TOTP(key)
    return {f"{hotp(key, totp.t() + shift):06d}" for shift in (-1, 0, 1)}


def test_admin_sets_up_two_step_sign_in_manages_a_colleague_who_then_resets_their_password(
    journey: Journey,
) -> None:
    page, say = journey.page, journey.say
    admin = UserFactory(role=Role.ADMIN, username="sonam", first_name="Sonam")

    # Signing in with the password alone leads to setting up the second step, first.
    page.goto("/accounts/login/")
    journey.reads()
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    expect(page.locator("h1")).to_have_text(say("Set up two-step sign-in"))
    expect(page.locator("img.qr")).to_be_visible()
    # The administration is no way round it.
    page.goto("/admin/")
    expect(page.locator("h1")).to_have_text(say("Set up two-step sign-in"))
    journey.shot("set-up")

    # The authenticator app takes the key as typed; a code from elsewhere is refused.
    key = base64.b32decode(page.locator(".otp-key").inner_text().replace(" ", ""))
    wrong = next(code for code in ("000000", "111111", "222222") if code not in codes_now(key))
    page.fill("#id_code", wrong)
    page.click("button.primary")
    expect(page.locator(".field .error")).to_have_text(
        say("That is not the code the app shows. Try the current one.")
    )
    journey.shot("wrong-code")

    page.fill("#id_code", f"{TOTP(key).token():06d}")
    page.click("button.primary")
    expect(page.locator("h1")).to_have_text(say("Two-step sign-in is on"))
    expect(page.locator(".backup-codes code")).to_have_count(10)
    journey.shot("backup-codes")
    # On to where they were going: the administration.
    page.click("a.button.primary")
    expect(page.locator("#user-tools")).to_contain_text("Sonam")

    # A new colleague, in the administration: passwords that differ are refused first.
    page.goto("/admin/accounts/user/add/")
    page.fill("#id_username", "pema")
    page.fill("#id_password1", COLLEAGUE_PASSWORD)
    page.fill("#id_password2", COLLEAGUE_PASSWORD + "x")
    page.select_option("#id_role", Role.CASHIER)
    page.click("input[name=_save]")
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator("#id_password2_error, .errorlist").first).to_contain_text(
        say("The two password fields didn’t match.")
    )
    journey.shot("colleague-passwords-differ")
    page.fill("#id_password1", COLLEAGUE_PASSWORD)
    page.fill("#id_password2", COLLEAGUE_PASSWORD)
    page.click("input[name=_save]")
    expect(page.locator("#id_email")).to_be_visible()
    colleague = User.objects.get(username="pema")
    assert colleague.role == Role.CASHIER

    # … who will work as a partner officer, and reads their mail at this address.
    page.fill("#id_first_name", "Pema")
    page.fill("#id_email", "pema@example.bt")
    page.select_option("#id_role", Role.PARTNER_OFFICER)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    journey.shot("colleague-changed")
    colleague.refresh_from_db()
    assert (colleague.role, colleague.email) == (Role.PARTNER_OFFICER, "pema@example.bt")
    page.goto("/preferences/")
    page.locator(".topbar form[action='/accounts/logout/'] button").click()

    # Pema forgot the password: the login page offers a way back in, by e-mail.
    page.goto("/accounts/login/")
    page.click(f"text={say('Forgotten your password?')}")
    page.fill("#id_email", "pema@example.bt")
    page.click("button.primary")
    expect(page.locator("h1")).to_have_text(say("Check your e-mail"))
    journey.shot("reset-sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pema@example.bt"]
    assert message.subject == say("Your new password for the OGOP Platform")
    link = re.search(r"https?://\S+", message.body).group(0)

    # A link broken in the copying does not work, and says what to do.
    page.goto(re.sub(r"/([^/]+)/\?", "/not-the-token/?", link))
    expect(page.locator("h1")).to_have_text(say("This link does not work"))
    journey.reads()
    journey.shot("reset-link-broken")

    page.goto(link)
    expect(page.locator("h1")).to_have_text(say("Choose a new password"))
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.click("button.primary")
    expect(page.locator("h1")).to_have_text(say("Password changed"))
    journey.shot("password-changed")

    page.click("main a.button.primary")
    page.fill("#id_username", "pema")
    page.fill("#id_password", NEW_PASSWORD)
    page.click("button.primary")
    expect(page.locator(".topbar .who")).to_contain_text("Pema")
    # The link was for once only.
    page.goto(link)
    expect(page.locator("h1")).to_have_text(say("This link does not work"))
