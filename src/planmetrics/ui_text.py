"""The dashboard's words in French and English (part of i18n: every text a person reads is here)."""

from __future__ import annotations

from typing import Any

UI: dict[str, dict[str, str]] = {
    "app.title": {"en": "planmetrics", "fr": "planmetrics"},
    "nav.overview": {"en": "Overview", "fr": "Vue d'ensemble"},
    "nav.jobs": {"en": "Jobs", "fr": "Emplois"},
    "nav.revenue": {"en": "Revenue", "fr": "Chiffre d'affaires"},
    "nav.benefits": {"en": "Benefits and orientations", "fr": "Retombées et orientations"},
    "nav.method": {"en": "Method", "fr": "Méthode"},
    "nav.upload": {"en": "Upload figures", "fr": "Téléverser des données"},
    "nav.history": {"en": "History", "fr": "Historique"},
    "nav.report": {"en": "Reports", "fr": "Rapports"},
    "ctl.language": {"en": "Language", "fr": "Langue"},
    "ctl.as_of": {"en": "As of", "fr": "En date de"},
    "ctl.plan": {"en": "Plan", "fr": "Plan"},
    "overview.title": {"en": "Where the plan stands", "fr": "Où en est le plan"},
    "overview.caption": {
        "en": "{plan} · baseline {y0}, target year {ty} · figures as of {as_of}",
        "fr": "{plan} · année de référence {y0}, année cible {ty} · données en date de {as_of}",
    },
    "card.latest": {"en": "Latest figure ({year})", "fr": "Dernière donnée ({year})"},
    "card.target": {"en": "Target", "fr": "Cible"},
    "card.progress": {"en": "{pct} of the target reached", "fr": "{pct} de la cible atteinte"},
    "card.progress_growth": {
        "en": "Observed growth {obs} a year: {pct} of the {goal} aimed for",
        "fr": "Croissance observée de {obs} par an : {pct} des {goal} visés",
    },
    "card.expected": {"en": "Expected by {year}: {value}", "fr": "Attendu en {year} : {value}"},
    "card.pace_jobs": {
        "en": "Required pace: {value} a year to {ty}",
        "fr": "Rythme requis : {value} par an d'ici {ty}",
    },
    "card.pace_rate": {
        "en": "Required growth: {value} a year to {ty}",
        "fr": "Croissance requise : {value} par an d'ici {ty}",
    },
    "card.projected": {
        "en": "Projected in {ty} at the observed pace: {value}",
        "fr": "Projection en {ty} au rythme observé : {value}",
    },
    "card.final": {
        "en": "Final verdict: {share} of the target reached",
        "fr": "Verdict final : {share} de la cible atteinte",
    },
    "card.no_data": {
        "en": "No figures yet for {what}. Upload {indicator} for region {region} for {y0} and a later year.",
        "fr": "Aucune donnée pour l’instant : {what}. Téléversez {indicator} pour la région {region} "
        "en {y0} et une année ultérieure.",
    },
    "card.baseline": {"en": "Baseline {y0}: {value}", "fr": "Référence {y0} : {value}"},
    "overview.checks": {"en": "Plan checks", "fr": "Vérifications du plan"},
    "overview.benefits": {"en": "Benefits: trends", "fr": "Retombées : tendances"},
    "overview.trend_caption": {
        "en": "Direction of the least-squares slope over the last three figures.",
        "fr": "Sens de la pente des moindres carrés sur les trois dernières données.",
    },
    "track.latest": {"en": "{value} in {year}", "fr": "{value} en {year}"},
    "track.none": {"en": "fewer than two figures", "fr": "moins de deux données"},
    "empty.no_db": {
        "en": "No database at {path}. Create it with `planmetrics init` (or `make run`).",
        "fr": "Aucune base de données à {path}. Créez-la avec `planmetrics init` (ou `make run`).",
    },
    "empty.no_figures": {
        "en": "The database holds no figures yet. Upload a file of yearly figures to see progress.",
        "fr": "La base ne contient encore aucune donnée. Téléversez un fichier de données annuelles "
        "pour voir les progrès.",
    },
    "db.error": {
        "en": "The database cannot be read: {error}",
        "fr": "La base de données est illisible : {error}",
    },
    "note.subtarget": {"en": "Part of “{parent}”.", "fr": "Fait partie de « {parent} »."},
}


def ui(key: str, lang: str, **values: Any) -> str:
    """The text for `key` in the reader's language, with its values filled in."""
    return UI[key]["fr" if lang == "fr" else "en"].format(**values)
