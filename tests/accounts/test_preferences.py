from django.urls import reverse

from tests.factories import PASSWORD, ProductFactory


def test_thai_digits_preference_changes_numbers_and_dates_in_thai(client, officer):
    ProductFactory.create_batch(12)
    client.login(username=officer.username, password=PASSWORD)
    response = client.post(
        reverse("preferences"),
        {"first_name": "Somchai", "last_name": "", "email": "", "thai_digits": "on"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.thai_digits
    thai = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="th")
    assert "๑๒" in thai.text
    english = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert "๑๒" not in english.text
    assert ">12<" in english.text.replace(" ", "")


def test_thai_reader_without_the_preference_sees_arabic_digits_and_be_years(
    client, officer, product
):
    client.login(username=officer.username, password=PASSWORD)
    page = client.get(product.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="th")
    year_be = str(product.created_at.year + 543)
    assert year_be in page.text
    assert "๒๕" not in page.text


def test_preferences_sent_back_unchanged_add_nothing_to_the_account_history(client, officer):
    client.force_login(officer)
    entries = officer.history.count()
    shown = {"first_name": officer.first_name, "last_name": "", "email": "", "thai_digits": ""}
    client.post(reverse("preferences"), shown)
    assert officer.history.count() == entries
    client.post(reverse("preferences"), {**shown, "thai_digits": "on"})
    assert officer.history.count() == entries + 1
    assert officer.history.latest("history_id").history_user == officer
