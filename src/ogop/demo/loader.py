"""The demo: the programme and fair of the source document, with illustrative groups and products.

Facts (from the source document): TICA supports Bhutan's OGOP in a three-year plan, 2016–2018,
of seven main activities, serving SDG 17; 35 Bhutanese products went to OTOP CITY 2017,
17–25 December 2017, at IMPACT Muang Thong Thani. Everything else — the producer groups,
products, figures and users — is illustrative and marked so.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from ogop.accounts.models import Organisation, OrganisationKind, Role, User
from ogop.core.freshness import renew_all
from ogop.demo import fairs as demo_fairs
from ogop.demo import outlets as demo_outlets
from ogop.demo import programme as demo_programme
from ogop.demo import rating as demo_rating
from ogop.demo import supply as demo_supply
from ogop.demo.tables import data
from ogop.fairs.models import Fair
from ogop.producers.models import ProducerGroup
from ogop.producers.services import producer_groups_import
from ogop.products.models import Product
from ogop.products.services import products_import
from ogop.programme.models import (
    ActivityStatus,
    Component,
    OrganisationRole,
    Participation,
    Programme,
)

PROGRAMME_ID = "XI-IATI-TICA-BT-OGOP-2016"
DEMO_PASSWORD = "ogop-demo"

COMPONENTS = [
    (
        "Training, study visits and workshops in Bhutan and Thailand",
        "การฝึกอบรมดูงานและการประชุมปฏิบัติการในภูฏานและไทย",
    ),
    ("Thai experts", "การจัดส่งผู้เชี่ยวชาญไทย"),
    ("Thai volunteers", "การส่งอาสาสมัครไทย"),
    ("Materials and equipment", "วัสดุและอุปกรณ์"),
    ("Public-relations media and promotion of OGOP", "การจัดทำสื่อประชาสัมพันธ์และการส่งเสริม OGOP"),
    ("Marketing and business plans", "การตลาดและแผนธุรกิจ"),
    ("Monitoring and evaluation", "การติดตามและประเมินผล"),
]

# username, role, first name, organisation key, groups represented
USERS = [
    ("admin", Role.ADMIN, "Administrator", "tica", []),
    ("officer", Role.PROGRAMME_OFFICER, "Programme officer", "tica", []),
    ("partner", Role.PARTNER_OFFICER, "Partner officer", "moaf", []),
    ("producer", Role.PRODUCER, "Tang honey producer", None, ["PG-TANG-HONEY"]),
    ("expert", Role.EXPERT, "Thai expert", "tica", []),
    ("assessor", Role.ASSESSOR, "Assessor", "moaf", []),
    ("cashier", Role.CASHIER, "Fair cashier", None, []),
]


def _organisations() -> dict[str, Organisation]:
    specs = {
        "tica": dict(
            name_en="Thailand International Cooperation Agency",
            name_th="กรมความร่วมมือระหว่างประเทศ",
            short_name_en="TICA",
            kind=OrganisationKind.DONOR,
            country="TH",
            # Illustrative: see docs/iati.md, "The demo's reporting organisation".
            iati_identifier="XI-IATI-TICA",
        ),
        "mfa": dict(
            name_en="Ministry of Foreign Affairs of Thailand",
            name_th="กระทรวงการต่างประเทศ",
            short_name_en="MFA Thailand",
            kind=OrganisationKind.GOVERNMENT,
            country="TH",
        ),
        "moaf": dict(
            name_en="Ministry of Agriculture and Forests, Bhutan",
            short_name_en="MoAF Bhutan",
            kind=OrganisationKind.GOVERNMENT,
            country="BT",
        ),
        "universities": dict(
            name_en="Thai partner universities (illustrative)",
            name_th="สถาบันการศึกษาของไทย (ตัวอย่าง)",
            short_name_en="Thai universities",
            kind=OrganisationKind.UNIVERSITY,
            country="TH",
        ),
    }
    found = {}
    for key, spec in specs.items():
        found[key], _created = Organisation.objects.update_or_create(
            name_en=spec["name_en"], defaults=spec
        )
    return found


def _programme(orgs: dict[str, Organisation]) -> Programme:
    programme, _created = Programme.objects.update_or_create(
        identifier=PROGRAMME_ID,
        defaults=dict(
            title_en="Agricultural promotion for Bhutan's One Gewog One Product (OGOP)",
            title_th="โครงการส่งเสริมด้านการเกษตรโดยเน้นการพัฒนาผลิตภัณฑ์ One Gewog One Product (OGOP) "
            "ของราชอาณาจักรภูฏาน",
            description_en="Thailand, through TICA, helps Bhutanese farmers develop products "
            "under Bhutan's One Gewog One Product programme: a three-year plan of seven main "
            "activities, serving SDG 17 (Partnerships for the Goals).",
            description_th="กระทรวงการต่างประเทศไทยโดยกรมความร่วมมือระหว่างประเทศ "
            "สนับสนุนให้เกษตรกรภูฏานพัฒนาผลิตภัณฑ์ภายใต้โครงการ OGOP แผนงานระยะ ๓ ปี ๗ กิจกรรมหลัก",
            reporting_organisation=orgs["tica"],
            recipient_country="BT",
            status=ActivityStatus.FINALISATION,
            start_planned=dt.date(2016, 1, 1),
            end_planned=dt.date(2018, 12, 31),
            start_actual=dt.date(2016, 1, 1),
            # The three-year plan ends with 2018; its reporting is being finalised.
            end_actual=dt.date(2018, 12, 31),
            currency="THB",
            sdg_goals="17",
            # The source names goal 17 and capacity building for self-reliance: target 17.9 is
            # read into it, and the programme says so.
            sdg_targets="17.9",
            sdg_targets_inferred=True,
            # Its budget, spending and results are made up: the source gives no figures.
            is_illustrative=True,
        ),
    )
    for role, key in [
        (OrganisationRole.FUNDING, "tica"),
        (OrganisationRole.ACCOUNTABLE, "mfa"),
        (OrganisationRole.EXTENDING, "tica"),
        (OrganisationRole.IMPLEMENTING, "moaf"),
        (OrganisationRole.IMPLEMENTING, "universities"),
    ]:
        Participation.objects.get_or_create(programme=programme, organisation=orgs[key], role=role)
    for position, (title_en, title_th) in enumerate(COMPONENTS, start=1):
        Component.objects.update_or_create(
            programme=programme,
            position=position,
            defaults={"title": title_en, "title_en": title_en, "title_th": title_th},
        )
    return programme


def _fair() -> Fair:
    fair, _created = Fair.objects.update_or_create(
        code="OTOP-CITY-2017",
        defaults=dict(
            name_en="OTOP CITY 2017",
            name_th="OTOP CITY 2017",
            theme_en="Gifts from wisdom, the precious heritage of Thai people",
            theme_th="ของขวัญจากภูมิปัญญา มรดกล้ำค่าของคนไทย",
            venue_en="IMPACT Exhibition and Convention Center, Muang Thong Thani",
            venue_th="ศูนย์การแสดงสินค้าและการประชุมอิมแพ็ค เมืองทองธานี",
            city_en="Nonthaburi",
            city_th="นนทบุรี",
            country="TH",
            starts_on=dt.date(2017, 12, 17),
            ends_on=dt.date(2017, 12, 25),
            currency="THB",
        ),
    )
    return fair


def _users(orgs: dict[str, Organisation]) -> dict[str, User]:
    users = {}
    for username, role, first_name, org_key, _groups in USERS:
        user, created = User.objects.get_or_create(username=username)
        user.role = role
        user.first_name = first_name
        user.organisation = orgs.get(org_key) if org_key else None
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        users[username] = user
    return users


def _representatives(users: dict[str, User]) -> None:
    for username, _role, _name, _org, groups in USERS:
        for group in ProducerGroup.objects.filter(code__in=groups):
            group.representatives.add(users[username])


def _mark_illustrative(model: Any, codes: Any, user: User) -> None:
    """Mark the demo's records made up, in their history too: a later edit then lists only
    what it changed, not the mark as well."""
    unmarked = list(model.objects.filter(code__in=codes, is_illustrative=False))
    for record in unmarked:
        record.is_illustrative = True
    bulk_update_with_history(unmarked, model, ["is_illustrative"], default_user=user)


@transaction.atomic
def load_demo() -> dict[str, Any]:
    """Create or bring up to date every demo record; safe to run again."""
    orgs = _organisations()
    programme = _programme(orgs)
    fair = _fair()
    users = _users(orgs)
    groups = producer_groups_import(data=data("producer_groups.csv"), user=users["admin"])
    products = products_import(data=data("products.csv"), user=users["admin"])
    _mark_illustrative(ProducerGroup, groups.codes, users["admin"])
    _mark_illustrative(Product, products.codes, users["admin"])
    _representatives(users)
    rating = demo_rating.load(users)
    demo_fairs.load(users)
    demo_supply.load(users)
    demo_outlets.load(users)
    plan = demo_programme.load(programme=programme, orgs=orgs, users=users)
    renew_all()  # parts are written in bulk, which no signal follows
    return {
        "programme": programme,
        "fair": fair,
        "groups": len(groups.codes),
        "products": len(products.codes),
        "users": sorted(users),
        "rounds": rating.get("rounds", 0),
        **plan,
    }
