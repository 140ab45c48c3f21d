"""What the importer tells a person, in English and French: each message says what is wrong and what to do.

Imports nothing of ours.
"""

from __future__ import annotations

from collections.abc import Iterable

_MESSAGES: dict[str, tuple[str, str]] = {
    "too_big": (
        "The file is {size} MB; the limit is {limit} MB. Split it into smaller files, or ask the administrator "
        "to raise $PLANMETRICS_MAX_UPLOAD_MB.",
        "Le fichier fait {size} Mo; la limite est de {limit} Mo. Divisez-le en fichiers plus petits ou demandez "
        "à l'administrateur d'augmenter $PLANMETRICS_MAX_UPLOAD_MB.",
    ),
    "empty": (
        "The file is empty. Export the figures again with a header row such as year, indicator, value.",
        "Le fichier est vide. Exportez de nouveau les chiffres avec une ligne d'en-tête comme année, "
        "indicateur, valeur.",
    ),
    "nul": (
        "The file contains NUL bytes: it is not a text file, or it was damaged. Save it again as CSV (UTF-8) "
        "or as an Excel workbook.",
        "Le fichier contient des octets NUL : ce n'est pas un fichier texte, ou il est endommagé. "
        "Enregistrez-le de nouveau en CSV (UTF-8) ou en classeur Excel.",
    ),
    "bad_utf16": (
        "The file starts like UTF-16 text but cannot be read as such. Save it again as CSV (UTF-8).",
        "Le fichier commence comme un texte UTF-16 mais ne peut pas être lu ainsi. Enregistrez-le de nouveau "
        "en CSV (UTF-8).",
    ),
    "csv_broken": (
        "The file cannot be read as CSV from this row on ({detail}). Check the quotes on this line and the "
        "lines before it.",
        "Le fichier ne peut pas être lu en CSV à partir de cette ligne ({detail}). Vérifiez les guillemets de "
        "cette ligne et des précédentes.",
    ),
    "not_zip": (
        "This file is named like an Excel workbook (.xlsx) but is not one. Open it in Excel and save it again "
        "as .xlsx, or export it as CSV.",
        "Ce fichier porte le nom d'un classeur Excel (.xlsx) mais n'en est pas un. Ouvrez-le dans Excel et "
        "enregistrez-le de nouveau en .xlsx, ou exportez-le en CSV.",
    ),
    "zip_bomb": (
        "The workbook would expand to more than {limit} MB once opened; it is refused to protect the server. "
        "Keep only the sheet you need, or export it as CSV.",
        "Le classeur dépasserait {limit} Mo une fois ouvert; il est refusé pour protéger le serveur. Gardez "
        "seulement la feuille utile, ou exportez-la en CSV.",
    ),
    "xml_entity": (
        "The workbook contains XML entity declarations (<!DOCTYPE or <!ENTITY in {part}), refused for safety. "
        "Open it in Excel and save it again as .xlsx, or export it as CSV.",
        "Le classeur contient des déclarations d'entités XML (<!DOCTYPE ou <!ENTITY dans {part}), refusées "
        "par sécurité. Ouvrez-le dans Excel et enregistrez-le de nouveau en .xlsx, ou exportez-le en CSV.",
    ),
    "excel_unreadable": (
        "The workbook cannot be read ({detail}). Open it in Excel and save it again as .xlsx, or export it as CSV.",
        "Le classeur ne peut pas être lu ({detail}). Ouvrez-le dans Excel et enregistrez-le de nouveau en "
        ".xlsx, ou exportez-le en CSV.",
    ),
    "no_sheet": (
        "The workbook has no sheet named {sheet}. Choose one of: {names}.",
        "Le classeur n'a pas de feuille nommée {sheet}. Choisissez parmi : {names}.",
    ),
    "no_data": (
        "The file has no figures under its header. Add one row per figure: year, indicator, value.",
        "Le fichier n'a aucun chiffre sous son en-tête. Ajoutez une ligne par chiffre : année, indicateur, valeur.",
    ),
    "ragged_long": (
        "This row has {count} cells but the header has {width}. Remove the extra cells, or add a header for "
        "them (a comma or semicolon inside a value must be quoted).",
        "Cette ligne a {count} cellules mais l'en-tête en a {width}. Supprimez les cellules en trop, ou "
        "ajoutez-leur un en-tête (une virgule ou un point-virgule dans une valeur doit être entre guillemets).",
    ),
    "ragged_short": (
        "This row has {count} cells but the header has {width}. Add the missing cells (empty ones are fine) "
        "so that every row has as many cells as the header.",
        "Cette ligne a {count} cellules mais l'en-tête en a {width}. Ajoutez les cellules manquantes (vides "
        "au besoin) pour que chaque ligne ait autant de cellules que l'en-tête.",
    ),
    "huge_cell": (
        "This cell holds {size} characters; the limit is {limit}. Shorten it (a source or note belongs in a "
        "short text).",
        "Cette cellule contient {size} caractères; la limite est de {limit}. Raccourcissez-la (une source ou "
        "une note doit rester un texte court).",
    ),
    "too_many_columns": (
        "The header has {count} columns; at most {limit} are read. Keep only the columns with figures.",
        "L'en-tête a {count} colonnes; au plus {limit} sont lues. Gardez seulement les colonnes de chiffres.",
    ),
    "duplicate_column": (
        "Several columns are read as the {role}: {names}. Keep only one of them, or rename the others.",
        "Plusieurs colonnes sont lues comme « {role} » : {names}. Gardez-en une seule, ou renommez les autres.",
    ),
    "no_value_column": (
        "No column of values was found among the headers ({headers}). Name it 'value' (or 'valeur'), or use one "
        "column per year (2018, 2019, ...) or one column per indicator (jobs, revenue, ...).",
        "Aucune colonne de valeurs parmi les en-têtes ({headers}). Nommez-la « valeur » (ou 'value'), ou "
        "utilisez une colonne par année (2018, 2019, ...) ou une colonne par indicateur (emplois, chiffre "
        "d'affaires, ...).",
    ),
    "no_year_column": (
        "No year column was found among the headers ({headers}). Add a column named 'year' (or 'année') with "
        "years like 2018.",
        "Aucune colonne d'année parmi les en-têtes ({headers}). Ajoutez une colonne « année » (ou 'year') avec "
        "des années comme 2018.",
    ),
    "no_indicator": (
        "The file does not say which indicator its figures are for. Add an 'indicator' column, name the value "
        "columns after indicators, or pass --indicator. Known indicators: {known}.",
        "Le fichier ne dit pas de quel indicateur sont ses chiffres. Ajoutez une colonne « indicateur », "
        "nommez les colonnes de valeurs d'après les indicateurs, ou passez --indicator. Indicateurs connus : "
        "{known}.",
    ),
    "unknown_indicator_arg": (
        "--indicator {value} is not an indicator of the plan. Use one of: {known}.",
        "--indicator {value} n'est pas un indicateur du plan. Utilisez l'un de : {known}.",
    ),
    "statcan_no_indicator": (
        "This Statistics Canada table is not mapped to an indicator of the plan. Pass --indicator (one of: "
        "{known}), or add the table's title to the indicator's `statcan` list in the plan file.",
        "Ce tableau de Statistique Canada n'est associé à aucun indicateur du plan. Passez --indicator (l'un "
        "de : {known}), ou ajoutez le titre du tableau à la liste `statcan` de l'indicateur dans le plan.",
    ),
    "statcan_several_indicators": (
        "This Statistics Canada table matches several indicators ({names}). Pass --indicator to choose one.",
        "Ce tableau de Statistique Canada correspond à plusieurs indicateurs ({names}). Passez --indicator "
        "pour en choisir un.",
    ),
    "statcan_several_series": (
        "This table holds several series: column '{column}' has {count} different values ({examples}). Keep "
        "the rows of one series only (filter the table before downloading it) and import it again.",
        "Ce tableau contient plusieurs séries : la colonne « {column} » a {count} valeurs différentes "
        "({examples}). Gardez les lignes d'une seule série (filtrez le tableau avant de le télécharger) et "
        "importez-le de nouveau.",
    ),
    "statcan_not_annual": (
        "This table has monthly or quarterly periods (e.g. {value}); planmetrics keeps one figure a year. "
        "Download the annual table, or keep one period per year.",
        "Ce tableau a des périodes mensuelles ou trimestrielles (p. ex. {value}); planmetrics garde un chiffre "
        "par année. Téléchargez le tableau annuel, ou gardez une période par année.",
    ),
    "bad_scalar": (
        "'{value}' is not a scalar factor. It must be a power of ten such as 0, 3 or 6, as Statistics Canada "
        "writes it.",
        "« {value} » n'est pas un facteur scalaire. Ce doit être une puissance de dix comme 0, 3 ou 6, comme "
        "l'écrit Statistique Canada.",
    ),
    "bad_year": (
        "'{value}' is not a year. Years must be 4-digit numbers like 2018.",
        "« {value} » n'est pas une année. Les années s'écrivent avec 4 chiffres, comme 2018.",
    ),
    "year_range": (
        "{value} is outside 1900-2100. Years must be 4-digit numbers like 2018.",
        "{value} est hors de 1900-2100. Les années s'écrivent avec 4 chiffres, comme 2018.",
    ),
    "bad_number": (
        "'{value}' is not a number. Write it like 116000, 116 000, 33,4 or 45 G$, or leave the cell empty "
        "(or write ..) when the figure is missing.",
        "« {value} » n'est pas un nombre. Écrivez-le comme 116000, 116 000, 33,4 ou 45 G$, ou laissez la "
        "cellule vide (ou écrivez ..) quand le chiffre manque.",
    ),
    "bad_word": (
        "'{value}': the word '{word}' is not allowed in a number. Write the number alone (with $, M$, G$, "
        "million, milliard or % if needed); mark an estimate with E in a flag column.",
        "« {value} » : le mot « {word} » n'est pas permis dans un nombre. Écrivez le nombre seul (avec $, M$, "
        "G$, million, milliard ou % au besoin); marquez une estimation avec E dans une colonne note.",
    ),
    "not_money": (
        "'{value}' is an amount in dollars, but the indicator {indicator} is counted in {unit}. Remove the "
        "dollar sign, or check the indicator.",
        "« {value} » est un montant en dollars, mais l'indicateur {indicator} se compte en {unit}. Retirez le "
        "signe de dollar, ou vérifiez l'indicateur.",
    ),
    "not_percent": (
        "'{value}' is a percentage, but the indicator {indicator} is counted in {unit}. Write the number "
        "itself, or check the indicator.",
        "« {value} » est un pourcentage, mais l'indicateur {indicator} se compte en {unit}. Écrivez le nombre "
        "lui-même, ou vérifiez l'indicateur.",
    ),
    "unknown_indicator": (
        "'{value}' is not an indicator of the plan. Use an id, label or alias, e.g.: {known}.",
        "« {value} » n'est pas un indicateur du plan. Utilisez un identifiant, un libellé ou un alias, p. ex. "
        ": {known}.",
    ),
    "unknown_region": (
        "'{value}' is not a region of the plan. Leave the cell empty for all of Quebec, or use a region name "
        "or code, e.g.: {known}.",
        "« {value} » n'est pas une région du plan. Laissez la cellule vide pour l'ensemble du Québec, ou "
        "utilisez un nom ou un code de région, p. ex. : {known}.",
    ),
    "bad_flag": (
        "'{value}' is not a flag. Use E (approximate), p (preliminary) or r (revised), or leave it empty.",
        "« {value} » n'est pas une note reconnue. Utilisez E (approximatif), p (provisoire) ou r (révisé), "
        "ou laissez la cellule vide.",
    ),
    "missing_indicator_cell": (
        "The indicator is empty on this row. Write the indicator (e.g. jobs), or pass --indicator for the whole file.",
        "L'indicateur est vide sur cette ligne. Écrivez l'indicateur (p. ex. emplois), ou passez --indicator "
        "pour tout le fichier.",
    ),
    "conflict": (
        "Two different values for {what}: {first} in row {first_row} and {second} here. Keep only the right one.",
        "Deux valeurs différentes pour {what} : {first} à la ligne {first_row} et {second} ici. Gardez "
        "seulement la bonne.",
    ),
    "also_rows": ("(also rows {rows})", "(aussi aux lignes {rows})"),
    "more_rows": ("and {count} more", "et {count} autres"),
    "too_many": (
        "{count} more problems are not listed. Fix the ones above and import the file again to see the rest.",
        "{count} autres problèmes ne sont pas listés. Corrigez ceux ci-dessus et importez de nouveau le "
        "fichier pour voir les autres.",
    ),
    "skipped_missing": (
        "{count} cells held no figure (empty, .., x, F, n.d., N/A, -) and were skipped.",
        "{count} cellules ne contenaient aucun chiffre (vide, .., x, F, n.d., N/A, -) et ont été ignorées.",
    ),
    "decimal_evidence": (
        "Numbers like '{value}' were read with '{mark}' as the decimal mark, as in '{example}' elsewhere in the "
        "file. If that is wrong, write them without a thousands separator (1234) or with a space (1 234).",
        "Les nombres comme « {value} » ont été lus avec « {mark} » comme marque décimale, comme « {example} » "
        "ailleurs dans le fichier. Si c'est faux, écrivez-les sans séparateur de milliers (1234) ou avec une "
        "espace (1 234).",
    ),
    "decimal_semicolon": (
        "Numbers like '{value}' were read with a decimal comma, because the file is separated by semicolons "
        "as French exports are. If that is wrong, write them without a thousands separator (1234).",
        "Les nombres comme « {value} » ont été lus avec une virgule décimale, car le fichier est séparé par "
        "des points-virgules comme les exports en français. Si c'est faux, écrivez-les sans séparateur de "
        "milliers (1234).",
    ),
    "decimal_default": (
        "Numbers like '{value}' were read with '{mark}' as the decimal mark ({reading}), because no number in "
        "the file shows its decimal mark. If that is wrong, write 1234 or 1 234 for thousands.",
        "Les nombres comme « {value} » ont été lus avec « {mark} » comme marque décimale ({reading}), car aucun "
        "nombre du fichier ne montre sa marque décimale. Si c'est faux, écrivez 1234 ou 1 234 pour les milliers.",
    ),
    "ignored_columns": (
        "These columns were ignored: {names}. Rename them if they hold figures (year, indicator, value, "
        "region, sector, network, unit, flag, source).",
        "Ces colonnes ont été ignorées : {names}. Renommez-les si elles contiennent des chiffres (année, "
        "indicateur, valeur, région, secteur, réseau, unité, note, source).",
    ),
    "header_unit_ignored": (
        "In the header '{value}', '{words}' was not understood as a unit; the values were read as written.",
        "Dans l'en-tête « {value} », « {words} » n'a pas été compris comme une unité; les valeurs ont été lues "
        "telles qu'écrites.",
    ),
    "statcan_skipped_status": (
        "Statistics Canada marks some values as unavailable or too unreliable (.., x, F); they were skipped.",
        "Statistique Canada marque certaines valeurs comme non disponibles ou trop peu fiables (.., x, F); "
        "elles ont été ignorées.",
    ),
}

ROLE_NAMES: dict[str, tuple[str, str]] = {
    "year": ("year", "année"),
    "indicator": ("indicator", "indicateur"),
    "value": ("value", "valeur"),
    "region": ("region", "région"),
    "sector": ("sector", "secteur"),
    "network": ("network", "réseau"),
    "unit": ("unit", "unité"),
    "flag": ("flag", "note"),
    "source": ("source", "source"),
}


def say(lang: str, key: str, **values: object) -> str:
    english, french = _MESSAGES[key]
    return (french if lang == "fr" else english).format(**values)


def role_name(lang: str, role: str) -> str:
    english, french = ROLE_NAMES.get(role, (role, role))
    return french if lang == "fr" else english


def listing(names: Iterable[str], limit: int = 8, lang: str = "en") -> str:
    """A short list for a message: the first few names, then how many more."""
    items = list(names)
    shown = ", ".join(items[:limit])
    if len(items) > limit:
        shown += " " + say(lang, "more_rows", count=len(items) - limit)
    return shown


def shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
