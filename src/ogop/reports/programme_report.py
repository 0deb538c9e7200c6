"""The programme report as a workbook (a sheet per section) and as a PDF (the dashboard's
figures and charts, with Thai and Dzongkha fonts).

Amounts are written as numbers and dates as dates. Names of trainees and experts are personal
data: the participants' sheet, and the experts' names on the missions' sheet, are written only
for a reader who may see people (programme.view_person); everyone else gets the counts.

Missions, deliveries and business plans are those the programme's field-work pages show:
missions and deliveries linked to its activities; the latest plan of each product of the
groups it serves, or whose plan one of its activities helped to make.
"""

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ogop.accounts.models import User
from ogop.core.charts import print_chart
from ogop.core.pdf import html_to_pdf
from ogop.core.tabular import Sheet, write_workbook
from ogop.core.thai import calendar_year, format_date
from ogop.programme.fieldwork_selectors import delivery_list, mission_list, programme_plan_list
from ogop.programme.metrics import trainee_places
from ogop.programme.models import (
    LEARNING_KINDS,
    Participant,
    ParticipantRole,
    PromotionItem,
    Sex,
    Transaction,
)
from ogop.reports.dashboard import (
    Dashboard,
    dashboard_charts,
    programme_activities,
)
from ogop.results.indicator_rows import programme_indicator_values
from ogop.results.models import Dimension

PERSON_PERM = "programme.view_person"
DIMENSIONS = dict(Dimension.choices)
TRAINEES = Q(participants__role=ParticipantRole.TRAINEE)


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


def _name(value: Any) -> str:
    return "" if value is None else str(value)


# The workbook ---------------------------------------------------------------------------------


def _summary_sheet(dashboard: Dashboard) -> Sheet:
    programme = dashboard.programme
    money = dashboard.money.total
    people = dashboard.people
    income = dashboard.income
    rows: list[list[Any]] = [
        [_("IATI identifier"), programme.identifier],
        [_("Title"), programme.title],
        [_("Reporting organisation"), _name(programme.reporting_organisation)],
        [_("Status"), programme.get_status_display()],
        [_("Planned start"), programme.start_planned],
        [_("Planned end"), programme.end_planned],
        [_("Actual start"), programme.start_actual],
        [_("Actual end"), programme.end_actual],
        [_("Currency"), programme.currency],
        [_("Budget"), money.budget],
        [_("Committed"), money.committed],
        [_("Spent"), money.spent],
        # xgettext:no-python-format
        [_("Spent, % of budget"), money.percent_spent],
        [_("Activities"), dashboard.activity_count],
        [_("Activities late"), dashboard.late_count],
        [_("People trained"), people.total],
        [_("People trained: women"), people.women],
        [_("People trained: men"), people.men],
        [_("People trained: sex not recorded"), people.not_recorded],
        [_("Producer groups served"), dashboard.group_count],
        [_("Products of the groups served"), dashboard.product_count],
        [_("Paid to producer groups"), income.total],
        [_("Producer groups paid"), income.groups],
        [_("Members of the groups paid: women"), income.women],
        [_("Members of the groups paid: men"), income.men],
        [_("Figures as of"), dashboard.today],
    ]
    if programme.is_illustrative:
        rows.append([_("Illustrative data"), _("yes")])
    return Sheet(_("Summary"), [_("Item"), _("Value")], rows)


def _components_sheet(dashboard: Dashboard) -> Sheet:
    money = dashboard.money
    currency = money.currency
    rows: list[list[Any]] = []
    for line in money.rows:
        for year, cell in zip(money.years, line.years, strict=True):
            rows.append([line.label, calendar_year(year), cell.budget, cell.committed, cell.spent])
        total = line.total
        rows.append([line.label, _("All years"), total.budget, total.committed, total.spent])
    total = money.total
    rows.append([_("All components"), _("All years"), total.budget, total.committed, total.spent])
    return Sheet(
        _("Components and budgets"),
        [
            _("Component"),
            _("Year"),
            _("Budget (%(currency)s)") % {"currency": currency},
            _("Committed (%(currency)s)") % {"currency": currency},
            _("Spent (%(currency)s)") % {"currency": currency},
        ],
        rows,
    )


def _activities_sheet(dashboard: Dashboard) -> Sheet:
    programme = dashboard.programme
    activities = (
        programme_activities(programme)
        .select_related("component", "area", "responsible_organisation")
        .prefetch_related("producer_groups", "products")
        .annotate(trainees=Count("participants", filter=TRAINEES, distinct=True))
        .order_by("component__position", "start_planned", "pk")
    )
    rows = [
        [
            f"{programme.identifier}-{activity.pk}",
            str(activity.component),
            activity.get_kind_display(),
            activity.title,
            activity.get_status_display(),
            activity.start_planned,
            activity.end_planned,
            activity.start_actual,
            activity.end_actual,
            activity.budget,
            _yes_no(activity.is_late(dashboard.today)),
            _name(activity.area.name if activity.area else activity.country),
            _name(activity.responsible_organisation),
            ", ".join(group.name for group in activity.producer_groups.all()),
            ", ".join(product.code for product in activity.products.all()),
            activity.trainees,
        ]
        for activity in activities
    ]
    return Sheet(
        _("Activities"),
        [
            _("IATI identifier"),
            _("Component"),
            _("Kind"),
            _("Title"),
            _("Status"),
            _("Planned start"),
            _("Planned end"),
            _("Actual start"),
            _("Actual end"),
            _("Budget (%(currency)s)") % {"currency": programme.currency},
            _("Late"),
            _("Place"),
            _("Responsible organisation"),
            _("Producer groups served"),
            _("Products served"),
            _("Trainees"),
        ],
        rows,
    )


def _transactions_sheet(dashboard: Dashboard) -> Sheet:
    programme = dashboard.programme
    transactions = (
        Transaction.objects.filter(programme=programme)
        .select_related("component", "activity__component", "provider", "receiver")
        .order_by("date", "pk")
    )
    rows = []
    for txn in transactions:
        component = txn.component or (txn.activity.component if txn.activity else None)
        rows.append(
            [
                txn.date,
                txn.get_kind_display(),
                _name(component),
                _name(txn.activity),
                txn.description,
                txn.amount,
                txn.currency,
                txn.rate,
                txn.amount_in_programme_currency,
                _name(txn.provider),
                _name(txn.receiver),
            ]
        )
    return Sheet(
        _("Transactions"),
        [
            _("Date"),
            _("Type"),
            _("Component"),
            _("Activity"),
            _("Description"),
            _("Amount"),
            _("Currency"),
            _("Rate"),
            _("Amount (%(currency)s)") % {"currency": programme.currency},
            _("Provider"),
            _("Receiver"),
        ],
        rows,
    )


def _people_sheet(dashboard: Dashboard) -> Sheet:
    """Trainees by learning activity and sex; then everyone trained, each person once."""
    programme = dashboard.programme
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        trainee_places(programme)
        .values("activity", "person__sex")
        .annotate(count=Count("person", distinct=True))
        .order_by()
    ):
        counts[row["activity"]][row["person__sex"] or ""] += row["count"]
    activities = (
        programme_activities(programme)
        .filter(kind__in=LEARNING_KINDS)
        .order_by("start_planned", "pk")
    )
    rows: list[list[Any]] = []
    for activity in activities:
        by_sex = counts.get(activity.pk, {})
        women, men = by_sex.get(Sex.FEMALE, 0), by_sex.get(Sex.MALE, 0)
        other = sum(n for sex, n in by_sex.items() if sex not in (Sex.FEMALE, Sex.MALE))
        rows.append(
            [
                activity.title,
                activity.get_kind_display(),
                activity.start_actual or activity.start_planned,
                women,
                men,
                other,
                women + men + other,
            ]
        )
    people = dashboard.people
    rows.append([])
    rows.append(
        [
            _("All learning activities, each person counted once"),
            "",
            None,
            people.women,
            people.men,
            people.not_recorded,
            people.total,
        ]
    )
    return Sheet(
        _("People trained"),
        [
            _("Activity"),
            _("Kind"),
            _("Start"),
            _("Women"),
            _("Men"),
            _("Sex not recorded"),
            _("Total"),
        ],
        rows,
    )


def _participants_sheet(dashboard: Dashboard) -> Sheet:
    """Every participant by name: personal data, for readers who may see people."""
    participants = (
        Participant.objects.filter(activity__component__programme=dashboard.programme)
        .select_related("activity", "person__organisation", "person__producer_group")
        .order_by("activity__start_planned", "activity", "person__name", "pk")
    )
    rows = [
        [
            participant.activity.title,
            participant.activity.start_actual or participant.activity.start_planned,
            participant.person.name,
            participant.person.get_sex_display(),
            _name(participant.person.organisation),
            _name(participant.person.producer_group),
            participant.get_role_display(),
            participant.days_attended,
            participant.pre_score,
            participant.post_score,
            participant.learning_gain,
        ]
        for participant in participants
    ]
    return Sheet(
        _("Participants"),
        [
            _("Activity"),
            _("Start"),
            _("Name"),
            _("Sex"),
            _("Organisation"),
            _("Producer group"),
            _("Role"),
            _("Days attended"),
            _("Pre-test score"),
            _("Post-test score"),
            _("Learning gain"),
        ],
        rows,
    )


def _missions_sheet(dashboard: Dashboard, *, with_names: bool) -> Sheet:
    header = [_("Kind")]
    if with_names:
        header.append(_("Expert or volunteer"))
    header += [
        _("Field of expertise"),
        _("Activity"),
        _("Host producer group"),
        _("Host area"),
        _("Start"),
        _("End"),
        _("Days"),
        _("Report submitted on"),
    ]
    rows = []
    for mission in mission_list(dashboard.programme).order_by("start", "pk"):
        row: list[Any] = [mission.get_kind_display()]
        if with_names:
            row.append(mission.person.name)
        row += [
            mission.expertise,
            _name(mission.activity),
            _name(mission.host_group),
            _name(mission.host_area.name if mission.host_area else None),
            mission.start,
            mission.end,
            (mission.end - mission.start).days + 1,
            mission.report_submitted_on,
        ]
        rows.append(row)
    return Sheet(_("Missions"), header, rows)


def _deliveries_sheet(dashboard: Dashboard) -> Sheet:
    rows = [
        [
            delivery.delivered_on,
            _name(delivery.producer_group),
            delivery.item,
            delivery.quantity,
            delivery.unit,
            delivery.value,
            delivery.currency,
            _name(delivery.activity),
            _yes_no(delivery.in_use),
            delivery.last_visit_on,
        ]
        for delivery in delivery_list(dashboard.programme).order_by("delivered_on", "pk")
    ]
    return Sheet(
        _("Deliveries"),
        [
            _("Delivered on"),
            _("Producer group"),
            _("Item"),
            _("Quantity"),
            _("Unit"),
            _("Value"),
            _("Currency"),
            _("Activity"),
            _("In use at the last visit"),
            _("Last visit"),
        ],
        rows,
    )


def _promotion_sheet(dashboard: Dashboard) -> Sheet:
    items = (
        PromotionItem.objects.filter(programme=dashboard.programme)
        .select_related("activity", "fair")
        .order_by("published_on", "pk")
    )
    rows = [
        [
            item.published_on,
            item.get_kind_display(),
            item.title,
            item.reach,
            item.url,
            _name(item.fair),
            _name(item.activity),
        ]
        for item in items
    ]
    return Sheet(
        _("Promotion"),
        [
            _("Published on"),
            _("Kind"),
            _("Title"),
            _("Reach"),
            _("Address"),
            _("Fair"),
            _("Activity"),
        ],
        rows,
    )


def _business_plans_sheet(dashboard: Dashboard) -> Sheet:
    rows = [
        [
            _name(plan.producer_group),
            plan.product.code,
            plan.product.name,
            plan.version,
            plan.prepared_on,
            plan.currency,
            plan.fixed_costs,
            plan.variable_cost,
            plan.price,
            plan.expected_volume,
            plan.contribution_margin,
            plan.break_even_volume,
            plan.profit,
            _name(plan.activity),
        ]
        for plan in programme_plan_list(dashboard.programme).select_related("activity")
    ]
    return Sheet(
        _("Business plans"),
        [
            _("Producer group"),
            _("Product code"),
            _("Product"),
            _("Version"),
            _("Prepared on"),
            _("Currency"),
            _("Fixed costs"),
            _("Variable cost per unit"),
            _("Price per unit"),
            _("Expected volume"),
            _("Margin per unit"),
            _("Break-even volume"),
            _("Expected profit"),
            _("Activity"),
        ],
        rows,
    )


def _results_sheets(dashboard: Dashboard) -> list[Sheet]:
    """Every indicator with its periods (target, actual typed in or computed, share reached),
    then the periods' actuals and targets by sex and by area."""
    rows: list[list[Any]] = []
    breakdown: list[list[Any]] = []
    for line in programme_indicator_values(dashboard.programme):
        indicator, result = line.indicator, line.result
        about = [
            result.get_kind_display(),
            result.title,
            indicator.title,
            indicator.get_measure_display(),
            _yes_no(indicator.ascending),
            indicator.baseline_year and calendar_year(indicator.baseline_year),
            indicator.baseline_value,
            indicator.get_computation_display(),
        ]
        if not line.periods:
            rows.append(about)
        for period in line.periods:
            rows.append(
                [
                    *about,
                    period.start,
                    period.end,
                    period.target,
                    period.actual,
                    period.percent,
                    " ".join(text for text in (period.error, period.period.comment) if text),
                ]
            )
            breakdown += [
                [
                    indicator.title,
                    period.start,
                    period.end,
                    str(DIMENSIONS.get(row.dimension, row.dimension)),
                    row.label,
                    row.target,
                    row.actual,
                ]
                for row in period.disaggregations
            ]
    results = Sheet(
        _("Results and indicators"),
        [
            _("Result type"),
            _("Result"),
            _("Indicator"),
            _("Measure"),
            _("Higher is better"),
            _("Baseline year"),
            _("Baseline value"),
            _("Actuals"),
            _("Period start"),
            _("Period end"),
            _("Target"),
            _("Actual"),
            # xgettext:no-python-format
            _("% of target reached"),
            _("Comment"),
        ],
        rows,
    )
    disaggregated = Sheet(
        _("Indicators by sex and area"),
        [
            _("Indicator"),
            _("Period start"),
            _("Period end"),
            _("Dimension"),
            _("Category"),
            _("Target"),
            _("Actual"),
        ],
        breakdown,
    )
    return [results, disaggregated]


def report_sheets(dashboard: Dashboard, *, user: User) -> list[Sheet]:
    """The workbook's sheets in order; the participants' sheet only for who may see people."""
    with_names = bool(user.has_perm(PERSON_PERM))
    sheets = [
        _summary_sheet(dashboard),
        _components_sheet(dashboard),
        _activities_sheet(dashboard),
        _transactions_sheet(dashboard),
        _people_sheet(dashboard),
    ]
    if with_names:
        sheets.append(_participants_sheet(dashboard))
    sheets += [
        _missions_sheet(dashboard, with_names=with_names),
        _deliveries_sheet(dashboard),
        _promotion_sheet(dashboard),
        _business_plans_sheet(dashboard),
        *_results_sheets(dashboard),
    ]
    return sheets


def report_xlsx(dashboard: Dashboard, *, user: User) -> bytes:
    return write_workbook(report_sheets(dashboard, user=user))


# The PDF --------------------------------------------------------------------------------------


def report_pdf(dashboard: Dashboard, *, request: HttpRequest | None = None) -> bytes:
    """The dashboard as a PDF in the request's language, with fonts for Thai and Dzongkha."""
    programme = dashboard.programme
    first, last = programme.period
    html = render_to_string(
        "reports/programme_pdf.html",
        {
            "programme": programme,
            "dashboard": dashboard,
            "charts": {
                name: print_chart(chart) for name, chart in dashboard_charts(dashboard).items()
            },
            "chart_template": "core/_print_chart.html",
            "first_day": format_date(first),
            "last_day": format_date(last),
            "as_of": format_date(dashboard.today),
        },
        request=request,
    )
    return html_to_pdf(html)
