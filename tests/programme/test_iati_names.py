"""A programme's IATI codes shown by their names from the shipped codelists."""

from django.urls import reverse

from ogop.programme.models import ProgrammeSector
from tests.factories import PASSWORD
from tests.programme.factories import ProgrammeFactory


def test_programme_page_names_its_iati_codes_and_sectors(client, officer):
    programme = ProgrammeFactory(default_aid_type="D02", default_flow_type="10")
    ProgrammeSector.objects.create(programme=programme, code="31120", vocabulary="1")
    client.login(username=officer.username, password=PASSWORD)
    text = client.get(reverse("programme_detail", args=[programme.pk])).text
    assert "aid: Other technical assistance" in text
    assert "flow: ODA" in text
    assert "Agricultural development" in text
    assert "OECD DAC CRS Purpose Codes (5 digit)" in text
    assert "aid D02" not in text
    assert "(vocabulary 1)" not in text.replace("\n", " ")
