"""A refused action said on the page, in the reader's language: any refusal of ours as its message and
advice; a locked year's with the figures it met, each named by its labels (indicator, year, region, sector,
network), and what to do on the dashboard rather than on the command line. Nothing was changed.

Imports `errors`, `figure_history`, `i18n`, `words`, `ui.context`, `ui.markdown`.
"""

from __future__ import annotations

import streamlit as st

from planmetrics import figure_history, i18n
from planmetrics.errors import LockedYearError, PlanmetricsError
from planmetrics.ui.context import PageContext
from planmetrics.ui.markdown import markdown_text
from planmetrics.words import say


def locked_lines(ctx: PageContext, refused: LockedYearError) -> list[str]:
    """The figures a locked year refused, by their labels; then how many more when there were more."""
    plan, lang = ctx.plan, ctx.lang
    lines = [
        say(
            "review_page.locked.figure",
            lang,
            indicator=plan.indicator_label(indicator, lang),
            year=year,
            place=figure_history.place(plan, region, sector, network, lang),
        )
        for indicator, year, region, sector, network in refused.figures
    ]
    more = refused.count - len(refused.figures)
    if more == 1:
        lines.append(say("review_page.locked.more.one", lang))
    elif more > 1:
        lines.append(say("review_page.locked.more", lang, count=i18n.format_number(more, lang)))
    return lines


def refusal_text(ctx: PageContext, refused: PlanmetricsError) -> str:
    """A refusal as one Markdown text: a locked year's message, its figures as a list, the page's advice."""
    if not isinstance(refused, LockedYearError):
        return markdown_text(refused.text(ctx.lang))
    listed = "\n".join(f"- {markdown_text(line)}" for line in locked_lines(ctx, refused))
    advice = say("review_page.locked.advice", ctx.lang)
    return f"{markdown_text(refused.message(ctx.lang))}\n\n{listed}\n\n{markdown_text(advice)}"


def show_refusal(ctx: PageContext, refused: PlanmetricsError) -> None:
    """The refusal on the page, as an error box."""
    icon = ":material/lock:" if isinstance(refused, LockedYearError) else ":material/block:"
    st.error(refusal_text(ctx, refused), icon=icon)
