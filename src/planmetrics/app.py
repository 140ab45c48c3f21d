"""The dashboard's shared parts: the page context read from the sidebar, session and URL; cached readers;
the widgets every page uses; editors' sign-in and forms; the report built for download.

The only module under src/ that imports streamlit (pages and dashboard.py are the rest of the UI); what can be
said without streamlit lives in `page_context`, `presenters` and `export`. Reads are cached by the database's
newest batch id, so an import from the command line shows at the next rerun; no connection is held between
reruns. Imports anything in planmetrics but `cli`; nothing in planmetrics imports it.
"""

from __future__ import annotations

import time
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from planmetrics import (
    auth,
    charts,
    config,
    export,
    export_images,
    i18n,
    loading,
    metrics,
    presenters,
    queries,
    report_file,
)
from planmetrics import templates as templates_module
from planmetrics.errors import PlanmetricsError, RefusedError
from planmetrics.metrics import Assessment, TargetProgress
from planmetrics.page_context import LANG_NAMES, PageContext, comments_for
from planmetrics.plan import Plan, load_plans
from planmetrics.store import Store
from planmetrics.words import say

# ------------------------------------------------------------------ the page context: language, plan and as-of year


def browser_lang() -> str:
    locale = getattr(st.context, "locale", None) or ""
    return "fr" if str(locale).lower().startswith("fr") else "en"


def _remembered(name: str, default: str | None) -> str | None:
    """A choice kept in the session and the URL, so a link can be shared."""
    if name not in st.session_state:
        st.session_state[name] = st.query_params.get(name, default)
    value = st.session_state[name]
    return None if value is None else str(value)


def _sidebar_choice(name: str, options: list[str], label: str, fmt: dict[str, str] | None = None) -> str:
    current = _remembered(name, options[0])
    if current not in options:
        current = options[0]
    widget = f"_{name}_widget"
    st.session_state[widget] = current
    names = fmt or {}
    st.sidebar.selectbox(
        label,
        options,
        key=widget,
        format_func=lambda option: names.get(str(option), str(option)),
        on_change=lambda: st.session_state.update({name: st.session_state[widget]}),
    )
    chosen = str(st.session_state[widget])
    st.session_state[name] = chosen
    st.query_params[name] = chosen
    return chosen


def _leave_legacy_navigation() -> None:
    """Run through dashboard.py's navigation even when a shared link is the server's first visit.

    Streamlit treats a `pages/` folder as legacy multipage navigation until the entry script's
    `st.navigation` has run once in the process; until then a link such as /jobs would show raw file names.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def context() -> PageContext:
    """Read the language, plan and as-of year (sidebar, session, URL) and the database's state."""
    _leave_legacy_navigation()
    default_lang = browser_lang()
    _remembered("lang", default_lang)
    lang = _sidebar_choice(
        "lang", ["fr", "en"] if st.session_state["lang"] == "fr" else ["en", "fr"], "Langue / Language", LANG_NAMES
    )
    plans = loaded_plans()
    plan = plans[0]
    if len(plans) > 1:
        plan_id = _sidebar_choice(
            "plan", [p.id for p in plans], say("ctl.plan", lang), {p.id: p.short_title.get(lang) for p in plans}
        )
        plan = next(p for p in plans if p.id == plan_id)
    store = Store(config.db_path())
    if not store.path.exists():
        return PageContext(lang, plan, plans, store, 0, (), None)
    batch, all_years, comments = store.state(plan.id)
    years = tuple(all_years)
    as_of = None
    if years:
        as_of = int(_sidebar_choice("as_of", [str(y) for y in years], say("ctl.as_of", lang)))
    return PageContext(lang, plan, plans, store, batch, years, as_of, comments)


def page(*, allow_empty: bool = False) -> PageContext:
    """The context every page starts from; the page stops here, after a clear message, when it cannot run."""
    ctx = guarded_context(allow_empty=allow_empty)
    if ctx is None:
        st.stop()
    assert ctx is not None
    return ctx


def guarded_context(*, allow_empty: bool = False) -> PageContext | None:
    """The context, or None after showing a clear message when the database cannot be used.

    `allow_empty` lets a page that adds figures (upload, history) open on a database with none yet.
    """
    try:
        ctx = context()
    except PlanmetricsError as exc:
        st.error(str(exc), icon=":material/error:")
        return None
    if not ctx.store.path.exists():
        st.info(say("empty.no_db", ctx.lang, path=ctx.store.path), icon=":material/database:")
        return None
    if not ctx.has_figures and not allow_empty:
        st.info(say("empty.no_figures", ctx.lang), icon=":material/upload_file:")
        return None
    return ctx


# ------------------------------------------------------------------ cached readers


def _plans_key() -> tuple[tuple[str, float], ...]:
    return tuple((str(p), p.stat().st_mtime) for p in sorted(config.plans_dir().glob("*.toml")))


@st.cache_resource(show_spinner=False)
def _plans(key: tuple[tuple[str, float], ...]) -> tuple[Plan, ...]:
    del key  # the files' names and times: a changed plan file is read again
    return tuple(load_plans())


@st.cache_data(show_spinner=False, max_entries=64)
def _snapshot(db: str, plan_id: str, as_of: int | None, batch: int) -> tuple[Assessment, pd.DataFrame]:
    plan = next(p for p in loaded_plans() if p.id == plan_id)
    return queries.snapshot(Store(db), plan, as_of, batch=batch)


@st.cache_data(show_spinner=False, max_entries=64)
def _figures(db: str, indicator: str, batch: int) -> pd.DataFrame:
    del batch
    return Store(db).current_figures(indicators=[indicator])


def assessment(ctx: PageContext) -> Assessment:
    return _snapshot(str(ctx.store.path), ctx.plan.id, ctx.as_of, ctx.batch)[0]


def totals(ctx: PageContext) -> pd.DataFrame:
    """Current total rows of the plan's indicators, every region (those the assessment was made from)."""
    return _snapshot(str(ctx.store.path), ctx.plan.id, ctx.as_of, ctx.batch)[1]


def figures(ctx: PageContext, indicator: str) -> pd.DataFrame:
    """Every current figure of one indicator (all regions, sectors, networks)."""
    return _figures(str(ctx.store.path), indicator, ctx.batch)


def loaded_plans() -> tuple[Plan, ...]:
    """Every plan file, read again when one changes."""
    return _plans(_plans_key())


# ------------------------------------------------------------------ widgets


def status_badge(status: str, lang: str) -> None:
    """Status as word, colour and icon together (never colour alone)."""
    colour, icon = presenters.STATUS_STYLE[status]
    st.badge(i18n.status_word(status, lang), icon=icon, color=colour)  # type: ignore[arg-type]


def target_card(ctx: PageContext, progress: TargetProgress, *, narrow: bool = False) -> None:
    """One target in a bordered card: status, latest against target, bar, what is needed now."""
    card = presenters.target_card(ctx.plan, progress, ctx.lang)
    with st.container(border=True):
        st.markdown(f"**{card.title}**")
        status_badge(progress.status, ctx.lang)
        left, right = (st.container(), st.container()) if narrow else st.columns(2)
        left.metric(card.latest_label, card.latest)
        right.metric(card.target_label, card.target)
        if card.bar is not None:
            st.progress(card.bar, text=card.bar_text)
        spark = charts.sparkline(totals(ctx), progress.indicator, progress.region, ctx.lang)
        if spark is not None:
            st.plotly_chart(spark, key=f"spark_{progress.id}", config={"displayModeBar": False, "staticPlot": True})
        for line in card.lines:
            st.caption(line)
        for note in comments_for(ctx, progress.id):
            st.caption(f":material/comment: {presenters.markdown_text(note)}")


def show_chart(
    figure: go.Figure, table: pd.DataFrame, *, key: str, lang: str, rows: pd.DataFrame | None = None
) -> None:
    """A chart, its downloads (the image with its words inside; the data behind it), and that data as a table.

    On the page the finding, subtitle, sources and method are text around the plot: they wrap in any column.
    """
    screen = charts.for_screen(figure)
    if screen.finding:
        st.markdown(f"**{presenters.markdown_text(screen.finding)}**")
        st.caption(presenters.markdown_text(screen.subtitle))
    st.plotly_chart(screen.figure, key=key, config={"displaylogo": False, "locale": "fr" if lang == "fr" else "en"})
    for line in screen.footer:
        st.caption(presenters.markdown_text(line))
    chart_downloads(figure, table if rows is None else rows, key=key, lang=lang)
    with st.expander(say("chart.show_data", lang), icon=":material/table:"):
        st.dataframe(table, hide_index=True, width="stretch")


def chart_downloads(figure: go.Figure, data: pd.DataFrame, *, key: str, lang: str) -> None:
    """PNG, SVG and PDF drawn only when clicked (kaleido); CSV and XLSX of the figures behind the chart."""
    with st.popover(say("chart.download", lang), icon=":material/download:"):
        formats: tuple[tuple[export_images.ImageFormat, str], ...] = (
            ("png", "image/png"),
            ("svg", "image/svg+xml"),
            ("pdf", "application/pdf"),
        )
        for fmt, mime in formats:
            st.download_button(
                fmt.upper(),
                data=partial(export_images.to_image, figure, fmt),
                file_name=f"{key}.{fmt}",
                mime=mime,
                key=f"{key}_{fmt}",
                on_click="ignore",
            )
        csv = partial(export.table_csv, data, "fr" if lang == "fr" else "en")
        st.download_button(
            "CSV", data=csv, file_name=f"{key}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore"
        )
        xlsx = partial(export.table_xlsx, data)
        st.download_button("XLSX", data=xlsx, file_name=f"{key}.xlsx", key=f"{key}_xlsx", on_click="ignore")


# ------------------------------------------------------------------ editors


@st.cache_resource(show_spinner=False)
def _throttle() -> auth.Throttle:
    """Failed sign-ins, shared by every session of this server process."""
    return auth.Throttle()


def editor(lang: str) -> str | None:
    """The name changes are recorded under, or None (after showing the sign-in form) for a viewer."""
    known = auth.editors()
    if not known:
        st.warning(say("auth.open", lang), icon=":material/lock_open:")
        typed = st.text_input(say("auth.your_name", lang), key="open_editor_name", max_chars=64)
        return typed.strip() or "anonymous"
    current = st.session_state.get("editor")
    if current in known:
        left, right = st.columns([4, 1])
        left.success(say("auth.signed_in", lang, name=current), icon=":material/person:")
        if right.button(say("auth.sign_out", lang), key="sign_out"):
            st.session_state.pop("editor", None)
            st.rerun()
        return str(current)
    _sign_in_form(known, lang)
    return None


def _sign_in_form(known: dict[str, str], lang: str) -> None:
    st.info(say("auth.viewer", lang), icon=":material/visibility:")
    with st.form("sign_in"):
        st.markdown(f"**{say('auth.sign_in', lang)}**")
        name = st.text_input(say("auth.name", lang), max_chars=64)
        password = st.text_input(say("auth.password", lang), type="password", max_chars=256)
        submitted = st.form_submit_button(say("auth.submit", lang))
    if not submitted:
        return
    wait = _throttle().wait_seconds(name)
    if wait > 0:
        st.error(say("auth.throttled", lang, seconds=int(wait) + 1), icon=":material/timer:")
    elif auth.verify(name, password, _throttle(), known):
        st.session_state["editor"] = name
        st.rerun()
    else:
        st.error(say("auth.wrong", lang), icon=":material/error:")


def require_editor(lang: str) -> str:
    """Server-side check before any change: a configured app needs a signed-in editor."""
    known = auth.editors()
    if not known:
        return str(st.session_state.get("open_editor_name") or "anonymous").strip() or "anonymous"
    current = st.session_state.get("editor")
    if current not in known:
        raise RefusedError(say("auth.refused", lang))
    return str(current)


def correction_form(ctx: PageContext) -> None:
    """One figure corrected in a form, with a required reason: a batch of kind `correction`."""
    lang, plan = ctx.lang, ctx.plan
    with st.expander(say("correct.title", lang), icon=":material/edit:"), st.form("correction", clear_on_submit=True):
        labels = {i.id: i.label.get(lang) for i in plan.indicators}
        left, middle, right = st.columns(3)
        indicator = left.selectbox(say("col.indicator", lang), list(labels), format_func=labels.__getitem__)
        year = middle.number_input(say("col.year", lang), 1900, 2100, value=ctx.as_of or plan.target_year, step=1)
        value = right.text_input(say("col.new", lang), placeholder="116 000")
        regions = {r.id: r.label.get(lang) for r in plan.regions}
        region = left.selectbox(say("col.region", lang), list(regions), format_func=regions.__getitem__)
        sector = middle.text_input(say("col.sector", lang), placeholder="all")
        network = right.text_input(say("col.network", lang), placeholder="all")
        reason = st.text_input(say("correct.reason", lang), max_chars=500)
        if not st.form_submit_button(say("correct.save", lang)):
            return
        try:
            outcome = loading.correct_figure(
                ctx.store,
                plan,
                indicator=str(indicator),
                year=str(int(year)),
                value=value,
                reason=reason,
                region=str(region),
                sector=sector or None,
                network=network or None,
                by=require_editor(lang),
                lang=lang,
            )
        except loading.FileRefusedError as refused:
            show_problems(refused.problems_json, lang)
        except PlanmetricsError as exc:
            st.error(str(exc), icon=":material/block:")
        else:
            st.success(say("correct.done", lang, batch=outcome.batch.batch if outcome.batch else "—"))


# ------------------------------------------------------------------ adding figures


def show_problems(problems: list[dict[str, object]], lang: str) -> None:
    st.error(say("upload.refused", lang, count=len(problems)), icon=":material/block:")
    st.dataframe(presenters.problems_table(problems, lang), hide_index=True, width="stretch")


def templates(ctx: PageContext) -> None:
    """Download buttons for the ready-to-fill templates, in both header languages."""
    with st.expander(say("upload.templates", ctx.lang), icon=":material/description:"):
        columns = st.columns(4)
        for column, (lang, kind) in zip(
            columns, [("fr", "csv"), ("fr", "xlsx"), ("en", "csv"), ("en", "xlsx")], strict=True
        ):
            data = (
                templates_module.template_csv(ctx.plan, lang)
                if kind == "csv"
                else templates_module.template_xlsx(ctx.plan, lang)
            )
            column.download_button(
                f"{LANG_NAMES[lang]} · {kind.upper()}",
                data=data,
                file_name=f"planmetrics-template-{lang}.{kind}",
                key=f"template_{lang}_{kind}",
                on_click="ignore",
                icon=":material/download:",
            )


# ------------------------------------------------------------------ views of one indicator


def breakdown(ctx: PageContext, figures: pd.DataFrame, indicator: str, dimension: str) -> None:
    """The latest figures by sector, region or network, or what to upload to see them."""
    lang = ctx.lang
    parts = presenters.breakdown_rows(figures, dimension, ctx.as_of)
    if parts.empty:
        label = ctx.plan.indicator(indicator).label.get(lang)
        column = say(f"col.{dimension}", lang)
        st.info(say("breakdown.none", lang, dimension=say(f"dim.{dimension}", lang), indicator=label, column=column))
        return
    year = int(parts["year"].max())
    figure = charts.breakdown_chart(ctx.plan, figures, indicator, dimension, year=year, lang=lang)
    table = presenters.breakdown_table(ctx.plan, parts[parts["year"] == year], indicator, dimension, lang)
    show_chart(figure, table, key=f"{indicator}_{dimension}", lang=lang, rows=parts)


def constant_dollars_view(ctx: PageContext, revenue: pd.DataFrame) -> None:
    """Revenue in constant dollars of the baseline year, when a price index (`cpi`) was uploaded."""
    lang, plan = ctx.lang, ctx.plan
    st.subheader(say("revenue.constant", lang, year=plan.baseline_year))
    cpi = metrics.total_series(figures(ctx, "cpi"), "cpi")
    real = metrics.constant_dollars(metrics.total_series(revenue, "revenue"), cpi, plan.baseline_year)
    if real.empty:
        st.info(say("revenue.constant_none", lang), icon=":material/info:")
        return
    figure = charts.constant_dollars_chart(plan, revenue, real, lang)
    table = pd.DataFrame(
        {say("col.year", lang): real.index, say("col.value", lang): [i18n.format_money(v, lang) for v in real]}
    )
    show_chart(figure, table, key="constant_dollars", lang=lang)


# ------------------------------------------------------------------ the report


def build_report(
    ctx: PageContext, lang: str, fmt: str, orientations: list[int], targets: list[str] | None
) -> tuple[str, bytes, str]:
    """The report file (name, bytes, MIME type), with a progress bar while its charts are drawn."""
    started = time.monotonic()
    with st.status(say("report.building", ctx.lang, n="…"), expanded=True) as status:
        content = queries.report_content(
            ctx.store,
            ctx.plan,
            lang=lang,
            as_of=ctx.as_of,
            orientations=orientations,
            targets=targets,
            method=queries.method_text(lang),
        )
        bar = st.progress(0.0)

        def advance(done: int, total: int) -> None:
            bar.progress(done / total)

        payload = report_file.write_report(content, fmt, advance)
        seconds = f"{time.monotonic() - started:.1f}"
        status.update(label=say("report.ready", ctx.lang, size=len(payload) // 1024, seconds=seconds), state="complete")
    return f"{ctx.plan.id}-{ctx.as_of}-{lang}.{fmt}", payload, report_file.MIME[fmt]
