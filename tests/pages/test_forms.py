"""The forms a person fills in on a French page: choices named by their labels, stored as the plan's ids."""

from __future__ import annotations

from pathlib import Path

from planmetrics.store import Store
from planmetrics.words import say
from tests.pages.conftest import PageRunner, texts


def test_correction_form_offers_sectors_by_label(run_page: PageRunner, app_db: Path) -> None:
    at = run_page("upload", lang="fr")
    sector = next(s for s in at.selectbox if s.label == say("col.sector", "fr"))
    assert sector.options[:2] == ["tous les secteurs", "Services financiers"]
    network = next(t for t in at.text_input if t.label == say("col.network", "fr"))
    assert network.placeholder == "tous les réseaux"
    region = next(s for s in at.selectbox if s.label == say("col.region", "fr"))
    assert region.options[0] == "Ensemble du Québec"

    next(n for n in at.number_input if n.label == say("col.year", "fr")).set_value(2018)
    sector.set_value("agri_food")
    next(t for t in at.text_input if t.label == say("col.new", "fr")).input("24 500")
    next(t for t in at.text_input if t.label == say("correct.reason", "fr")).input("Erreur de saisie")
    next(b for b in at.button if b.label == say("correct.save", "fr")).click().run()

    assert "Correction enregistrée comme lot 2." in texts(at)
    figures = Store(app_db).current_figures(indicators=["jobs"])
    corrected = figures[(figures["year"] == 2018) & (figures["sector"] == "agri_food")]
    assert corrected["value"].tolist() == [24_500.0]  # was 24,300 (data/figures/cqcm-public.csv)
    assert Store(app_db).history()[0]["kind"] == "correction"
