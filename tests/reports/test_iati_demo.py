"""The demo's IATI files pass every implemented data-quality rule with no error, and name its
reporting organisation by an identifier IATI accepts."""

import pytest

from ogop.demo.loader import PROGRAMME_ID
from ogop.programme.models import Programme
from ogop.reports.iati_publishing import registry_datasets
from tests.demo_once import demo  # noqa: F401  # the demo, loaded once for the module


@pytest.fixture
def datasets(demo, db):  # noqa: F811
    """The demo's activity and organisation files, written and checked as for the Registry."""
    return registry_datasets(Programme.objects.all(), base_url="https://example.org/iati/")


def test_demo_files_pass_every_rule_with_no_error(datasets):
    for dataset in datasets:
        assert dataset.checked.problems == [], dataset.name
        assert dataset.checked.invalid == [], dataset.name
        assert [finding.message for finding in dataset.checked.errors] == [], dataset.name


def test_demo_reporting_organisation_has_an_identifier_iati_accepts(datasets):
    programme = Programme.objects.get(identifier=PROGRAMME_ID)
    assert programme.reporting_organisation.iati_identifier == "XI-IATI-TICA"
    prefix_rules = {"1.8.8", "1.10.8", "1.12.8", "1.14.8", "1.15.8", "1.18.8", "1.1.21"}
    for dataset in datasets:
        found = [f.message for f in dataset.checked.findings if f.rule.id in prefix_rules]
        assert found == [], dataset.name
