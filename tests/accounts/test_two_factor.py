"""Two-step sign-in: required of administrators, offered to those handling money or personal
data, asked after the password of everyone who has set it up."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ogop.accounts import two_factor
from ogop.accounts.models import Role
from tests.factories import PASSWORD, authenticator_for, totp_code

pytestmark = pytest.mark.django_db


def sign_in_with_password(client, user):
    """The login page only, as a person does it: the second step is still ahead."""
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def shown_key(response) -> bytes:
    key = re.search(r'class="token otp-key">([A-Z2-7 ]+)<', response.content.decode()).group(1)
    return base64.b32decode(key.replace(" ", ""))


def code_for(key: bytes) -> str:
    return f"{TOTP(key).token():06d}"


@pytest.mark.parametrize("url", ["/staff/", "/admin/", "/products/", "/preferences/"])
def test_an_administrator_without_an_authenticator_is_sent_to_set_one_up(client, make_user, url):
    sign_in_with_password(client, make_user(Role.ADMIN))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two_factor_setup')}?next={url.replace('/', '%2F')}"


def test_an_htmx_request_owing_the_second_step_loads_its_page(client, make_user):
    sign_in_with_password(client, make_user(Role.ADMIN))
    response = client.get("/products/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("two_factor_setup"))


def test_setting_up_shows_a_qr_code_and_key_and_takes_effect_only_once_confirmed(client, make_user):
    admin = make_user(Role.ADMIN)
    sign_in_with_password(client, admin)
    page = client.get(reverse("two_factor_setup"), {"next": "/products/"})
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    key = shown_key(page)
    # The same key on a second visit, so a slow person's scan still counts; nothing stored yet.
    assert shown_key(client.get(reverse("two_factor_setup"))) == key
    assert not TOTPDevice.objects.filter(user=admin).exists()

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000", "next": "/products/"})
    assert wrong.status_code == 422
    assert "That is not the code the app shows" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    assert client.get("/products/").status_code == 302

    done = client.post(reverse("two_factor_setup"), {"code": code_for(key), "next": "/products/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert sorted(StaticToken.objects.filter(device__user=admin).values_list("token", flat=True))
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=admin).values_list("token", flat=True)
    )
    assert TOTPDevice.objects.get(user=admin).confirmed
    assert client.get("/products/").status_code == 200


def test_a_code_typed_in_thai_digits_is_read_as_digits(client, make_user):
    admin = make_user(Role.ADMIN)
    sign_in_with_password(client, admin)
    key = shown_key(client.get(reverse("two_factor_setup")))
    thai = code_for(key).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    response = client.post(reverse("two_factor_setup"), {"code": f"{thai[:3]} {thai[3:]}"})
    assert response.status_code == 200
    assert TOTPDevice.objects.get(user=admin).confirmed


def test_backup_codes_are_shown_only_once(client, make_user):
    admin = make_user(Role.ADMIN)
    sign_in_with_password(client, admin)
    key = shown_key(client.get(reverse("two_factor_setup")))
    client.post(reverse("two_factor_setup"), {"code": code_for(key)})
    again = client.get(reverse("two_factor_setup"))
    assert "backup-codes" not in again.content.decode()


def test_a_person_with_an_authenticator_types_its_code_after_the_password(client, officer):
    device = authenticator_for(officer)
    sign_in_with_password(client, officer)
    response = client.get("/products/")
    assert response["Location"] == f"{reverse('two_factor_code')}?next=%2Fproducts%2F"
    wrong = client.post(reverse("two_factor_code"), {"code": "123456", "next": "/products/"})
    assert wrong.status_code == 422
    assert "That code is not right" in wrong.content.decode()
    assert client.get("/products/").status_code == 302

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    right = client.post(
        reverse("two_factor_code"), {"code": totp_code(device), "next": "/products/"}
    )
    assert right.status_code == 302
    assert right["Location"] == "/products/"
    assert client.get("/products/").status_code == 200


def test_wrong_codes_in_a_row_make_the_next_try_wait(client, officer):
    device = authenticator_for(officer)
    sign_in_with_password(client, officer)
    client.post(reverse("two_factor_code"), {"code": "123456"})
    # The right code, too soon after a wrong one, is refused, saying how long to wait.
    response = client.post(reverse("two_factor_code"), {"code": totp_code(device)})
    assert response.status_code == 429
    assert "Too many wrong codes: wait 1 second" in response.content.decode()
    assert client.get("/products/").status_code == 302


def test_a_backup_code_signs_in_once(client, make_user):
    admin = make_user(Role.ADMIN)
    sign_in_with_password(client, admin)
    key = shown_key(client.get(reverse("two_factor_setup")))
    done = client.post(reverse("two_factor_setup"), {"code": code_for(key)})
    backup = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())[0]
    client.post(reverse("logout"))

    sign_in_with_password(client, admin)
    response = client.post(reverse("two_factor_code"), {"code": backup.upper(), "next": "/staff/"})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
    client.post(reverse("logout"))

    sign_in_with_password(client, admin)
    assert client.post(reverse("two_factor_code"), {"code": backup}).status_code == 422


def test_the_password_alone_cannot_replace_the_authenticator(client, officer):
    authenticator_for(officer)
    sign_in_with_password(client, officer)
    response = client.get(reverse("two_factor_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_code"))
    assert TOTPDevice.objects.filter(user=officer).count() == 1


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        (Role.PROGRAMME_OFFICER, True),
        (Role.PARTNER_OFFICER, True),
        (Role.CASHIER, True),
        (Role.PRODUCER, False),
        (Role.ASSESSOR, False),
    ],
)
def test_those_handling_money_or_personal_data_are_offered_it(client, make_user, role, offered):
    user = make_user(role)
    sign_in_with_password(client, user)
    page = client.get(reverse("preferences")).content.decode()
    assert (reverse("two_factor_setup") in page) == offered
    # Offered, not required: the pages open without it.
    assert client.get(reverse("preferences")).status_code == 200


def test_the_preferences_page_says_when_it_is_on(client, officer):
    client.force_login(officer)
    authenticator_for(officer)
    page = client.get(reverse("preferences")).content.decode()
    assert "On: after your password you type a code" in page


def test_the_api_token_still_authenticates_alone(client, make_user):
    """Bearer tokens are not sessions: made behind the second step, they act on their own."""
    from ogop.accounts.tokens import api_token_create

    admin = make_user(Role.ADMIN)
    _token, key = api_token_create(user=admin, name="script")
    response = client.get("/api/v1/products", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200


def test_a_session_from_before_two_step_sign_in_is_asked_on_its_next_request(client, make_user):
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    TOTPDevice.objects.filter(user=admin).delete()
    session = client.session
    del session[two_factor.SESSION_KEY]
    session.save()
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
