from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from ogop.accounts.request_user import signed_in
from ogop.core.concurrency import Rows, unchanged_since_opened, versioned
from ogop.core.views import paginate
from ogop.rating import selectors, services
from ogop.rating.forms import (
    CriterionRowFormSet,
    RoundAssessorForm,
    RoundForm,
    RoundProductsForm,
    RubricDefineForm,
    ScoreSheetForm,
    rubric_parts,
)
from ogop.rating.models import AssessmentRound, Rubric, Score


@login_required
@permission_required("rating.view_rubric", raise_exception=True)
def rubric_list(request: HttpRequest) -> HttpResponse:
    context = {
        "rubrics": selectors.rubric_list(),
        "can_define": request.user.has_perm("rating.define_rubric"),
    }
    return render(request, "rating/rubric_list.html", context)


@login_required
def rubric_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = selectors.rubric_for_user(user=request.user, pk=pk)
    context = {
        "rubric": rubric,
        "max_points": services.rubric_max_points(rubric),
        "locked": services.rubric_is_locked(rubric),
        "problems": services.rubric_problems(rubric),
        "can_define": request.user.has_perm("rating.define_rubric"),
    }
    return render(request, "rating/rubric_detail.html", context)


def _initial_from(rubric: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A rubric's data, to start its next version or a variant from."""
    thresholds = dict(rubric.thresholds.values_list("stars", "min_points"))
    initial = {
        "code": rubric.code,
        "name": rubric.name_en,
        "name_th": rubric.name_th or "",
        "description": rubric.description_en or "",
        "source": rubric.source,
        **{f"stars_{n}": thresholds.get(n) for n in (5, 4, 3, 2)},
    }
    rows = [
        {
            "part_code": part.code,
            "part_name": part.name_en if index == 0 else "",
            "code": criterion.code,
            "text": criterion.text_en,
            "max_points": criterion.max_points,
        }
        for part in rubric.parts.all()
        for index, criterion in enumerate(part.criteria.all())
    ]
    return initial, rows


@login_required
@permission_required("rating.define_rubric", raise_exception=True)
def rubric_define(request: HttpRequest) -> HttpResponse:
    """Define a rubric in the staff pages: its criteria, part by part, and its thresholds.
    Giving the code of an existing rubric makes its next version; past rounds keep theirs."""
    initial: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    source = request.GET.get("from", "")
    if source.isdigit() and (rubric := Rubric.objects.filter(pk=int(source)).first()):
        initial, rows = _initial_from(rubric)
    form = RubricDefineForm(request.POST or None, initial=initial)
    criteria = CriterionRowFormSet(request.POST or None, initial=rows or None, prefix="criteria")
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        data = form.cleaned_data
        filled = [row for row in criteria.cleaned_data if row]
        try:
            rubric = services.rubric_create(
                code=data["code"],
                name=data["name"],
                name_th=data["name_th"],
                description=data["description"],
                source=data["source"],
                parts=rubric_parts(filled),
                thresholds=form.thresholds(),
                user=signed_in(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The rubric %(name)s was saved.") % {"name": rubric})
            return redirect(rubric)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "criteria": criteria}
    return render(request, "rating/rubric_define.html", context, status=status)


@require_POST
@login_required
def rubric_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = selectors.rubric_for_user(user=signed_in(request), pk=pk, perm="rating.define_rubric")
    copy = services.rubric_new_version(rubric=rubric, user=signed_in(request))
    messages.success(
        request,
        _("Version %(version)s of %(name)s was made: edit it in the administration pages.")
        % {"version": copy.version, "name": copy.name},
    )
    return redirect(copy)


@login_required
@permission_required("rating.view_round", raise_exception=True)
def round_list(request: HttpRequest) -> HttpResponse:
    context = {
        "page": paginate(request, selectors.rounds_visible_to(signed_in(request))),
        "can_manage": request.user.has_perm("rating.manage_round"),
    }
    return render(request, "rating/round_list.html", context)


@login_required
@permission_required("rating.manage_round", raise_exception=True)
def round_create(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_round = services.round_create(user=signed_in(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The round %(name)s was created.") % {"name": form.cleaned_data["name"]}
            )
            return redirect(assessment_round)
    status = 422 if request.method == "POST" else 200
    return render(request, "rating/round_form.html", {"form": form}, status=status)


def _round_context(
    request: HttpRequest, assessment_round: AssessmentRound, **extra: Any
) -> dict[str, Any]:
    assessors, rows = selectors.round_progress(assessment_round)
    can_manage = request.user.has_perm("rating.manage_round", assessment_round)
    return {
        "round": assessment_round,
        "assessors": assessors,
        "rows": rows,
        "can_manage": can_manage and assessment_round.is_open,
        "is_assessor": any(a.pk == request.user.pk for a in assessors),
        "products_form": extra.pop("products_form", None) or RoundProductsForm(),
        "assessor_form": extra.pop("assessor_form", None) or RoundAssessorForm(),
        **extra,
    }


def _round_page(
    request: HttpRequest, assessment_round: AssessmentRound, status: int = 200, **extra: Any
) -> HttpResponse:
    context = _round_context(request, assessment_round, **extra)
    htmx = getattr(request, "htmx", False)
    template = "rating/partials/_round_panel.html" if htmx else "rating/round_detail.html"
    return render(request, template, context, status=status)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = selectors.round_for_user(user=request.user, pk=pk, perm="rating.view_round")
    return _round_page(request, assessment_round)


@require_POST
@login_required
def round_add_products(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = selectors.round_for_user(
        user=request.user, pk=pk, perm="rating.manage_round"
    )
    form = RoundProductsForm(request.POST)
    if form.is_valid():
        try:
            services.round_add_products(
                assessment_round=assessment_round,
                products=form.cleaned_data["codes"],
                user=signed_in(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _round_page(request, assessment_round)
    return _round_page(request, assessment_round, status=422, products_form=form)


@require_POST
@login_required
def round_add_assessor(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = selectors.round_for_user(
        user=request.user, pk=pk, perm="rating.manage_round"
    )
    form = RoundAssessorForm(request.POST)
    if form.is_valid():
        try:
            services.round_add_assessors(
                assessment_round=assessment_round,
                assessors=[form.cleaned_data["assessor"]],
                user=signed_in(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _round_page(request, assessment_round)
    return _round_page(request, assessment_round, status=422, assessor_form=form)


@require_POST
@login_required
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = selectors.round_for_user(
        user=request.user, pk=pk, perm="rating.manage_round"
    )
    try:
        ratings = services.round_close(assessment_round=assessment_round, user=signed_in(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The round is closed: %(count)s product rated.",
                "The round is closed: %(count)s products rated.",
                len(ratings),
            )
            % {"count": len(ratings)},
        )
    return redirect(assessment_round)


@login_required
def assessment_score(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """An assessor's scoring sheet for one product of a round: save, then submit; once
    submitted, the panel's scores are shown."""
    assessment_round = selectors.round_for_user(user=request.user, pk=pk, perm="rating.view_round")
    product = selectors.round_product_for_user(
        user=request.user, assessment_round=assessment_round, code=code
    )
    user = signed_in(request)
    is_assessor = user.has_perm("rating.score_round", assessment_round)
    if not is_assessor and not user.has_perm("rating.manage_round"):
        raise PermissionDenied
    submitted = is_assessor and selectors.has_submitted(
        assessment_round=assessment_round, assessor=user, product=product
    )
    sheet = selectors.scoring_sheet(
        assessment_round=assessment_round, assessor=user, product=product
    )
    editable = is_assessor and assessment_round.is_open and not submitted
    form = ScoreSheetForm(
        request.POST if request.method == "POST" else None, sheet=sheet, disabled=not editable
    )
    # its version: the assessor's scores of the product, which another tab or device may change
    versioned(
        form,
        children=[Rows(Score, "round", assessment_round, {"assessor": user, "product": product})],
    )
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                with unchanged_since_opened(form):
                    services.scores_save(
                        assessment_round=assessment_round,
                        assessor=user,
                        product=product,
                        points=form.points(),
                    )
                    if request.POST.get("action") == "submit":
                        services.assessment_submit(
                            assessment_round=assessment_round, assessor=user, product=product
                        )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 422
            else:
                if request.POST.get("action") == "submit":
                    messages.success(
                        request,
                        _("Your scores of %(product)s are submitted.") % {"product": product},
                    )
                else:
                    messages.success(request, _("Your scores were saved."))
                return redirect("assessment_score", pk=pk, code=code)
        else:
            status = 422
    panel = None
    if (submitted or (not is_assessor)) and user.has_perm("rating.view_round", assessment_round):
        try:
            panel = selectors.panel_scores(
                assessment_round=assessment_round, product=product, viewer=user
            )
        except PermissionDenied:
            panel = None
    criteria = [criterion for part in sheet for criterion, _points in part.criteria]
    context = {
        "round": assessment_round,
        "product": product,
        "form": form,
        "editable": editable,
        "submitted": submitted,
        "is_assessor": is_assessor,
        "panel": panel,
        "criteria": criteria,
    }
    htmx = getattr(request, "htmx", False)
    template = "rating/partials/_score_sheet.html" if htmx else "rating/assessment_score.html"
    return render(request, template, context, status=status)
