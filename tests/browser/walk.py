"""What the walkers walk: a small world of every kind of record, built with the factories, and
every page of the platform with the role that may see it.

The walkers (tests/browser/test_walkers.py) open each page of PAGES with JavaScript on; a named
URL that is not a page to walk is in NOT_WALKED with the reason, and
test_every_page_is_walked_or_has_a_reason fails on a URL in neither.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal as D
from typing import Any
from uuid import uuid4

from django.urls import reverse

from ogop.accounts.models import Role, User
from ogop.fairs.services import sale_record
from ogop.outlets.models import Outlet
from ogop.outlets.services import dispatch_send
from ogop.programme.metrics import beneficiary_groups
from ogop.programme.models import (
    ActivityKind,
    Delivery,
    Mission,
    PromotionItem,
    Twinning,
    TwinningVisit,
)
from ogop.rating.models import Rubric
from ogop.rating.services import round_create
from tests.factories import (
    ImportJobFactory,
    ProducerGroupFactory,
    ProductFactory,
    UserFactory,
    area,
)
from tests.fairs.factories import BoothFactory, BuyerLeadFactory, ExhibitFactory, FairFactory
from tests.outlets.helpers import delivered
from tests.programme.factories import (
    ActivityFactory,
    ExchangeRateFactory,
    ParticipantFactory,
    PersonFactory,
    business_plan,
    component,
    transaction,
)
from tests.reports.test_dashboard import build_programme
from tests.supply.helpers import packed, paid

ANONYMOUS = "anonymous"


@dataclass
class World:
    """One record of each kind, and a user of each role who may see it."""

    users: dict[str, User]
    group: Any
    product: Any
    certification: Any
    rubric: Any
    round: Any
    fair: Any
    booth: Any
    exhibit: Any
    sale: Any
    lead: Any
    programme: Any
    activity: Any
    transaction: Any
    person: Any
    participant: Any
    mission: Any
    delivery: Any
    promotion_item: Any
    twinning: Any
    visit: Any
    result: Any
    indicator: Any
    period: Any
    job: Any
    purchase: Any
    batch: Any
    outlet: Any
    dispatch: Any
    payment: Any


def build_world() -> World:
    """Every kind of record the pages show, with users of every role tied to them: the
    producer represents the group, the cashier sells at the booth, the assessor sits on the
    round's panel, the expert is the person of the mission."""
    users = {role: UserFactory(role=role) for role in Role.values}
    group = ProducerGroupFactory(area=area("BT-33-03"))
    group.representatives.add(users[Role.PRODUCER])
    product = ProductFactory(producer_group=group)
    certification = product.certifications.create(
        kind="organic", number="OG-1", valid_from=dt.date(2017, 1, 1)
    )
    rubric = Rubric.objects.get(code="ocop-vn", is_active=True)
    assessment_round = round_create(
        name="Panel 2018",
        date=dt.date(2018, 6, 1),
        rubric=rubric,
        user=users[Role.PROGRAMME_OFFICER],
        assessors=[users[Role.ASSESSOR]],
        products=[product],
    )
    fair = FairFactory()
    booth = BoothFactory(fair=fair, cashiers=[users[Role.CASHIER]])
    booth.producer_groups.add(group)
    exhibit = ExhibitFactory(booth=booth, product=product)
    sale, _created = sale_record(
        exhibit=exhibit,
        quantity=1,
        unit_price=D("90"),
        client_uuid=uuid4(),
        cashier=users[Role.CASHIER],
    )
    lead = BuyerLeadFactory(fair=fair, products=[product])

    programme = build_programme()
    activity = programme.components.get(position=1).activities.first()
    person = PersonFactory(name="Pema Wangmo", producer_group=group)
    expert = PersonFactory(name="Somchai Rattanaporn", user=users[Role.EXPERT])
    mission = Mission.objects.create(
        activity=ActivityFactory(
            component=component(programme, 2), kind=ActivityKind.EXPERT_MISSION
        ),
        person=expert,
        kind="expert",
        expertise="Honey processing",
        host_group=group,
        host_area=group.area,
        start=dt.date(2017, 5, 1),
        end=dt.date(2017, 5, 20),
    )
    delivery = Delivery.objects.create(
        activity=ActivityFactory(component=component(programme, 4), kind="equipment_delivery"),
        producer_group=group,
        item="Honey extractor",
        quantity=D("1"),
        value=D("1000"),
        currency="THB",
        delivered_on=dt.date(2017, 6, 1),
    )
    twinning = Twinning.objects.create(
        programme=programme,
        bhutan_group=group,
        thai_group=ProducerGroupFactory(area=area("840503")),
        started_on=dt.date(2017, 1, 1),
    )
    business_plan(product)
    batch = packed(
        product,
        code="B-2017-01",
        bought_on=dt.date(2017, 11, 20),
        produced_on=dt.date(2017, 11, 25),
        bought="40",
        taken="20",
        lost="1",
        quantity=80,
        buyer=users[Role.PARTNER_OFFICER],
    )
    purchase = batch.inputs.get().lot.purchase
    shop = Outlet.objects.create(code="SHOP-PARO", name="Paro Airport shop", kind="shop")
    shop.staff.add(users[Role.CASHIER])
    delivered(batch, shop, 20, user=users[Role.PARTNER_OFFICER])
    dispatch = dispatch_send(
        destination=shop,
        lines=[(batch, 10)],
        sent_on=dt.date(2017, 12, 2),
        user=users[Role.PARTNER_OFFICER],
    )
    payment = paid(group, dt.date(2017, 11, 30), "1500.50")
    result = programme.results.first()
    indicator = result.indicators.first()
    ExchangeRateFactory(currency="BTN", quote="THB", rate=D("0.5"))
    # A group the programme serves, paid: the dashboard draws its map of the farmers' income.
    paid(beneficiary_groups(programme).order_by("pk").first(), dt.date(2017, 12, 1), "500")
    return World(
        users=users,
        group=group,
        product=product,
        certification=certification,
        rubric=rubric,
        round=assessment_round,
        fair=fair,
        booth=booth,
        exhibit=exhibit,
        sale=sale,
        lead=lead,
        programme=programme,
        activity=activity,
        transaction=transaction(programme, "1000"),
        person=person,
        participant=ParticipantFactory(activity=activity, person=person),
        mission=mission,
        delivery=delivery,
        promotion_item=PromotionItem.objects.create(
            programme=programme, kind="video", title="Film", published_on=dt.date(2017, 2, 1)
        ),
        twinning=twinning,
        visit=TwinningVisit.objects.create(
            twinning=twinning, direction="to_th", start=dt.date(2017, 3, 1), end=dt.date(2017, 3, 5)
        ),
        result=result,
        indicator=indicator,
        period=indicator.periods.first(),
        job=ImportJobFactory(owner=users[Role.PROGRAMME_OFFICER]),
        purchase=purchase,
        batch=batch,
        outlet=shop,
        dispatch=dispatch,
        payment=payment,
    )


def _at(name: str, *keys: str) -> Callable[[World], str]:
    """The URL named `name`, its arguments the world's records at `keys` (a dotted path)."""

    def url(world: World) -> str:
        args = []
        for key in keys:
            value: Any = world
            for part in key.split("."):
                value = getattr(value, part)
            args.append(value)
        return reverse(name, args=args)

    return url


OFFICER = Role.PROGRAMME_OFFICER

# Every page to walk: URL name → (the role that opens it, its URL in the world).
PAGES: dict[str, tuple[str, Callable[[World], str]]] = {
    # The public catalog.
    "catalog_home": (ANONYMOUS, _at("catalog_home")),
    "catalog_search": (ANONYMOUS, _at("catalog_search")),
    "catalog_browse": (ANONYMOUS, _at("catalog_browse")),
    "catalog_area": (ANONYMOUS, _at("catalog_area", "group.area.code")),
    "catalog_product": (ANONYMOUS, _at("catalog_product", "product.code")),
    "catalog_group": (ANONYMOUS, _at("catalog_group", "group.code")),
    "catalog_fair": (ANONYMOUS, _at("catalog_fair", "fair.code")),
    "batch_trace": (ANONYMOUS, lambda world: world.batch.trace_path()),
    "login": (ANONYMOUS, _at("login")),
    "password_reset": (ANONYMOUS, _at("password_reset")),
    "password_reset_done": (ANONYMOUS, _at("password_reset_done")),
    "password_reset_complete": (ANONYMOUS, _at("password_reset_complete")),
    # Offered to those who handle money, required of administrators.
    "two_factor_setup": (Role.CASHIER, _at("two_factor_setup")),
    # Each person's own pages.
    "home": (OFFICER, _at("home")),
    "preferences": (Role.PRODUCER, _at("preferences")),
    "my_deliveries": (Role.PRODUCER, _at("my_deliveries")),
    "my_missions": (Role.EXPERT, _at("my_missions")),
    "mission_report": (Role.EXPERT, _at("mission_report", "mission.pk")),
    "assessment_score": (Role.ASSESSOR, _at("assessment_score", "round.pk", "product.code")),
    "fair_counter": (Role.CASHIER, _at("fair_counter", "fair.code", "booth.code")),
    "fair_sale_receipt": (Role.CASHIER, _at("fair_sale_receipt", "fair.code", "sale.client_uuid")),
    "audit_changes": (Role.ADMIN, _at("audit_changes")),
    "rubric_define": (Role.ADMIN, _at("rubric_define")),
    "programme_dashboard": (Role.PARTNER_OFFICER, _at("programme_dashboard", "programme.pk")),
    "programme_publishing": (OFFICER, _at("programme_publishing", "programme.pk")),
    # The registry.
    "area_list": (OFFICER, _at("area_list")),
    "area_detail": (OFFICER, _at("area_detail", "group.area.code")),
    "producer_group_list": (OFFICER, _at("producer_group_list")),
    "producer_group_create": (OFFICER, _at("producer_group_create")),
    "producer_group_detail": (OFFICER, _at("producer_group_detail", "group.code")),
    "producer_group_edit": (Role.PRODUCER, _at("producer_group_edit", "group.code")),
    # Purchases, lots and batches.
    "purchase_list": (Role.PARTNER_OFFICER, _at("purchase_list")),
    "purchase_create": (Role.PARTNER_OFFICER, _at("purchase_create")),
    "purchase_detail": (Role.PRODUCER, _at("purchase_detail", "purchase.pk")),
    "group_account": (Role.PARTNER_OFFICER, _at("group_account", "group.code")),
    "payment_receipt": (Role.PRODUCER, _at("payment_receipt", "payment.pk")),
    "batch_list": (Role.PRODUCER, _at("batch_list")),
    "batch_create": (OFFICER, _at("batch_create")),
    "batch_detail": (OFFICER, _at("batch_detail", "batch.pk")),
    # Outlets and their stock: the shop's staff (the cashier) receive and count.
    "outlet_list": (Role.CASHIER, _at("outlet_list")),
    "outlet_create": (OFFICER, _at("outlet_create")),
    "outlet_detail": (Role.CASHIER, _at("outlet_detail", "outlet.code")),
    "outlet_edit": (OFFICER, _at("outlet_edit", "outlet.code")),
    "stock_count": (Role.CASHIER, _at("stock_count", "outlet.code")),
    "dispatch_create": (Role.PARTNER_OFFICER, _at("dispatch_create")),
    "dispatch_detail": (Role.CASHIER, _at("dispatch_detail", "dispatch.pk")),
    "product_list": (OFFICER, _at("product_list")),
    "product_create": (OFFICER, _at("product_create")),
    "product_detail": (OFFICER, _at("product_detail", "product.code")),
    "product_edit": (Role.PRODUCER, _at("product_edit", "product.code")),
    "registry_import": (OFFICER, _at("registry_import")),
    "registry_jobs": (OFFICER, _at("registry_jobs")),
    "registry_job": (OFFICER, _at("registry_job", "job.pk")),
    "stage_board": (OFFICER, _at("stage_board")),
    "product_stage_move": (OFFICER, _at("product_stage_move", "product.code")),
    "certification_create": (OFFICER, _at("certification_create", "product.code")),
    "certification_edit": (
        OFFICER,
        _at("certification_edit", "product.code", "certification.pk"),
    ),
    # Rating.
    "rubric_list": (OFFICER, _at("rubric_list")),
    "rubric_detail": (OFFICER, _at("rubric_detail", "rubric.pk")),
    "round_list": (OFFICER, _at("round_list")),
    "round_create": (OFFICER, _at("round_create")),
    "round_detail": (OFFICER, _at("round_detail", "round.pk")),
    # Fairs.
    "fair_list": (OFFICER, _at("fair_list")),
    "fair_create": (OFFICER, _at("fair_create")),
    "fair_detail": (OFFICER, _at("fair_detail", "fair.code")),
    "fair_edit": (OFFICER, _at("fair_edit", "fair.code")),
    "fair_booth_create": (OFFICER, _at("fair_booth_create", "fair.code")),
    "fair_booth_detail": (OFFICER, _at("fair_booth_detail", "fair.code", "booth.code")),
    "fair_booth_edit": (OFFICER, _at("fair_booth_edit", "fair.code", "booth.code")),
    "fair_exhibit_create": (OFFICER, _at("fair_exhibit_create", "fair.code", "booth.code")),
    "fair_exhibit_edit": (OFFICER, _at("fair_exhibit_edit", "fair.code", "exhibit.pk")),
    "fair_exhibit_restock": (OFFICER, _at("fair_exhibit_restock", "fair.code", "exhibit.pk")),
    "fair_sale_list": (OFFICER, _at("fair_sale_list", "fair.code")),
    "fair_sale_void": (OFFICER, _at("fair_sale_void", "fair.code", "sale.client_uuid")),
    "fair_lead_list": (OFFICER, _at("fair_lead_list", "fair.code")),
    "fair_lead_create": (OFFICER, _at("fair_lead_create", "fair.code")),
    "fair_lead_edit": (OFFICER, _at("fair_lead_edit", "fair.code", "lead.pk")),
    "fair_report": (OFFICER, _at("fair_report", "fair.code")),
    # The programme.
    "programme_list": (OFFICER, _at("programme_list")),
    "programme_create": (OFFICER, _at("programme_create")),
    "programme_detail": (OFFICER, _at("programme_detail", "programme.pk")),
    "programme_edit": (OFFICER, _at("programme_edit", "programme.pk")),
    "programme_plan": (OFFICER, _at("programme_plan", "programme.pk")),
    "activity_list": (OFFICER, _at("activity_list", "programme.pk")),
    "activity_create": (OFFICER, _at("activity_create", "programme.pk")),
    "programme_money": (OFFICER, _at("programme_money", "programme.pk")),
    "transaction_list": (OFFICER, _at("transaction_list", "programme.pk")),
    "transaction_create": (OFFICER, _at("transaction_create", "programme.pk")),
    "component_edit": (OFFICER, _at("component_edit", "activity.component.pk")),
    "activity_detail": (OFFICER, _at("activity_detail", "activity.pk")),
    "activity_edit": (OFFICER, _at("activity_edit", "activity.pk")),
    "transaction_edit": (OFFICER, _at("transaction_edit", "transaction.pk")),
    "exchange_rate_list": (OFFICER, _at("exchange_rate_list")),
    "exchange_rate_create": (OFFICER, _at("exchange_rate_create")),
    "programme_fieldwork": (OFFICER, _at("programme_fieldwork", "programme.pk")),
    "programme_missions": (OFFICER, _at("programme_missions", "programme.pk")),
    "mission_create": (OFFICER, _at("mission_create", "programme.pk")),
    "programme_deliveries": (OFFICER, _at("programme_deliveries", "programme.pk")),
    "delivery_create": (OFFICER, _at("delivery_create", "programme.pk")),
    "programme_promotion": (OFFICER, _at("programme_promotion", "programme.pk")),
    "promotion_item_create": (OFFICER, _at("promotion_item_create", "programme.pk")),
    "programme_business_plans": (OFFICER, _at("programme_business_plans", "programme.pk")),
    "programme_twinnings": (OFFICER, _at("programme_twinnings", "programme.pk")),
    "twinning_create": (OFFICER, _at("twinning_create", "programme.pk")),
    "person_list": (OFFICER, _at("person_list")),
    "person_create": (OFFICER, _at("person_create")),
    "person_edit": (OFFICER, _at("person_edit", "person.pk")),
    "activity_participants": (OFFICER, _at("activity_participants", "activity.pk")),
    "participant_create": (OFFICER, _at("participant_create", "activity.pk")),
    "participant_edit": (OFFICER, _at("participant_edit", "participant.pk")),
    "participant_remove": (OFFICER, _at("participant_remove", "participant.pk")),
    "mission_detail": (OFFICER, _at("mission_detail", "mission.pk")),
    "mission_edit": (OFFICER, _at("mission_edit", "mission.pk")),
    "delivery_edit": (OFFICER, _at("delivery_edit", "delivery.pk")),
    "delivery_visit": (OFFICER, _at("delivery_visit", "delivery.pk")),
    "promotion_item_edit": (OFFICER, _at("promotion_item_edit", "promotion_item.pk")),
    "product_business_plans": (Role.PRODUCER, _at("product_business_plans", "product.code")),
    "business_plan_create": (OFFICER, _at("business_plan_create", "product.code")),
    "twinning_detail": (OFFICER, _at("twinning_detail", "twinning.pk")),
    "twinning_edit": (OFFICER, _at("twinning_edit", "twinning.pk")),
    "twinning_visit_create": (OFFICER, _at("twinning_visit_create", "twinning.pk")),
    "twinning_visit_edit": (OFFICER, _at("twinning_visit_edit", "visit.pk")),
    # Results.
    "results_framework": (OFFICER, _at("results_framework", "programme.pk")),
    "result_create": (OFFICER, _at("result_create", "programme.pk")),
    "result_edit": (OFFICER, _at("result_edit", "programme.pk", "result.pk")),
    "indicator_create": (OFFICER, _at("indicator_create", "programme.pk", "result.pk")),
    "indicator_detail": (OFFICER, _at("indicator_detail", "programme.pk", "indicator.pk")),
    "indicator_edit": (OFFICER, _at("indicator_edit", "programme.pk", "indicator.pk")),
    "period_create": (OFFICER, _at("period_create", "programme.pk", "indicator.pk")),
    "period_edit": (OFFICER, _at("period_edit", "programme.pk", "period.pk")),
}

ACTION = "an action: POST only, its form is on the page that shows the record"
DOWNLOAD = "a file download, not a page"
SUGGESTIONS = "an htmx fragment of suggestions for a search box, not a page"

# Named URLs that are not pages to walk, and why.
NOT_WALKED: dict[str, str] = {
    "area_suggest": SUGGESTIONS,
    "catalog_suggest": SUGGESTIONS,
    "group_suggest": SUGGESTIONS,
    "activity_product_suggest": SUGGESTIONS,
    "fair_exhibit_products": SUGGESTIONS,
    "media_file": "an uploaded file (a photo), shown on the pages that walk it",
    "product_label": DOWNLOAD,
    "batch_label": DOWNLOAD,
    "payment_receipt_pdf": DOWNLOAD,
    "batch_recall": ACTION,
    "registry_export": ACTION,
    "registry_job_file": DOWNLOAD,
    "fair_report_xlsx": DOWNLOAD,
    "fair_report_pdf": DOWNLOAD,
    "programme_report_xlsx": DOWNLOAD,
    "programme_report_pdf": DOWNLOAD,
    "programme_iati": DOWNLOAD,
    "programme_iati_organisation": DOWNLOAD,
    "programme_iati_registry": DOWNLOAD,
    "token_create": ACTION,
    "token_revoke": ACTION,
    "registry_job_cancel": ACTION,
    "stage_board_advance": ACTION,
    "certification_delete": ACTION,
    "rubric_new_version": ACTION,
    "round_add_products": ACTION,
    "round_add_assessor": ACTION,
    "round_close": ACTION,
    "fair_sale_record": "the counter's JSON endpoint, walked through the counter's page",
    "fair_counter_manifest": "the counter's web-app manifest (JSON), read by the browser",
    "counter_service_worker": "the counter's service worker (a script), run by the browser",
    "password_reset_confirm": "needs the token an e-mail carries: the administrator's journey",
    "two_factor_code": "asked only between the password and the code (else it redirects): "
    "the administrator's journey answers it",
    "set_language": "Django's language switch: POST only, on every page",
    "logout": "logging out: POST only, on every staff page",
}
