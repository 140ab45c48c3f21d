"""Networks: who has reported a year and who is late, the completeness grid, each network's figures and its
part in each target, and who answers for each target."""

import streamlit as st

from planmetrics import ui

ctx = ui.page(allow_empty=True)
lang = ctx.lang

# 1. Title, caption and the year whose reports are looked at
st.title(ui.say_escaped("networks_page.title", lang))
ui.networks_caption(ctx)
year = ui.networks_year(ctx)
if year is None:
    st.stop()
duties = ui.year_duties(ctx, year)

# 2. Who has reported the year, who is late and since when
ui.reporting_lines(ctx, duties, year)
ui.late_table(ctx, duties, year)

# 3. The completeness grid: a network a row, a figure owed a column, each state in words
ui.completeness_grid(ctx, duties, year)

# 4. Each network's figures for the year (those that count)
ui.network_figures(ctx, duties, year)

# 5. Each network's part in each target, as a heatmap with its numbers
ui.network_contributions(ctx, year)

# 6. Who answers for each target, when the plan names anyone
ui.owners(ctx)
