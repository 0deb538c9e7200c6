"""The programme's IATI file, downloaded."""

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from ogop.programme.models import Programme
from ogop.programme.selectors import programme_for_user
from ogop.reports.iati import check_exportable, iati_chunks


@login_required
def programme_iati(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    """The programme as an IATI 2.03 file, streamed; or, when it cannot be valid, what is
    missing (409)."""
    programme = programme_for_user(user=request.user, pk=pk, perm="programme.export_programme")
    problems = check_exportable(programme)
    if problems:
        context = {"programme": programme, "problems": problems}
        return render(request, "reports/iati_refused.html", context, status=409)
    response = StreamingHttpResponse(iati_chunks([programme]), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{iati_filename(programme)}"'
    return response


def iati_filename(programme: Programme) -> str:
    """'TH-TICA-BT-OGOP-2016.xml': the identifier, with anything unsafe in a file name as _."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", programme.identifier) + ".xml"
