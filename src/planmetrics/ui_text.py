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
    "card.target_growth": {"en": "Target, a year", "fr": "Cible, par an"},
    "card.latest_none": {"en": "Latest figure", "fr": "Dernière donnée"},
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
    "chart.show_data": {"en": "Show the data", "fr": "Afficher les données"},
    "method.plan_version": {
        "en": "Plan used: {plan} (file {file}, version {sha}, recorded {recorded}; {versions} version(s) recorded).",
        "fr": "Plan utilisé : {plan} (fichier {file}, version {sha}, enregistrée le {recorded}; "
        "{versions} version(s) enregistrée(s)).",
    },
    "jobs.title": {"en": "Jobs", "fr": "Emplois"},
    "jobs.montreal": {"en": "Montréal", "fr": "Montréal"},
    "jobs.by_sector": {"en": "Jobs by sector", "fr": "Emplois par secteur"},
    "jobs.by_region": {"en": "Jobs by region", "fr": "Emplois par région"},
    "jobs.by_network": {"en": "Jobs by network", "fr": "Emplois par réseau"},
    "jobs.contribution": {
        "en": "Each network's contribution to the net jobs created",
        "fr": "Contribution de chaque réseau aux emplois nets créés",
    },
    "breakdown.none": {
        "en": "No {dimension} figures yet. Upload {indicator} with a “{column}” column to see this breakdown.",
        "fr": "Aucune donnée par {dimension} pour l’instant. Téléversez {indicator} avec une colonne "
        "« {column} » pour voir cette ventilation.",
    },
    "dim.sector": {"en": "sector", "fr": "secteur"},
    "dim.region": {"en": "region", "fr": "région"},
    "dim.network": {"en": "network", "fr": "réseau"},
    "revenue.title": {"en": "Revenue", "fr": "Chiffre d'affaires"},
    "revenue.by_sector": {"en": "Revenue by sector", "fr": "Chiffre d'affaires par secteur"},
    "revenue.by_region": {"en": "Revenue by region", "fr": "Chiffre d'affaires par région"},
    "revenue.by_network": {"en": "Revenue by network", "fr": "Chiffre d'affaires par réseau"},
    "revenue.observed": {"en": "Observed growth since {y0}", "fr": "Croissance observée depuis {y0}"},
    "revenue.required_growth": {"en": "Required for 7 % path", "fr": "Requise pour la trajectoire de 7 %"},
    "revenue.required_level": {"en": "Required for the level", "fr": "Requise pour le niveau"},
    "revenue.constant": {
        "en": "Revenue in constant {year} dollars",
        "fr": "Chiffre d'affaires en dollars constants de {year}",
    },
    "revenue.constant_none": {
        "en": "Upload a consumer price index (indicator “cpi”) to see revenue in constant dollars.",
        "fr": "Téléversez un indice des prix à la consommation (indicateur « cpi ») pour voir le chiffre "
        "d'affaires en dollars constants.",
    },
    "revenue.nominal_note": {
        "en": "Figures and targets are in nominal dollars, as the plan states them.",
        "fr": "Les données et les cibles sont en dollars courants, comme le plan les formule.",
    },
    "benefits.title": {"en": "Benefits and orientations", "fr": "Retombées et orientations"},
    "benefits.orientation": {"en": "Orientation {n}: {label}", "fr": "Orientation {n} : {label}"},
    "benefits.seats": {
        "en": "Conditions of success (the plan's “seats”)",
        "fr": "Conditions de succès (les « assises » du plan)",
    },
    "benefits.no_figures": {
        "en": "No figures yet. Upload “{indicator}” for at least two years to see its trend.",
        "fr": "Aucune donnée pour l’instant. Téléversez « {indicator} » pour au moins deux années pour voir sa tendance.",
    },
    "benefits.targets": {"en": "Targets of this orientation", "fr": "Cibles de cette orientation"},
    "method.title": {"en": "Method", "fr": "Méthode"},
    "auth.open": {
        "en": "No editor is configured: anyone who reaches this app can change its data. Add editors with `planmetrics user add NAME`.",
        "fr": "Aucun éditeur n’est configuré : toute personne qui accède à cette application peut en modifier les données. Ajoutez des éditeurs avec `planmetrics user add NOM`.",
    },
    "auth.your_name": {
        "en": "Your name (recorded with the change)",
        "fr": "Votre nom (enregistré avec la modification)",
    },
    "auth.sign_in": {"en": "Sign in to change data", "fr": "Connectez-vous pour modifier les données"},
    "auth.name": {"en": "Editor name", "fr": "Nom d’éditeur"},
    "auth.password": {"en": "Password", "fr": "Mot de passe"},
    "auth.submit": {"en": "Sign in", "fr": "Se connecter"},
    "auth.wrong": {"en": "Unknown editor or wrong password.", "fr": "Éditeur inconnu ou mot de passe erroné."},
    "auth.throttled": {
        "en": "Too many failed attempts for this name. Try again in {seconds} s.",
        "fr": "Trop de tentatives échouées pour ce nom. Réessayez dans {seconds} s.",
    },
    "auth.signed_in": {"en": "Signed in as {name}.", "fr": "Connecté en tant que {name}."},
    "auth.sign_out": {"en": "Sign out", "fr": "Se déconnecter"},
    "auth.viewer": {
        "en": "Viewing is open to all; only editors can upload, correct or roll back.",
        "fr": "La consultation est ouverte à tous; seuls les éditeurs peuvent téléverser, corriger ou annuler.",
    },
    "auth.refused": {"en": "Only a signed-in editor can do this.", "fr": "Seul un éditeur connecté peut faire ceci."},
    "upload.title": {"en": "Upload yearly figures", "fr": "Téléverser des données annuelles"},
    "upload.intro": {
        "en": "CSV, TSV, TXT or Excel, in French or English, long or wide, or a Statistics Canada table. Nothing is written until you confirm.",
        "fr": "CSV, TSV, TXT ou Excel, en français ou en anglais, en format long ou large, ou un tableau de Statistique Canada. Rien n’est enregistré avant votre confirmation.",
    },
    "upload.file": {"en": "File of yearly figures", "fr": "Fichier de données annuelles"},
    "upload.source": {"en": "Source (for rows without one)", "fr": "Source (pour les lignes qui n’en ont pas)"},
    "upload.indicator": {
        "en": "Indicator (for a file that names none)",
        "fr": "Indicateur (pour un fichier qui n’en nomme pas)",
    },
    "upload.too_big": {
        "en": "{name} is {size} MB, over the {limit} MB limit. Split the file.",
        "fr": "{name} fait {size} Mo, au-delà de la limite de {limit} Mo. Scindez le fichier.",
    },
    "upload.bad_type": {
        "en": "{name}: only .csv, .tsv, .txt, .xlsx and .xls files are read.",
        "fr": "{name} : seuls les fichiers .csv, .tsv, .txt, .xlsx et .xls sont lus.",
    },
    "upload.refused": {
        "en": "{count} problem(s) found: nothing will be imported. Fix them and upload the file again.",
        "fr": "{count} problème(s) trouvé(s) : rien ne sera importé. Corrigez-les et téléversez de nouveau le fichier.",
    },
    "upload.detected": {
        "en": "Read as: encoding {encoding}, delimiter “{delimiter}”, decimal mark “{decimal}”, layout {layout}.",
        "fr": "Lu comme : encodage {encoding}, séparateur « {delimiter} », marque décimale « {decimal} », format {layout}.",
    },
    "upload.summary": {
        "en": "{rows} figures read: {inserted} new, {restated} restated, {unchanged} unchanged; {skipped} missing cells skipped.",
        "fr": "{rows} données lues : {inserted} nouvelles, {restated} révisées, {unchanged} inchangées; {skipped} cellules manquantes ignorées.",
    },
    "upload.changes": {"en": "What would change", "fr": "Ce qui changerait"},
    "upload.statuses": {"en": "How the targets would move", "fr": "Comment les cibles évolueraient"},
    "upload.confirm": {"en": "Commit these figures", "fr": "Enregistrer ces données"},
    "upload.done": {
        "en": "Committed as batch {batch}. The overview now shows the new figures.",
        "fr": "Enregistré comme lot {batch}. La vue d’ensemble montre maintenant les nouvelles données.",
    },
    "upload.duplicate": {
        "en": "This file was already imported as batch {batch}; nothing was changed.",
        "fr": "Ce fichier a déjà été importé comme lot {batch}; rien n’a changé.",
    },
    "upload.templates": {"en": "Templates to fill in", "fr": "Gabarits à remplir"},
    "col.row": {"en": "Row", "fr": "Ligne"},
    "col.column": {"en": "Column", "fr": "Colonne"},
    "col.value": {"en": "Value", "fr": "Valeur"},
    "col.problem": {"en": "Problem and what to do", "fr": "Problème et quoi faire"},
    "col.change": {"en": "Change", "fr": "Changement"},
    "col.indicator": {"en": "Indicator", "fr": "Indicateur"},
    "col.year": {"en": "Year", "fr": "Année"},
    "col.region": {"en": "Region", "fr": "Région"},
    "col.sector": {"en": "Sector", "fr": "Secteur"},
    "col.network": {"en": "Network", "fr": "Réseau"},
    "col.old": {"en": "Current value", "fr": "Valeur actuelle"},
    "col.new": {"en": "New value", "fr": "Nouvelle valeur"},
    "col.old_source": {"en": "Current source", "fr": "Source actuelle"},
    "col.source": {"en": "Source", "fr": "Source"},
    "col.flag": {"en": "Note", "fr": "Note"},
    "col.target": {"en": "Target", "fr": "Cible"},
    "col.before": {"en": "Before", "fr": "Avant"},
    "col.after": {"en": "After", "fr": "Après"},
    "change.insert": {"en": "new", "fr": "nouvelle"},
    "change.restate": {"en": "restated", "fr": "révisée"},
    "change.unchanged": {"en": "unchanged", "fr": "inchangée"},
    "history.title": {"en": "History of the data", "fr": "Historique des données"},
    "history.empty": {"en": "No batches yet.", "fr": "Aucun lot pour l’instant."},
    "history.batch": {"en": "Batch", "fr": "Lot"},
    "history.kind": {"en": "Kind", "fr": "Type"},
    "history.when": {"en": "When (UTC)", "fr": "Quand (UTC)"},
    "history.by": {"en": "By", "fr": "Par"},
    "history.file": {"en": "File", "fr": "Fichier"},
    "history.inserted": {"en": "New", "fr": "Nouvelles"},
    "history.restated": {"en": "Restated", "fr": "Révisées"},
    "history.unchanged": {"en": "Unchanged", "fr": "Inchangées"},
    "history.state": {"en": "State", "fr": "État"},
    "history.rolled_back": {"en": "rolled back", "fr": "annulé"},
    "history.reason": {"en": "Reason", "fr": "Motif"},
    "history.pick": {"en": "Batch to inspect", "fr": "Lot à examiner"},
    "history.download": {"en": "Download the original file", "fr": "Télécharger le fichier original"},
    "history.rollback": {"en": "Roll back batch {batch}", "fr": "Annuler le lot {batch}"},
    "history.confirm": {
        "en": "Figures of batch {batch} will stop being current and the figures it restated will come back. Confirm?",
        "fr": "Les données du lot {batch} cesseront d’être en vigueur et celles qu’il avait révisées reviendront. Confirmer?",
    },
    "history.confirm_yes": {"en": "Yes, roll back", "fr": "Oui, annuler"},
    "history.cancel": {"en": "Cancel", "fr": "Annuler l’opération"},
    "history.rolled": {
        "en": "Batch {batch} rolled back (recorded as batch {new}).",
        "fr": "Lot {batch} annulé (enregistré comme lot {new}).",
    },
    "history.cannot": {"en": "This batch cannot be rolled back.", "fr": "Ce lot ne peut pas être annulé."},
    "kind.init": {"en": "shipped figures", "fr": "données publiques"},
    "kind.import": {"en": "import", "fr": "import"},
    "kind.correction": {"en": "correction", "fr": "correction"},
    "kind.rollback": {"en": "rollback", "fr": "annulation"},
    "comment.line": {"en": "{year}: {body} — {by}, {date}", "fr": "{year} : {body} — {by}, {date}"},
    "comment.add": {"en": "Add a commentary", "fr": "Ajouter un commentaire"},
    "comment.body": {"en": "Commentary (why we are ahead or behind)", "fr": "Commentaire (pourquoi nous sommes en avance ou en retard)"},
    "comment.save": {"en": "Save the commentary", "fr": "Enregistrer le commentaire"},
    "comment.saved": {"en": "Commentary saved.", "fr": "Commentaire enregistré."},
}


def ui(key: str, lang: str, **values: Any) -> str:
    """The text for `key` in the reader's language, with its values filled in."""
    return UI[key]["fr" if lang == "fr" else "en"].format(**values)
