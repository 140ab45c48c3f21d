"""A region, sector or network as a person reads it: one function, `Plan.label_of` (issue 13, item 4)."""

from __future__ import annotations

import pytest

from planmetrics import upload_templates
from planmetrics.plan import Plan, load_plans


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plans()[0]


@pytest.mark.parametrize(
    ("dimension", "value", "lang", "label"),
    [
        ("region", "Québec", "fr", "Ensemble du Québec"),
        ("region", "Québec", "en", "All of Quebec"),
        ("region", "Montréal", "fr", "Montréal"),
        ("sector", "all", "fr", "tous les secteurs"),
        ("sector", "all", "en", "all sectors"),
        ("sector", "financial_services", "fr", "Services financiers"),
        ("network", "all", "fr", "tous les réseaux"),
        ("network", "all", "en", "all networks"),
        ("network", "Desjardins", "fr", "Desjardins"),
        ("region", "Atlantide", "fr", "Atlantide"),
    ],
)
def test_label_of(plan: Plan, dimension: str, value: str, lang: str, label: str) -> None:
    assert plan.label_of(dimension, value, lang) == label


def test_template_names_the_total_region_by_its_label(plan: Plan) -> None:
    assert set(upload_templates.template_frame(plan, "fr")["région"]) == {"Ensemble du Québec"}
