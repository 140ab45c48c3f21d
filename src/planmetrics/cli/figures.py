"""`planmetrics figure INDICATOR YEAR [--region R] [--sector S] [--network N]`: every version of one figure,
newest first, as JSON (docs/contract.md; each version's `quality`, the source's grade or null) or as a small
table in the reader's language (the grade with its meaning, when any version has one).

The indicator, region, sector and network are matched as the importer matches them (an id, a label or an
alias, any case or accent; a total by any of its spellings); without --region the figure is the whole of
Quebec's, without --sector or --network all of them. A figure with no recorded version is refused (exit 2),
saying what was not found; so is a derived indicator's (computed, it has none), naming its inputs. Imports
`config`, `derived`, `errors`, `figure_history`, `ingest.messages` (a list said in words), `ingest.validate`
(the total's spellings), `plan`, `store` and the cli's `text`.
"""

from __future__ import annotations

import argparse
from functools import partial

from planmetrics import config, derived, figure_history
from planmetrics.cli.text import emit, table
from planmetrics.errors import RefusedError
from planmetrics.ingest.messages import listing
from planmetrics.ingest.validate import TOTAL_SPELLINGS
from planmetrics.plan import Plan, choose_plan, load_plans, normalize_name
from planmetrics.store import Store, figure_versions


def _known_indicators(plan: Plan, lang: str) -> str:
    return listing((i.label.get(lang) for i in plan.indicators), limit=len(plan.indicators), lang=lang)


def _known_regions(plan: Plan, lang: str) -> str:
    return listing((r.label.get(lang) for r in plan.regions), limit=8, lang=lang)


def _is_total(text: str) -> bool:
    return text.casefold() in TOTAL_SPELLINGS or normalize_name(text) in TOTAL_SPELLINGS


def match_indicator(plan: Plan, text: str) -> str:
    """The indicator's id from its id, label or alias; refused, with the plan's indicators by label."""
    found = plan.match("indicator", text)
    if found is None:
        raise RefusedError(
            "versions.unknown_indicator",
            "versions.unknown_indicator.advice",
            name=text,
            known=partial(_known_indicators, plan),
        )
    return found


def match_region(plan: Plan, text: str | None) -> str:
    """The region's id (the whole of Quebec when none is named); refused, with the plan's regions."""
    if text is None or not text.strip():
        return config.TOTAL_REGION
    found = plan.match("region", text)
    if found is None:
        raise RefusedError(
            "versions.unknown_region", "versions.unknown_region.advice", name=text, known=partial(_known_regions, plan)
        )
    return found


def match_sector(plan: Plan, text: str | None) -> str:
    """The sector's id, `all` for none or a total's spelling; a sector the plan does not name, as written (the
    importer keeps it so)."""
    if text is None or not text.strip() or text == config.TOTAL_SECTOR:
        return config.TOTAL_SECTOR
    return plan.match("sector", text) or (config.TOTAL_SECTOR if _is_total(text) else text)


def match_network(plan: Plan, text: str | None) -> str:
    """The network's id from its id, label or alias (`Mouvement Desjardins` is `desjardins`), `all` for none or a
    total's spelling; a network the plan does not name, as written (the importer keeps it so)."""
    if text is None or not text.strip() or text == config.TOTAL_NETWORK:
        return config.TOTAL_NETWORK
    return plan.match("network", text) or (config.TOTAL_NETWORK if _is_total(text) else text.strip())


def computed_refusal(plan: Plan, indicator: str, year: int) -> RefusedError:
    """A derived indicator's figures have no version of their own: which inputs to look at instead (exit 2)."""
    formula = plan.indicator(indicator).formula
    inputs = formula.inputs if formula else ()
    return RefusedError(
        "derived.no_versions",
        "derived.no_versions.advice",
        indicator=plan.indicator(indicator).label.get,
        inputs=partial(derived.inputs_text, plan, plan.indicator(indicator)),
        first=inputs[0] if inputs else indicator,
        year=year,
    )


def cmd_figure(args: argparse.Namespace) -> int:
    plan = choose_plan(load_plans(), args.plan)
    store = Store(config.db_path(args.db))
    lang = args.lang
    indicator = match_indicator(plan, args.indicator)
    if plan.indicator(indicator).derived:
        raise computed_refusal(plan, indicator, args.year)
    where = (match_region(plan, args.region), match_sector(plan, args.sector), match_network(plan, args.network))
    region, sector, network = where
    versions = figure_versions(store, indicator, args.year, region=region, sector=sector, network=network)
    if not versions:
        raise RefusedError(
            "versions.none",
            "versions.none.advice",
            indicator=plan.indicator(indicator).label.get,
            year=args.year,
            region=partial(plan.label_of, "region", region),
            sector=partial(plan.label_of, "sector", sector),
            network=partial(plan.label_of, "network", network),
        )
    columns = figure_history.columns_of(versions)
    rows = [
        figure_history.headings(lang, columns),
        *figure_history.version_rows(plan, indicator, versions, lang, columns),
    ]
    title = figure_history.figure_title(plan, indicator, args.year, where, lang)
    emit(args, [v.to_json() for v in versions], f"{title}\n\n{table(rows)}")
    return 0
