"""Who owes what, said for a person: a duty's state in words with its glyph (never colour alone), when a late
one has been late since, the line "7 of 9 networks have reported 2019", and the completeness grid (a network
a row, an indicator a column) shared by the Networks page, the reports and the command line.

Imports `completeness`, `i18n`, `look`, `plan`, `words`.
"""

from __future__ import annotations

import pandas as pd

from planmetrics import i18n
from planmetrics.completeness import Duty, Reported
from planmetrics.look import duty_look
from planmetrics.plan import Plan
from planmetrics.words import say, separated


def state_word(state: str, lang: str) -> str:
    """`approuvé`, `en attente de révision`, `renvoyé`, `manquant`, `en retard`."""
    return say(duty_look(state).word, lang)


def duty_cell(duty: Duty, lang: str) -> str:
    """A grid's cell: the glyph and the word, a late one with the day it became late (`! en retard depuis le
    1er mai 2020`), a returned late one saying it was returned."""
    glyph = duty_look(duty.state).glyph
    if duty.late_since is not None:
        key = "duty.late_returned_since" if duty.returned else "duty.late_since"
        return f"{glyph} {say(key, lang, day=i18n.long_date(duty.late_since, lang))}"
    return f"{glyph} {state_word(duty.state, lang)}"


def reported_line(plan: Plan, found: Reported, lang: str) -> str:
    """`7 of 9 networks have reported 2019` (reported: every figure owed approved); "" when none owes it."""
    if not found.networks:
        return ""
    one = found.reported <= 1 if lang == "fr" else found.reported == 1  # « 1 réseau sur 9 a », "1 of 9 … has"
    key = "duty.reported_one" if one else "duty.reported"
    return say(
        key,
        lang,
        done=i18n.format_number(found.reported, lang),
        networks=i18n.format_number(found.networks, lang),
        year=found.year,
    )


def late_line(plan: Plan, found: Reported, lang: str) -> str:
    """`Late: Sollio Groupe Coopératif, …`; "" when no network is late."""
    if not found.late:
        return ""
    names = [plan.label_of("network", n, lang) for n in found.late]
    return say("duty.late_networks", lang, networks=separated(names, lang))


def grid(plan: Plan, duties: list[Duty], lang: str) -> pd.DataFrame:
    """A network a row (its label, in the plan's order), an indicator owed a column (its label), each cell the
    duty's glyph and words; the first column names the network."""
    network_column = say("duty.network", lang)
    indicators = list(dict.fromkeys(d.indicator for d in duties))
    rows: dict[str, dict[str, str]] = {}
    for duty in duties:
        row = rows.setdefault(duty.network, {network_column: plan.label_of("network", duty.network, lang)})
        row[plan.indicator_label(duty.indicator, lang)] = duty_cell(duty, lang)
    columns = [network_column, *(plan.indicator_label(i, lang) for i in indicators)]
    return pd.DataFrame(list(rows.values()), columns=columns)
