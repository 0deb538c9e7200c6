"""IATI's data-quality rules: a small valid file passes every rule, and for each rule a file
that breaks it is caught, under the rule's IATI id."""

import datetime as dt
from collections.abc import Callable
from copy import deepcopy

import pytest
from django.utils import translation
from lxml import etree

from ogop.core.iati_rules import RULES, Severity
from ogop.reports.iati_quality import check_activities, check_organisations
from ogop.reports.iati_validation import validate, validate_organisations

TODAY = dt.date(2020, 6, 1)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

ACTIVITIES = b"""<?xml version="1.0" encoding="utf-8"?>
<iati-activities version="2.03" xmlns:xml="http://www.w3.org/XML/1998/namespace">
 <iati-activity xml:lang="en" default-currency="THB" hierarchy="1"
   last-updated-datetime="2019-01-01T00:00:00+00:00">
  <iati-identifier>XM-DAC-7-P1</iati-identifier>
  <reporting-org ref="XM-DAC-7" type="10"><narrative>Agency</narrative></reporting-org>
  <title><narrative>Programme</narrative></title>
  <description type="1"><narrative>What it does</narrative></description>
  <participating-org ref="XM-DAC-7" role="1" type="10">
   <narrative>Agency</narrative>
  </participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2018-01-01"/>
  <activity-date type="2" iso-date="2018-01-15"/>
  <activity-date type="3" iso-date="2021-12-31"/>
  <recipient-country code="BT"/>
  <sector vocabulary="1" code="31120" percentage="60"/>
  <sector vocabulary="1" code="32130" percentage="40"/>
  <default-aid-type code="D02"/>
  <budget type="1" status="1">
   <period-start iso-date="2018-01-01"/><period-end iso-date="2018-12-31"/>
   <value currency="THB" value-date="2018-01-01">100</value>
  </budget>
  <budget type="1" status="1">
   <period-start iso-date="2019-01-01"/><period-end iso-date="2019-12-31"/>
   <value currency="THB" value-date="2019-01-01">100</value>
  </budget>
  <transaction ref="1">
   <transaction-type code="3"/>
   <transaction-date iso-date="2018-02-01"/>
   <value currency="THB" value-date="2018-02-01">50</value>
   <provider-org ref="XM-DAC-7"><narrative>Agency</narrative></provider-org>
   <receiver-org ref="TH-TIN-1"><narrative>Receiver</narrative></receiver-org>
  </transaction>
  <related-activity ref="XM-DAC-7-P2" type="2"/>
  <result type="1" aggregation-status="1">
   <title><narrative>Output</narrative></title>
   <indicator measure="1" ascending="1">
    <title><narrative>People trained</narrative></title>
    <baseline year="2017" value="0"/>
    <period>
     <period-start iso-date="2018-01-01"/><period-end iso-date="2018-12-31"/>
     <target value="10"/><actual value="8"/>
    </period>
   </indicator>
  </result>
  <result type="2" aggregation-status="0">
   <title><narrative>Outcome</narrative></title>
   <indicator measure="5" ascending="1">
    <title><narrative>How groups see the training</narrative></title>
    <baseline year="2017"/>
    <period>
     <period-start iso-date="2018-01-01"/><period-end iso-date="2018-12-31"/>
     <target/><actual/>
    </period>
   </indicator>
  </result>
 </iati-activity>
</iati-activities>
"""

ORGANISATIONS = b"""<?xml version="1.0" encoding="utf-8"?>
<iati-organisations version="2.03" xmlns:xml="http://www.w3.org/XML/1998/namespace">
 <iati-organisation xml:lang="en" default-currency="THB"
   last-updated-datetime="2019-01-01T00:00:00+00:00">
  <organisation-identifier>XM-DAC-7</organisation-identifier>
  <name><narrative>Agency</narrative></name>
  <reporting-org ref="XM-DAC-7" type="10"><narrative>Agency</narrative></reporting-org>
  <total-budget status="1">
   <period-start iso-date="2018-01-01"/><period-end iso-date="2018-12-31"/>
   <value currency="THB" value-date="2018-01-01">100</value>
  </total-budget>
  <document-link format="application/xml" url="https://example.org/iati/a.xml">
   <title><narrative>Activity file</narrative></title>
   <category code="A12"/>
  </document-link>
 </iati-organisation>
</iati-organisations>
"""

Edit = Callable[[etree._Element], None]


def attr(path: str, name: str, value: str | None) -> Edit:
    """Set (or, with None, remove) an attribute of the elements at `path`."""

    def edit(root: etree._Element) -> None:
        for element in root.xpath(path):
            if value is None:
                element.attrib.pop(name, None)
            else:
                element.set(name, value)

    return edit


def text(path: str, value: str) -> Edit:
    def edit(root: etree._Element) -> None:
        for element in root.xpath(path):
            element.text = value

    return edit


def drop(path: str) -> Edit:
    def edit(root: etree._Element) -> None:
        for element in root.xpath(path):
            element.getparent().remove(element)

    return edit


def add(path: str, snippet: str, position: int | None = None) -> Edit:
    def edit(root: etree._Element) -> None:
        for element in root.xpath(path):
            new = etree.fromstring(snippet)
            if position is None:
                element.append(new)
            else:
                element.insert(position, new)

    return edit


def both(*edits: Edit) -> Edit:
    def edit(root: etree._Element) -> None:
        for one in edits:
            one(root)

    return edit


def second_transaction(root: etree._Element) -> None:
    [txn] = root.xpath("//transaction")
    txn.addnext(deepcopy(txn))


def duplicate_activity(root: etree._Element) -> None:
    [activity] = root.xpath("iati-activity")
    root.append(deepcopy(activity))


A = "iati-activity"
TXN = f"{A}/transaction"
QUALITATIVE = f"{A}/result[2]/indicator"
NUMERIC = f"{A}/result[1]/indicator"

ACTIVITY_CASES: dict[str, Edit] = {
    "1.1.2": duplicate_activity,
    "1.1.21": text(f"{A}/iati-identifier", "XM-DAC-8-P1"),
    "1.1.3": text(f"{A}/iati-identifier", "XM-DAC-7"),
    "1.3.1": text(f"{A}/iati-identifier", "XM-DAC-7-P1 "),
    "1.3.13": text(f"{A}/iati-identifier", "XM-DAC-7-P1/2"),
    "1.14.1": attr(f"{A}/reporting-org", "ref", " XM-DAC-7"),
    "1.14.13": attr(f"{A}/reporting-org", "ref", "XM-DAC-7?"),
    "1.14.8": attr(f"{A}/reporting-org", "ref", "TH-TICA"),
    "1.8.1": attr(f"{A}/participating-org", "ref", "XM-DAC-7 "),
    "1.8.13": attr(f"{A}/participating-org", "ref", "XM-DAC-7&8"),
    "1.8.8": attr(f"{A}/participating-org", "ref", "TH-TICA"),
    "1.10.1": attr(f"{TXN}/provider-org", "ref", "XM-DAC-7 "),
    "1.10.13": attr(f"{TXN}/provider-org", "ref", "XM-DAC-7|8"),
    "1.10.8": attr(f"{TXN}/provider-org", "ref", "TICA"),
    "1.15.1": attr(f"{TXN}/receiver-org", "ref", " TH-TIN-1"),
    "1.15.13": attr(f"{TXN}/receiver-org", "ref", "TH-TIN-1/2"),
    "1.15.8": attr(f"{TXN}/receiver-org", "ref", "TIN-1"),
    "1.7.1": attr(f"{A}/related-activity", "ref", "XM-DAC-7-P2 "),
    "1.7.13": attr(f"{A}/related-activity", "ref", "XM-DAC-7-P2?"),
    "1.7.2": attr(f"{A}/reporting-org", "ref", None),
    "6.3.1": attr(f"{A}/reporting-org", "type", None),
    "11.1.1": attr(A, "last-updated-datetime", "2999-01-01T00:00:00+00:00"),
    "11.1.2": attr(f"{A}/activity-date[@type='1']", "iso-date", "2022-01-01"),
    "11.1.3": add(A, '<activity-date type="4" iso-date="2018-01-02"/>', 9),
    "11.1.4": attr(f"{A}/activity-date[@type='2']", "iso-date", "2020-07-01"),
    "11.1.5": add(A, '<activity-date type="4" iso-date="2020-07-01"/>', 9),
    "11.2.1": attr(f"{TXN}/transaction-date", "iso-date", "2020-07-01"),
    "11.2.2": attr(f"{TXN}/value", "value-date", "2020-07-01"),
    "6.11.1": drop(f"{A}/activity-date[@type='1' or @type='2']"),
    "4.1.1": attr(A, XML_LANG, None),
    "4.3.1": text(f"{A}/title/narrative", " "),
    "4.4.1": text(f"{A}/description/narrative", ""),
    "6.10.1": both(attr(f"{A}/participating-org", "ref", None), drop(f"{A}/participating-org/*")),
    "6.9.1": both(attr(f"{TXN}/provider-org", "ref", None), drop(f"{TXN}/provider-org/*")),
    "6.9.2": both(attr(f"{TXN}/receiver-org", "ref", None), drop(f"{TXN}/receiver-org/*")),
    "6.2.2": drop(f"{A}/sector"),
    "6.6.2": add(TXN, '<sector code="31120"/>'),
    "6.7.2": both(
        drop(f"{A}/sector"), second_transaction, add(f"{TXN}[1]", '<sector code="31120"/>')
    ),
    "3.6.2": add(TXN, '<recipient-country code="BT"/>'),
    "3.7.1": drop(f"{A}/recipient-country"),
    "3.7.2": both(
        drop(f"{A}/recipient-country"),
        second_transaction,
        add(f"{TXN}[1]", '<recipient-country code="BT"/>'),
    ),
    "2.1.1": attr(f"{A}/sector[2]", "percentage", None),
    "2.1.2": attr(f"{A}/sector[1]", "percentage", "70"),
    "2.1.4": drop(f"{A}/sector[2]"),
    "12.3.1": both(
        attr(f"{A}/sector[1]", "percentage", "150"), attr(f"{A}/sector[2]", "percentage", "-50")
    ),
    "102.1.1": both(attr(f"{A}/sector", "vocabulary", "2"), attr(f"{A}/sector", "code", "311")),
    "107.1.1": both(
        attr(f"{A}/default-aid-type", "vocabulary", "2"), attr(f"{A}/default-aid-type", "code", "A")
    ),
    "7.5.2": attr(f"{A}/budget[1]/value", "value-date", None),
    "7.5.3": attr(f"{A}/budget[2]/period-end", "iso-date", "2020-12-31"),
    "8.6.3": attr(f"{A}/budget[1]/period-start", "iso-date", "2019-01-01"),
    "7.8.1": both(attr(A, "default-currency", None), attr(f"{TXN}/value", "currency", None)),
    "8.6.1": attr(f"{NUMERIC}/period/period-start", "iso-date", "2019-01-01"),
    "8.8.1": attr(f"{NUMERIC}/baseline", "value", None),
    "8.9.1": attr(f"{NUMERIC}/period/target", "value", None),
    "8.10.1": attr(f"{NUMERIC}/period/actual", "value", None),
    "8.8.3": attr(f"{QUALITATIVE}/baseline", "value", "1"),
    "8.9.3": attr(f"{QUALITATIVE}/period/target", "value", "1"),
    "8.10.3": attr(f"{QUALITATIVE}/period/actual", "value", "1"),
    "OGOP-1": attr(f"{A}/budget[2]/period-start", "iso-date", "2018-12-01"),
    "OGOP-2": attr(f"{A}/budget[1]/value", "value-date", "2019-02-01"),
    "OGOP-3": attr(f"{A}/activity-status", "code", "3"),
    "OGOP-4": attr(f"{A}/activity-date[@type='3']", "iso-date", "2019-12-31"),
    "OGOP-5": attr(f"{TXN}/transaction-date", "iso-date", "2018-01-10"),
    "OGOP-6": both(
        attr(f"{A}/activity-status", "code", "3"),
        add(A, '<activity-date type="4" iso-date="2018-01-31"/>', 9),
    ),
    "OGOP-7": attr(NUMERIC, "measure", "2"),
    "OGOP-8": drop(f"{A}/activity-date[@type='2']"),
}

ORG = "iati-organisation"
ORGANISATION_CASES: dict[str, Edit] = {
    "1.12.1": text(f"{ORG}/organisation-identifier", "XM-DAC-7 "),
    "1.12.13": text(f"{ORG}/organisation-identifier", "XM-DAC-7/1"),
    "1.12.8": text(f"{ORG}/organisation-identifier", "TH-TICA"),
    "1.18.1": attr(f"{ORG}/reporting-org", "ref", " XM-DAC-7"),
    "1.18.13": attr(f"{ORG}/reporting-org", "ref", "XM-DAC-7&"),
    "1.18.8": attr(f"{ORG}/reporting-org", "ref", "TICA"),
    "11.4.1": attr(ORG, "last-updated-datetime", "2999-01-01T00:00:00+00:00"),
    "4.5.1": attr(ORG, XML_LANG, None),
    "7.8.2": both(attr(ORG, "default-currency", None), attr(f"{ORG}//value", "currency", None)),
    "6.1.5": attr(f"{ORG}/document-link", "format", None),
}
# Rules the organisation file is checked against as well as the activities file.
ORGANISATION_ALSO = {
    "7.5.3": attr(f"{ORG}/total-budget/period-end", "iso-date", "2019-06-30"),
    "8.6.3": attr(f"{ORG}/total-budget/period-start", "iso-date", "2019-01-01"),
    "OGOP-2": attr(f"{ORG}/total-budget/value", "value-date", "2019-02-01"),
}


def broken(source: bytes, edit: Edit) -> bytes:
    root = etree.fromstring(source)
    edit(root)
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="utf-8")


def ids(findings: list) -> set[str]:
    return {finding.rule.id for finding in findings}


def test_the_small_files_are_valid_and_pass_every_rule():
    assert validate(ACTIVITIES) == []
    assert validate_organisations(ORGANISATIONS) == []
    assert check_activities(ACTIVITIES, today=TODAY) == []
    assert check_organisations(ORGANISATIONS, today=TODAY) == []


def test_every_rule_has_a_file_that_breaks_it():
    assert set(RULES) == set(ACTIVITY_CASES) | set(ORGANISATION_CASES)


@pytest.mark.parametrize("rule_id", sorted(ACTIVITY_CASES))
def test_activities_file_that_breaks_a_rule_is_caught(rule_id):
    findings = check_activities(broken(ACTIVITIES, ACTIVITY_CASES[rule_id]), today=TODAY)

    assert rule_id in ids(findings)
    [finding] = [f for f in findings if f.rule.id == rule_id][:1]
    assert finding.activity == "XM-DAC-7-P1" or rule_id in ("1.3.1", "1.3.13", "1.1.21", "1.1.3")
    assert f"(IATI rule {rule_id})" in finding.message


@pytest.mark.parametrize("rule_id", sorted(ORGANISATION_CASES | ORGANISATION_ALSO))
def test_organisations_file_that_breaks_a_rule_is_caught(rule_id):
    edit = (ORGANISATION_CASES | ORGANISATION_ALSO)[rule_id]

    findings = check_organisations(broken(ORGANISATIONS, edit), today=TODAY)

    assert rule_id in ids(findings)


def test_severities_are_those_of_the_validator():
    assert RULES["1.14.8"].severity == Severity.WARNING
    assert RULES["11.1.4"].severity == Severity.ERROR
    assert RULES["7.5.3"].severity == Severity.ERROR
    assert RULES["8.10.3"].severity == Severity.WARNING


def test_transaction_finding_carries_its_reference():
    findings = check_activities(broken(ACTIVITIES, ACTIVITY_CASES["OGOP-5"]), today=TODAY)

    [finding] = findings
    assert (finding.part, finding.ref) == ("transaction", "1")


def test_messages_are_in_the_readers_language():
    [finding] = check_activities(broken(ACTIVITIES, ACTIVITY_CASES["11.1.4"]), today=TODAY)[:1]

    with translation.override("th"):
        thai = finding.message
    with translation.override("en"):
        english = finding.message

    assert english.startswith("The actual start (1 July 2020) is in the future.")
    assert "2563" in thai  # the Buddhist Era
    assert thai != english
    assert "(IATI rule 11.1.4)" in english
