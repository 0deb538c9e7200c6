"""The programme's IATI files, downloaded, and its Publishing page: what the IATI Validator's
rules would say of them, each finding linked to the record to fix."""

import re

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from ogop.programme.models import Programme
from ogop.programme.selectors import programme_for_user
from ogop.reports.forms import RegistryForm
from ogop.reports.iati_publishing import (
    Checked,
    activities_checked,
    organisation_checked,
    publisher_id,
    registry_datasets,
    registry_zip,
)
from ogop.reports.iati_quality import (
    PART_BUDGET,
    PART_RESULT,
    PART_TRANSACTION,
    Finding,
)

EXPORT = "programme.export_programme"


@login_required
def programme_iati(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The programme as an IATI 2.03 activities file; or, when it breaks the schema or a rule
    with the severity error, what is wrong (409). Warnings are counted in a header."""
    programme = programme_for_user(user=request.user, pk=pk, perm=EXPORT)
    checked = activities_checked([programme])
    if not checked.publishable:
        return _refused(request, programme, checked)
    response = FileResponse(
        checked.file,
        content_type="application/xml",
        as_attachment=True,
        filename=iati_filename(programme),
    )
    response["X-IATI-Warnings"] = str(len(checked.warnings))
    return response


@login_required
def programme_iati_organisation(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The programme's reporting organisation as an IATI 2.03 organisations file."""
    programme = programme_for_user(user=request.user, pk=pk, perm=EXPORT)
    organisation = programme.reporting_organisation
    checked = organisation_checked(organisation, [programme])
    if not checked.publishable:
        return _refused(request, programme, checked)
    name = f"{publisher_id(organisation)}-org.xml"
    return FileResponse(
        checked.file, content_type="application/xml", as_attachment=True, filename=name
    )


@login_required
def programme_iati_registry(request: HttpRequest, pk: int) -> HttpResponse:
    """The activity and organisation files with the IATI Registry's metadata, as a zip."""
    programme = programme_for_user(user=request.user, pk=pk, perm=EXPORT)
    form = RegistryForm(request.GET)
    if not form.is_valid():
        return _page(request, programme, form, status=400)
    base_url = form.cleaned_data["base_url"]
    datasets = registry_datasets([programme], base_url=base_url)
    refused = [dataset.checked for dataset in datasets if not dataset.checked.publishable]
    if refused:
        return _refused(request, programme, refused[0])
    data = registry_zip(datasets, base_url=base_url)
    response = HttpResponse(data, content_type="application/zip")
    filename = f"{publisher_id(programme.reporting_organisation)}-iati.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def programme_publishing(request: HttpRequest, pk: int) -> HttpResponse:
    """Every error and warning of the programme's IATI files, each linked to what to fix."""
    programme = programme_for_user(user=request.user, pk=pk, perm=EXPORT)
    return _page(request, programme, RegistryForm())


def _page(
    request: HttpRequest, programme: Programme, form: RegistryForm, status: int = 200
) -> HttpResponse:
    activities = activities_checked([programme])
    organisation = organisation_checked(programme.reporting_organisation, [programme])
    findings = activities.findings + organisation.findings
    rows = [(finding, finding_link(finding, programme)) for finding in findings]
    context = {
        "programme": programme,
        "problems": activities.problems,
        "invalid": activities.invalid + organisation.invalid,
        "errors": [row for row in rows if row[0].rule.is_error],
        "warnings": [row for row in rows if not row[0].rule.is_error],
        "publishable": activities.publishable and organisation.publishable,
        "form": form,
    }
    return render(request, "reports/iati_publishing.html", context, status=status)


def _refused(request: HttpRequest, programme: Programme, checked: Checked) -> HttpResponse:
    context = {"programme": programme, "problems": checked.refusals()}
    return render(request, "reports/iati_refused.html", context, status=409)


def finding_link(finding: Finding, programme: Programme) -> str | None:
    """The page where the record at fault is edited: the transaction, the activity, the
    programme's plan (budgets), its results framework or the programme itself."""
    try:
        if finding.part == PART_TRANSACTION and finding.ref.isdigit():
            return reverse("transaction_edit", args=[int(finding.ref)])
        if finding.part == PART_RESULT:
            return reverse("results_framework", args=[programme.pk])
        child = finding.activity.removeprefix(f"{programme.identifier}-")
        if finding.activity != programme.identifier and child.isdigit():
            return reverse("activity_edit", args=[int(child)])
        if finding.part == PART_BUDGET:
            return reverse("programme_plan", args=[programme.pk])
        if finding.activity == programme.identifier:
            return reverse("programme_edit", args=[programme.pk])
        return reverse(
            "admin:accounts_organisation_change", args=[programme.reporting_organisation_id]
        )
    except NoReverseMatch:
        return None


def iati_filename(programme: Programme) -> str:
    """'XI-IATI-TICA-BT-OGOP-2016.xml': the identifier, with anything unsafe in a file name
    as _."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", programme.identifier) + ".xml"
