"""The words printed on charts (titles, legends, axes, hover labels, footers), in English and French.

Part of i18n: numbers inside these sentences are formatted by `i18n` before they are filled in. Kept apart
from `i18n.py` and `ui_text.py` so that the charts' words live beside the charts. Imports nothing of ours.
"""

from __future__ import annotations

from typing import Any

CHART_TEXT: dict[str, dict[str, str]] = {
    # ---- titles: a title states the finding
    "title.gain": {
        "en": "{label}: {status}, {latest} in {year} ({gain} of {goal})",
        "fr": "{label} : {status}, {latest} en {year} ({gain} sur {goal})",
    },
    "title.status": {"en": "{label}: {status}, {latest} in {year}", "fr": "{label} : {status}, {latest} en {year}"},
    "title.no_data": {"en": "{label}: no figures yet", "fr": "{label} : aucune donnée pour l'instant"},
    "title.revenue": {
        "en": "{label}: {latest} in {year} · {growth} a year growth: {growth_status} · {level} level: {level_status}",
        "fr": "{label} : {latest} en {year} · croissance de {growth} par an : {growth_status} · "
        "niveau de {level} : {level_status}",
    },
    "title.breakdown": {"en": "{indicator} by {dimension}, {year}", "fr": "{indicator} par {dimension}, {year}"},
    "title.contribution": {
        "en": "{indicator}: each {dimension}'s part of the net change, {y0}–{year} ({change})",
        "fr": "{indicator} : part de chaque {dimension} dans la variation nette, {y0}–{year} ({change})",
    },
    "title.constant": {
        "en": "Revenue in constant {year} dollars",
        "fr": "Chiffre d'affaires en dollars constants de {year}",
    },
    "label.in_region": {"en": "{label} in {region}", "fr": "{label} à {region}"},
    "label.a_year": {"en": "{rate} a year", "fr": "{rate} par an"},
    "label.path_status": {"en": "{goal}: <b>{status}</b>", "fr": "{goal} : <b>{status}</b>"},
    "subtitle": {
        "en": "As of {as_of} · baseline {y0} · target year {ty}",
        "fr": "En date de {as_of} · référence {y0} · année cible {ty}",
    },
    "subtitle.no_data": {"en": "Baseline {y0} · target year {ty}", "fr": "Référence {y0} · année cible {ty}"},
    "subtitle.year": {"en": "Figures of {year}", "fr": "Données de {year}"},
    # ---- legends
    "legend.actual": {"en": "Actual", "fr": "Réel"},
    "legend.flagged": {"en": "{flag} figure (open marker)", "fr": "Chiffre {flag} (marqueur vide)"},
    "legend.target_path": {"en": "Target path", "fr": "Trajectoire cible"},
    "legend.growth_path": {"en": "{rate} a year path", "fr": "Trajectoire à {rate} par an"},
    "legend.level_path": {"en": "Path to {level}", "fr": "Trajectoire vers {level}"},
    "legend.projection": {"en": "Projection at the observed pace", "fr": "Projection au rythme observé"},
    "legend.target": {"en": "Target: {value} in {year}", "fr": "Cible : {value} en {year}"},
    "legend.trend": {"en": "Trend (last three figures)", "fr": "Tendance (trois dernières données)"},
    "legend.nominal": {"en": "Nominal dollars", "fr": "Dollars courants"},
    "legend.constant": {"en": "Constant {year} dollars", "fr": "Dollars constants de {year}"},
    # ---- axes
    "axis.change": {"en": "Change {y0}–{year}", "fr": "Variation {y0}–{year}"},
    # ---- hover
    "hover.review": {
        "en": "{change} from {previous_year}: to review (change of scope?)",
        "fr": "{change} depuis {previous_year} : à vérifier (changement de périmètre?)",
    },
    "hover.share": {"en": "{share} of the net change", "fr": "{share} de la variation nette"},
    # ---- empty charts
    "empty.series": {
        "en": "No figures yet for {region} — upload {indicator} for region {region}",
        "fr": "Aucune donnée pour {region} — téléversez les {indicator} de la région {region}",
    },
    "empty.target": {"en": "Target: {goal} by {ty}", "fr": "Cible : {goal} d'ici {ty}"},
    "empty.baseline": {
        "en": "No {y0} figure for {region}: upload it to measure progress against the baseline",
        "fr": "Aucune donnée {y0} pour {region} : téléversez-la pour mesurer le progrès depuis la référence",
    },
    # ---- footers: the source line and a one-line method note, printed inside the image
    "footer.sources": {"en": "Sources: {sources}", "fr": "Sources : {sources}"},
    "method.status": {
        "en": "Method: observed progress against each target's path from the baseline; on track from {on_track} "
        "of the pace expected by now, needs acceleration from {needs} (after the UN SDG progress assessments).",
        "fr": "Méthode : progrès observé par rapport à la trajectoire de chaque cible depuis la référence; en bonne "
        "voie dès {on_track} du rythme attendu à ce jour, accélération requise dès {needs} (selon les évaluations "
        "des progrès des ODD de l'ONU).",
    },
    "method.increase_by": {
        "en": "Method: straight path from the {y0} figure to the {ty} target; on track when the gain reaches "
        "{on_track} of the gain expected by now, needs acceleration from {needs} (after the UN SDG progress "
        "assessments).",
        "fr": "Méthode : trajectoire linéaire de la donnée {y0} à la cible {ty}; en bonne voie si le gain atteint "
        "{on_track} du gain attendu à ce jour, accélération requise dès {needs} (selon les évaluations des "
        "progrès des ODD de l'ONU).",
    },
    "method.compound": {
        "en": "Method: compound paths from the {y0} figure; observed annual growth compared with the growth each "
        "target requires: on track from {on_track}, needs acceleration from {needs} (after the UN SDG "
        "progress assessments). Nominal dollars.",
        "fr": "Méthode : trajectoires composées depuis la donnée {y0}; croissance annuelle observée comparée à "
        "celle que demande chaque cible : en bonne voie dès {on_track}, accélération requise dès {needs} "
        "(selon les évaluations des progrès des ODD de l'ONU). Dollars courants.",
    },
    "method.track": {
        "en": "Method: least-squares trend over the last three figures; stable when it moves less than {stable} "
        "of their mean a year.",
        "fr": "Méthode : tendance des moindres carrés sur les trois dernières données; stable si elle varie de "
        "moins de {stable} de leur moyenne par an.",
    },
    "method.breakdown": {
        "en": "Method: figures as reported for each {dimension}; the total is reported separately and is never "
        "the sum of the parts shown.",
        "fr": "Méthode : données telles que déclarées pour chaque {dimension}; le total est déclaré à part et "
        "n'est jamais la somme des parts affichées.",
    },
    "method.contribution": {
        "en": "Method: change of each {dimension}'s figure between {y0} and {year}, and its share of the net change of "
        "the parts shown.",
        "fr": "Méthode : variation de la donnée de chaque {dimension} entre {y0} et {year}, et sa part de la variation "
        "nette des parts affichées.",
    },
    "method.constant": {
        "en": "Method: constant dollars = nominal revenue × CPI of {year} ÷ CPI of the year.",
        "fr": "Méthode : dollars constants = chiffre d'affaires courant × IPC de {year} ÷ IPC de l'année.",
    },
    # ---- dimensions and the table beneath a chart
    "dim.sector": {"en": "sector", "fr": "secteur"},
    "dim.region": {"en": "region", "fr": "région"},
    "dim.network": {"en": "network", "fr": "réseau"},
    "table.year": {"en": "Year", "fr": "Année"},
    "table.value": {"en": "Value", "fr": "Valeur"},
    "table.flag": {"en": "Note", "fr": "Note"},
    "table.source": {"en": "Source", "fr": "Source"},
}


def chart_text(key: str, lang: str, **values: Any) -> str:
    """The chart words for `key` in the reader's language (French for `fr`, English otherwise), filled in."""
    return CHART_TEXT[key]["fr" if lang == "fr" else "en"].format(**values)
