"""Demo rating data: two closed assessment rounds (2017 and 2018) and each demo product's
development history, 2016–2018. Every score, date and move here is illustrative."""

import datetime as dt
import zlib
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from ogop.accounts.models import Role
from ogop.products.models import Product, Stage, StageChange
from ogop.products.shipped import install_stages
from ogop.rating import shipped
from ogop.rating.models import (
    AssessmentRound,
    Criterion,
    Rubric,
    RubricPart,
    StarThreshold,
)
from ogop.rating.services import assessment_submit, round_close, round_create, scores_save

if TYPE_CHECKING:
    from ogop.accounts.models import User

RUBRIC = "otop-opc"
ROUNDS = [
    ("OGOP product rating 2017 (illustrative)", dt.date(2017, 11, 20)),
    ("OGOP product rating 2018 (illustrative)", dt.date(2018, 11, 20)),
]
# Products from this stage on (packaging and branding, position 30) go before a panel.
PANEL_FROM_POSITION = 30
EXTRA_ASSESSORS = [("assessor2", "Second assessor"), ("assessor3", "Third assessor")]
# Share of the maximum points a product earns by its stage in 2017; 2018 adds its progress.
BASE_SHARE = {
    "idea": Decimal("0.35"),
    "prototype": Decimal("0.45"),
    "packaging": Decimal("0.58"),
    "certified": Decimal("0.68"),
    "market_ready": Decimal("0.76"),
    "exported": Decimal("0.86"),
}
# Each assessor is a little stricter or kinder than the others.
ASSESSOR_OFFSET = [Decimal("-0.03"), Decimal("0"), Decimal("0.02")]
HELPERS = [
    "Training on product development, Thimphu (illustrative)",
    "Thai expert mission on packaging design (illustrative)",
    "Delivery of a vacuum sealer and labels (illustrative)",
    "Study visit to OTOP producers in Thailand (illustrative)",
]


def _jitter(code: str, salt: str) -> int:
    """A stable number 0–99 for a product, so that the demo is the same on every run."""
    return zlib.crc32(f"{code}:{salt}".encode()) % 100


def _assessors(users: dict[str, "User"]) -> list["User"]:
    from ogop.accounts.models import User
    from ogop.demo.loader import DEMO_PASSWORD

    assessors = [users["assessor"]]
    for username, first_name in EXTRA_ASSESSORS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"role": Role.ASSESSOR, "first_name": first_name}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        assessors.append(user)
    return assessors


# Every demo product went to OTOP CITY 2017 (the source document's 35 products), so each was
# ready for it: its steps up to market-ready, or up to its stage today if that comes earlier,
# were taken before the fair; later steps (export) come after it.
READY_BY = dt.date(2017, 11, 15)  # before the 2017 rating round, too
AFTER_FAIR = dt.date(2017, 12, 26)
LAST_MOVE = dt.date(2018, 10, 31)
READY = "market_ready"


def _move_days(start: dt.date, path: list[str]) -> list[dt.date]:
    """The day of each step of a path of stage codes: spread evenly from `start` to the eve
    of the fair up to market-ready (or the path's end), and from after the fair to the end of
    2018 beyond it."""
    ready = path.index(READY) if READY in path else len(path) - 1
    before = [
        start + dt.timedelta(days=(READY_BY - start).days * index // max(ready, 1))
        for index in range(ready + 1)
    ]
    later = len(path) - 1 - ready
    after = [
        AFTER_FAIR + dt.timedelta(days=(LAST_MOVE - AFTER_FAIR).days * (index + 1) // later)
        for index in range(later)
    ]
    return before + after


def _stage_histories(products: list[Product], officer: "User") -> int:
    """Each demo product's path from idea to its stage, 2016–2018, unless it has one already."""
    stages = list(Stage.objects.order_by("position"))
    dated = set(
        StageChange.objects.filter(
            product__in=products, moved_on__lt=dt.date(2019, 1, 1)
        ).values_list("product_id", flat=True)
    )
    changes = []
    for product in products:
        if product.pk in dated:
            continue
        path = [s for s in stages if s.position <= product.stage.position]
        # The import recorded the product's entry today; the demo tells its story instead.
        StageChange.objects.filter(product=product).delete()
        start = dt.date(2016, 3, 1) + dt.timedelta(days=_jitter(product.code, "start"))
        days = _move_days(start, [stage.code for stage in path])
        previous = None
        for index, stage in enumerate(path):
            changes.append(
                StageChange(
                    product=product,
                    from_stage=previous,
                    to_stage=stage,
                    moved_on=days[index],
                    moved_by=officer,
                    helped_by=HELPERS[(index + _jitter(product.code, "help")) % len(HELPERS)]
                    if index
                    else "",
                    note="Illustrative demo history." if index == 0 else "",
                )
            )
            previous = stage
    StageChange.objects.bulk_create(changes)
    return len(changes)


def _points(criterion: Criterion, share: Decimal) -> Decimal:
    share = min(max(share, Decimal(0)), Decimal(1))
    # Whole or half points, as a panel would give them.
    return (criterion.max_points * share * 2).quantize(Decimal(1), ROUND_HALF_UP) / 2


def _share(product: Product, year: int) -> Decimal:
    share = (
        BASE_SHARE.get(str(product.stage_id), Decimal("0.5"))
        + Decimal(_jitter(product.code, "base") % 7) / 100
    )
    if year == 2017:
        return share - Decimal("0.06")  # a year less far along
    if _jitter(product.code, "gain") % 2:
        return share + Decimal("0.06")  # progress in 2018: some gain a star
    return share


def _round(
    name: str,
    date: dt.date,
    rubric: Rubric,
    officer: "User",
    assessors: list["User"],
    products: list[Product],
) -> AssessmentRound | None:
    """Create, score and close the round; nothing when it exists already."""
    if AssessmentRound.objects.filter(name=name).exists():
        return None
    assessment_round = round_create(
        name=name,
        date=date,
        rubric=rubric,
        user=officer,
        assessors=assessors,
        products=products,
        is_illustrative=True,
    )
    criteria = list(Criterion.objects.filter(part__rubric=rubric))
    for product in products:
        share = _share(product, date.year)
        for assessor, offset in zip(assessors, ASSESSOR_OFFSET, strict=False):
            points = {c.pk: _points(c, share + offset) for c in criteria}
            scores_save(
                assessment_round=assessment_round, assessor=assessor, product=product, points=points
            )
            assessment_submit(assessment_round=assessment_round, assessor=assessor, product=product)
    round_close(assessment_round=assessment_round, user=officer)
    return assessment_round


@transaction.atomic
def load(users: dict[str, "User"]) -> dict[str, int]:
    """Create or complete the demo's rating data; safe to run again."""
    install_stages(Stage)
    shipped.install(Rubric, RubricPart, Criterion, StarThreshold)
    rubric = Rubric.objects.get(code=RUBRIC, is_active=True)
    officer = users.get("partner") or users["admin"]
    assessors = _assessors(users)
    products = list(
        Product.objects.filter(is_illustrative=True).select_related("stage").order_by("code")
    )
    stage_changes = _stage_histories(products, officer)
    advanced = [p for p in products if p.stage.position >= PANEL_FROM_POSITION]
    made = 0
    (name_2017, date_2017), (name_2018, date_2018) = ROUNDS
    # 2017: the products already packaged then; 2018: every product packaged by now.
    early = [p for p in advanced if _jitter(p.code, "early") < 70]
    made += bool(_round(name_2017, date_2017, rubric, officer, assessors, early))
    made += bool(_round(name_2018, date_2018, rubric, officer, assessors, advanced))
    return {
        "rounds": made,
        "rated_products": len({p.pk for p in advanced}),
        "stage_changes": stage_changes,
        "assessors": len(assessors),
    }
