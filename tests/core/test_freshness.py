"""What each kept result reads is declared in one place (core.freshness), and is all it reads:
a result that read a model its names do not declare would be kept after that model changed.

Each kept result is computed on a small data set that gives every one of its queries
something to read; the tables in its SQL are mapped back to models, which must be among those
that the names it is kept under declare.
"""

import datetime as dt
import re
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ogop.core import freshness, versions
from ogop.core.freshness import CATALOG, FIGURES, PEOPLE, READS, SERVED
from ogop.places.models import Area
from ogop.products.models import Certification, CertificationKind, Stage
from ogop.programme.models import ActivityKind, ActivityStatus, ParticipantRole, Sex
from ogop.reports.dashboard import programme_dashboard
from ogop.results.computations import BATCHES, compute
from ogop.results.models import Computation
from tests.factories import ProducerGroupFactory, ProductFactory, area
from tests.fairs.factories import ExhibitFactory
from tests.filebuilders import GROUP_HEADER, PRODUCT_HEADER, csv_bytes, group_row, product_row
from tests.programme.factories import (
    ActivityFactory,
    ComponentBudgetFactory,
    ExchangeRateFactory,
    IndicatorFactory,
    ParticipantFactory,
    PeriodFactory,
    PersonFactory,
    ProgrammeFactory,
    component,
    transaction,
)
from tests.results.helpers import Counter, move, rate, registered_on
from tests.shipped import shipped_data_after_module, shipped_data_before_transactional_test
from tests.supply.helpers import bought, paid

_shipped_data = shipped_data_before_transactional_test
_shipped_data_after_module = shipped_data_after_module

Y2017 = (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
# The names a result is kept under, and the models it read.
Read = tuple[tuple[str, ...], set[str]]
QUOTED = re.compile(r'"([^"]+)"')


def tables() -> dict[str, str]:
    """Each table's model, by label (many-to-many relations' tables included)."""
    return {
        model._meta.db_table: model._meta.label
        for model in apps.get_models(include_auto_created=True)
    }


def models_read(queries: list[dict[str, Any]]) -> set[str]:
    """The models whose tables the queries name (both databases quote them)."""
    known = tables()
    return {
        known[name] for query in queries for name in QUOTED.findall(query["sql"]) if name in known
    }


def undeclared(names: tuple[str, ...], read: set[str]) -> set[str]:
    """What was read that none of the names declares (as core.freshness declares it now)."""
    return read - set().union(*(freshness.READS[name] for name in names))


class Computations:
    """Stands in for the cache of kept results (core.versions.kept): keeps nothing, so that
    every kept result is computed, and notes the models each computation read, with the names
    it is kept under (the first part of its key)."""

    def __init__(self, queries: CaptureQueriesContext) -> None:
        self.queries = queries
        self.started: list[tuple[tuple[str, ...], int]] = []
        self.read: list[Read] = []

    def get(self, key: str, default: Any = None) -> Any:
        # The names it is kept under, then those whose state its key holds ("~", `covered`):
        # it may read what either declares.
        kept_under, *covered = key.split(":", 1)[0].split("~")
        names = (*kept_under.split("+"), *covered)
        self.started.append((names, len(self.queries.captured_queries)))
        return default

    def set(self, key: str, value: Any, *args: Any, **kwargs: Any) -> None:
        names, start = self.started.pop()
        self.read.append((names, models_read(self.queries.captured_queries[start:])))

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        """The parts of a result kept apart (core.versions.kept_parts): all under one name."""
        self.get(keys[0])
        return {}

    def set_many(self, found: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        self.set(next(iter(found)), found)

    def undeclared(self) -> list[Read]:
        found = [(names, undeclared(names, read)) for names, read in self.read]
        return [(names, missing) for names, missing in found if missing]


@pytest.fixture
def computations(monkeypatch: pytest.MonkeyPatch) -> Iterator[Computations]:
    """Every kept result computed afresh, and what each read."""
    with CaptureQueriesContext(connection) as queries:
        watched = Computations(queries)
        monkeypatch.setattr(versions, "cache", watched)
        # The test's own writes wait for a commit that never comes: read as if committed.
        monkeypatch.setattr(versions, "pending", lambda name: False)
        yield watched


@pytest.fixture
def world(db: None) -> Any:
    """A programme whose every computation has something to count: a Bumthang group served
    directly and through its product, rated, moved to market-ready, sold in two currencies,
    with a trainee, a budget and a disbursement, goods bought in each unit and paid for, and
    an indicator of each computation."""
    programme = ProgrammeFactory(currency="THB")
    group = ProducerGroupFactory(area=area("BT-33-03"))
    honey = ProductFactory(code="HONEY", producer_group=group, stage=Stage.MARKET_READY)
    registered_on(honey, dt.date(2016, 1, 5))
    rate(honey, dt.date(2017, 5, 1), 3)
    move(honey, dt.date(2017, 6, 1), Stage.PROTOTYPE, Stage.MARKET_READY)
    Certification.objects.create(product=honey, kind=CertificationKind.ORGANIC)
    served = ActivityFactory(component=component(programme), kind=ActivityKind.PROMOTION)
    served.producer_groups.add(group)
    served.products.add(honey)
    training = ActivityFactory(component=component(programme))
    ParticipantFactory(
        activity=training,
        person=PersonFactory(sex=Sex.FEMALE, producer_group=group),
        role=ParticipantRole.TRAINEE,
    )
    Counter("THB").sell(honey, dt.datetime(2017, 3, 10, 11), "300.00")
    Counter("BTN").sell(honey, dt.datetime(2017, 8, 1, 11), "1000.00")
    ExchangeRateFactory(currency="BTN", quote="THB", valid_from=dt.date(2017, 1, 1), rate=1)
    paid(group, dt.date(2017, 9, 1), "500.00")  # bought 1 litre, and paid
    bought(group, dt.date(2017, 9, 1), "20", unit="kg")
    bought(group, dt.date(2017, 9, 1), "12", unit="piece")
    ComponentBudgetFactory(component=component(programme))
    transaction(programme, "5000.00")
    for computation in BATCHES:
        PeriodFactory(
            indicator=IndicatorFactory(result__programme=programme, computation=computation)
        )
    fair = ExhibitFactory(product=honey).booth.fair
    return programme, honey, fair


def test_each_computed_indicator_reads_only_what_its_names_declare(world, computations):
    """Every computation of the results' registry (BATCHES): a kept one reads no model that
    the names it is kept under do not declare."""
    programme, _honey, _fair = world
    for computation in BATCHES:
        value = compute(programme, computation, [Y2017])[0]
        assert value.total, (computation, value)  # something was counted
    assert computations.read  # the kept ones were computed here
    assert computations.undeclared() == []


def test_each_figure_of_the_dashboard_reads_only_what_its_names_declare(world, computations):
    programme, _honey, _fair = world
    dashboard = programme_dashboard(programme)
    assert dashboard.people.women == 1
    assert {row.code: row.count for row in dashboard.by_stage if row.count} == {
        Stage.MARKET_READY: 1
    }
    assert len(computations.read) > len(BATCHES)
    assert computations.undeclared() == []


def test_a_figure_that_reads_an_undeclared_model_is_found(world, computations, monkeypatch):
    """The checks above see a forgotten model: here, the ratings, left out of the figures."""
    programme, _honey, _fair = world
    figures = READS[FIGURES] - {"rating.ProductRating"}
    monkeypatch.setattr(freshness, "READS", {**READS, FIGURES: figures})
    compute(programme, Computation.PRODUCTS_THREE_STARS, [Y2017])
    assert [missing for _names, missing in computations.undeclared()] == [{"rating.ProductRating"}]


# The pages of the public catalog ------------------------------------------------------------


def kept_pages() -> list[str]:
    """The names of the URLs whose pages the catalog keeps (`cached_page`)."""
    found = []

    def walk(patterns: list[Any]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "kept_parameters"):
                found.append(pattern.name)

    walk(get_resolver().url_patterns)
    return sorted(found)


def samples(honey: Any, fair: Any) -> dict[str, dict[str, str]]:
    """The arguments of a page of each kind, by URL name: a page the catalog keeps that has
    none here fails the test below until it is given one."""
    return {
        "catalog_home": {},
        "catalog_browse": {},
        "catalog_area": {"code": "BT-33"},
        "catalog_product": {"code": honey.code},
        "catalog_group": {"code": honey.producer_group.code},
        "catalog_fair": {"code": fair.code},
    }


def test_each_kept_page_of_the_catalog_reads_only_what_the_catalog_declares(
    world, client, settings
):
    _programme, honey, fair = world
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    pages = samples(honey, fair)
    assert kept_pages() == sorted(pages)
    found = {}
    for name, kwargs in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
        found[name] = undeclared((CATALOG,), models_read(queries.captured_queries))
    assert {name: missing for name, missing in found.items() if missing} == {}


def test_every_declared_model_exists():
    for read in READS.values():
        for label in read:
            assert apps.get_model(label)


# Writes that no signal follows ------------------------------------------------------------


@pytest.fixture
def renewed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names whose versions are renewed (their renewals are noted, not waited for)."""
    names: list[str] = []
    monkeypatch.setattr(freshness, "changed", names.append)
    return names


def test_a_stage_changed_renews_the_catalog_that_orders_by_it(db, renewed):
    stage = Stage.objects.get(code=Stage.MARKET_READY)
    stage.position += 100
    stage.save()
    assert {CATALOG, FIGURES} <= set(renewed)


def test_a_trainee_recorded_retires_the_people_trained_and_keeps_every_other_figure(db, renewed):
    """Recording trainees is the commonest write in the field: the figures over the registry
    and the sales, which do not read people, stay kept."""
    training = ActivityFactory(component=component(ProgrammeFactory()))
    person = PersonFactory()
    renewed.clear()
    ParticipantFactory(activity=training, person=person, role=ParticipantRole.TRAINEE)
    assert set(renewed) == {PEOPLE}


def test_an_activity_changed_renews_whom_the_programme_serves_not_the_figures(db, renewed):
    """An activity's status or its groups may change whom the programme serves: the digest of
    the groups served is renewed, and the figures over the registry, keyed by that digest,
    are counted again only if it changed (tests/results/test_kept_figures.py)."""
    training = ActivityFactory(component=component(ProgrammeFactory()))
    renewed.clear()
    training.status = ActivityStatus.CANCELLED
    training.save()
    assert set(renewed) == {SERVED, PEOPLE}


def test_the_search_rebuild_renews_every_name(db, renewed):
    ProductFactory()
    renewed.clear()
    call_command("search", "rebuild", stdout=StringIO(), stderr=StringIO())
    assert set(renewed) == set(READS)


def test_loading_the_areas_renews_every_name_that_reads_them(db, renewed):
    Area.objects.filter(code="BT-33-03").update(name_en="Changed by hand")
    call_command("load_areas", stdout=StringIO())
    assert set(renewed) == set(freshness.readers("places.Area")) == {CATALOG, FIGURES, PEOPLE}


def test_an_import_renews_every_name_that_reads_what_it_wrote(db, renewed, tmp_path):
    groups = tmp_path / "groups.csv"
    groups.write_bytes(csv_bytes(GROUP_HEADER, [group_row("PG-A")]))
    products = tmp_path / "products.csv"
    products.write_bytes(csv_bytes(PRODUCT_HEADER, [product_row("P-A", "PG-A")]))
    call_command("import", "producers", str(groups), "--no-progress", stdout=StringIO())
    assert {CATALOG, FIGURES, PEOPLE} <= set(renewed)
    renewed.clear()
    call_command("import", "products", str(products), "--no-progress", stdout=StringIO())
    assert {CATALOG, FIGURES} <= set(renewed)


def test_the_demo_renews_every_name(db, renewed):
    call_command("demo", stdout=StringIO())
    assert set(renewed) == set(READS)


@pytest.mark.django_db(transaction=True)
def test_a_restore_renews_every_name(renewed, tmp_path):
    ProductFactory()
    archive = tmp_path / "ogop.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    renewed.clear()
    call_command("restore", str(archive), "--yes", stdout=StringIO())
    assert set(renewed) == set(READS)
