"""The Publishing page, the organisation file, the registry-ready export and the forms that
refuse what would break publishing."""

import datetime as dt
import json
import zipfile
from io import BytesIO, StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from lxml import etree

from ogop.programme.forms.money import TransactionForm
from ogop.programme.forms.plan import ActivityForm, ParticipationForm
from ogop.programme.models import ActivityStatus, OrganisationRole, Participation, ProgrammeSector
from ogop.reports.iati_organisation import organisation_file
from ogop.reports.iati_quality import check_organisations
from ogop.reports.iati_validation import validate, validate_organisations
from ogop.results.forms import IndicatorForm
from ogop.results.models import IndicatorMeasure
from tests.programme.factories import (
    ActivityFactory,
    ComponentBudgetFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ResultFactory,
    component,
    transaction,
)


def publishable_programme():
    """A programme that can be published, with an accepted identifier, a budget and money."""
    programme = ProgrammeFactory(
        identifier="XM-DAC-7-OGOP",
        reporting_organisation__iati_identifier="XM-DAC-7",
        reporting_organisation__short_name="Agency",
        start_actual=dt.date(2016, 1, 10),
    )
    Participation.objects.create(
        programme=programme,
        organisation=programme.reporting_organisation,
        role=OrganisationRole.FUNDING,
    )
    ProgrammeSector.objects.create(programme=programme, code="31120")
    ComponentBudgetFactory(component=component(programme, 1), year=2017)
    transaction(programme, "5000", date=dt.date(2017, 6, 1))
    return programme


@pytest.fixture
def programme(db):
    return publishable_programme()


def late_transaction(programme):
    """A disbursement dated before its activity starts: rule OGOP-5, an error."""
    activity = ActivityFactory(component=component(programme, 1), start_actual=dt.date(2017, 3, 1))
    return activity, transaction(
        programme, "100", date=dt.date(2017, 2, 1), activity=activity, component=activity.component
    )


# The organisation file ------------------------------------------------------------------------


def test_organisation_file_is_valid_and_holds_budgets_expenditure_and_documents(programme):
    data = organisation_file(
        programme.reporting_organisation,
        [programme],
        documents={programme.pk: "https://example.org/iati/agency-ogop.xml"},
    )

    assert validate_organisations(data) == []
    assert check_organisations(data) == []
    root = etree.fromstring(data)
    organisation = root.find("iati-organisation")
    assert organisation.findtext("organisation-identifier") == "XM-DAC-7"
    assert organisation.find("reporting-org").get("ref") == "XM-DAC-7"
    [budget] = organisation.findall("total-budget")
    assert budget.find("period-start").get("iso-date") == "2017-01-01"
    assert budget.findtext("value") == "100000.00"
    [country] = organisation.findall("recipient-country-budget")
    assert country.find("recipient-country").get("code") == "BT"
    [spent] = organisation.findall("total-expenditure")
    assert spent.findtext("value") == "5000.00"
    [link] = organisation.findall("document-link")
    assert link.get("url") == "https://example.org/iati/agency-ogop.xml"


def test_organisation_file_with_an_identifier_iati_refuses_is_caught(programme):
    programme.reporting_organisation.iati_identifier = "TH-TICA"

    findings = check_organisations(organisation_file(programme.reporting_organisation, [programme]))

    assert {finding.rule.id for finding in findings} == {"1.12.8", "1.18.8"}


# The Publishing page ---------------------------------------------------------------------------


def test_publishing_page_lists_an_error_linked_to_the_record_to_fix(officer_client, programme):
    _activity, txn = late_transaction(programme)

    response = officer_client.get(reverse("programme_publishing", args=[programme.pk]))

    assert response.status_code == 200
    [(finding, link)] = response.context["errors"]
    assert finding.rule.id == "OGOP-5"
    assert link == reverse("transaction_edit", args=[txn.pk])
    assert f'href="{link}"' in response.text
    assert "(IATI rule OGOP-5)" in response.text
    assert not response.context["publishable"]


def test_publishing_page_speaks_the_readers_language(officer_client, programme):
    late_transaction(programme)

    response = officer_client.get(
        reverse("programme_publishing", args=[programme.pk]), HTTP_ACCEPT_LANGUAGE="th"
    )

    [(finding, _link)] = response.context["errors"]
    with translation.override("th"):
        assert finding.message in response.text
    assert "(IATI rule OGOP-5)" not in response.text
    assert "OGOP-5" in response.text


def test_publishing_page_of_a_clean_programme_offers_the_downloads(officer_client, programme):
    response = officer_client.get(reverse("programme_publishing", args=[programme.pk]))

    assert response.context["errors"] == []
    assert response.context["publishable"]
    assert reverse("programme_iati_organisation", args=[programme.pk]) in response.text


def test_producer_may_not_see_the_publishing_page(client, producer, programme):
    client.force_login(producer)

    response = client.get(reverse("programme_publishing", args=[programme.pk]))

    assert response.status_code == 404


def test_download_refuses_a_file_with_errors_and_says_why(officer_client, programme):
    late_transaction(programme)

    response = officer_client.get(reverse("programme_iati", args=[programme.pk]))

    assert response.status_code == 409
    assert "comes before the activity starts" in response.content.decode()


def test_download_counts_the_warnings_it_carries(officer_client, programme):
    ActivityFactory(component=component(programme, 1))  # implementation, no actual start

    response = officer_client.get(reverse("programme_iati", args=[programme.pk]))

    assert response.status_code == 200
    assert int(response["X-IATI-Warnings"]) >= 1
    assert validate(b"".join(response.streaming_content)) == []


def test_organisation_file_download(officer_client, programme):
    response = officer_client.get(reverse("programme_iati_organisation", args=[programme.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="agency-org.xml"'
    assert validate_organisations(b"".join(response.streaming_content)) == []


def test_registry_zip_holds_the_files_and_their_metadata(officer_client, programme):
    url = reverse("programme_iati_registry", args=[programme.pk])

    response = officer_client.get(url, {"base_url": "https://example.org/iati/"})

    assert response.status_code == 200
    archive = zipfile.ZipFile(BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "agency-ogop.json",
        "agency-ogop.xml",
        "agency-org.json",
        "agency-org.xml",
    ]
    metadata = json.loads(archive.read("agency-ogop.json"))
    assert metadata["resources"] == [
        {"url": "https://example.org/iati/agency-ogop.xml", "format": "IATI-XML"}
    ]


def test_registry_zip_wants_the_address_of_the_files(officer_client, programme):
    url = reverse("programme_iati_registry", args=[programme.pk])

    response = officer_client.get(url, {"base_url": "not an address"})

    assert response.status_code == 400
    assert "base_url" in response.context["form"].errors


# The command -----------------------------------------------------------------------------------


def test_command_writes_the_registry_folder(programme, tmp_path):
    err = StringIO()

    call_command(
        "export",
        "iati",
        "--dir",
        str(tmp_path),
        "--base-url",
        "https://example.org/iati",
        stderr=err,
    )

    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["agency-ogop.json", "agency-ogop.xml", "agency-org.json", "agency-org.xml"]
    assert validate(tmp_path / "agency-ogop.xml") == []
    assert validate_organisations(tmp_path / "agency-org.xml") == []
    metadata = json.loads((tmp_path / "agency-ogop.json").read_text())
    assert metadata["name"] == "agency-ogop"
    assert metadata["owner_org"] == "agency"
    extras = {extra["key"]: extra["value"] for extra in metadata["extras"]}
    assert extras["filetype"] == "activity"
    assert extras["activity_count"] == "1"
    assert extras["iati_version"] == "2.03"
    org = json.loads((tmp_path / "agency-org.json").read_text())
    assert {e["key"]: e["value"] for e in org["extras"]}["filetype"] == "organisation"


def test_command_refuses_errors_and_writes_nothing(programme, tmp_path):
    late_transaction(programme)
    out = tmp_path / "out"

    with pytest.raises(CommandError, match=r"OGOP-5"):
        call_command("export", "iati", "--dir", str(out), "--base-url", "https://example.org/")
    with pytest.raises(CommandError, match=r"comes before the activity starts"):
        call_command("export", "iati", "-o", str(tmp_path / "f.xml"), "--no-progress")

    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_command_reports_warnings_and_writes_the_file(programme, tmp_path):
    programme.reporting_organisation.iati_identifier = "TH-TICA"
    programme.reporting_organisation.save()
    programme.identifier = "TH-TICA-OGOP"
    programme.save()
    err = StringIO()

    call_command("export", "iati", "-o", str(tmp_path / "f.xml"), "--no-progress", stderr=err)

    assert "Warning: TH-TICA-OGOP:" in err.getvalue()
    assert "(IATI rule 1.14.8)" in err.getvalue()
    assert validate(tmp_path / "f.xml") == []


def test_command_dir_needs_a_base_url(programme, tmp_path):
    with pytest.raises(CommandError, match="--dir needs --base-url"):
        call_command("export", "iati", "--dir", str(tmp_path))


# The forms say what would break publishing ----------------------------------------------------


def test_transaction_form_refuses_a_date_before_its_activity_starts(programme):
    activity = ActivityFactory(component=component(programme, 1), start_actual=dt.date(2017, 3, 1))
    data = {
        "kind": "3",
        "date": "2017-02-01",
        "amount": "10",
        "currency": "THB",
        "component": activity.component_id,
        "activity": activity.pk,
    }

    form = TransactionForm(data, programme=programme)

    assert not form.is_valid()
    assert "(IATI rule OGOP-5)" in form.errors["date"][0]


def test_transaction_form_refuses_a_date_in_the_future(programme):
    programme.end_planned = timezone.localdate() + dt.timedelta(days=400)
    programme.save()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = {"kind": "3", "date": tomorrow.isoformat(), "amount": "10", "currency": "THB"}

    form = TransactionForm(data, programme=programme)

    assert not form.is_valid()
    assert "(IATI rule 11.2.1)" in form.errors["date"][0]


def test_transaction_form_refuses_a_receiver_iati_does_not_accept(programme):
    receiver = OrganisationFactory(name="Honey group", iati_identifier="BT-HONEY")
    data = {
        "kind": "3",
        "date": "2017-06-01",
        "amount": "10",
        "currency": "THB",
        "receiver": receiver.pk,
    }

    form = TransactionForm(data, programme=programme)

    assert not form.is_valid()
    [message] = form.errors["receiver"]
    assert message.startswith("Honey group: The participating organisation's identifier “BT-HONEY”")
    assert "(IATI rule 1.8.8)" in message


def test_participation_form_refuses_an_organisation_iati_does_not_accept(programme):
    organisation = OrganisationFactory(iati_identifier="TH-TICA")

    form = ParticipationForm({"organisation": organisation.pk, "role": OrganisationRole.FUNDING})

    assert not form.is_valid()
    assert "TH-TICA" in form.errors["organisation"][0]


def test_participation_form_takes_an_accepted_identifier(programme):
    organisation = OrganisationFactory(iati_identifier="XI-IATI-TICA")

    form = ParticipationForm({"organisation": organisation.pk, "role": OrganisationRole.FUNDING})

    assert form.is_valid(), form.errors


def test_organisation_identifier_is_checked_where_it_is_typed(db):
    organisation = OrganisationFactory.build(iati_identifier="TH-TICA")

    with pytest.raises(ValidationError, match=r"1\.8\.8"):
        organisation.full_clean()


def test_activity_form_refuses_a_status_its_dates_contradict(programme):
    activity = ActivityFactory(component=component(programme, 1))
    form = ActivityForm(instance=activity, programme=programme)
    data = {**form.initial, "status": ActivityStatus.CLOSED, "start_actual": "2017-03-01"}
    data = {key: value for key, value in data.items() if value is not None}
    data["producer_groups"] = []
    data["products"] = []

    form = ActivityForm(data, instance=activity, programme=programme)

    assert not form.is_valid()
    assert "(IATI rule OGOP-3)" in form.errors["status"][0]


def test_indicator_form_refuses_a_value_for_a_qualitative_baseline(programme):
    result = ResultFactory(programme=programme)
    data = {
        "title_en": "How groups see it",
        "measure": IndicatorMeasure.QUALITATIVE,
        "ascending": "on",
        "baseline_year": "2016",
        "baseline_value": "3",
        "position": "1",
    }

    form = IndicatorForm(data, result=result)

    assert not form.is_valid()
    assert "(IATI rule 8.8.3)" in form.errors["baseline_value"][0]
