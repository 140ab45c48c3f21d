"""Review: what the networks submitted. A reviewer sees what awaits review with the preview its submitter saw,
approves or returns it, locks or unlocks years, and sets a target's status with a reason (or restores the
computed one); a submitter sees her submissions and their state; a viewer sees the sign-in and nothing of the
submissions' figures."""

import streamlit as st

from planmetrics import ui

ctx = ui.page(allow_empty=True)
lang = ctx.lang

# 1. Who is reviewing (a viewer signs in first)
st.title(ui.say_escaped("review_page.title", lang))
who = ui.editor(ctx)
if who is None:
    st.stop()

# 2. A submitter's own submissions, with their state and a return's reason
if not who.reviews:
    ui.own_submissions(ctx, who)
    st.stop()

# 3. What awaits review, newest first: changes, statuses before → after, approve or return
ui.awaiting_review(ctx, who)
ui.every_submission(ctx)

# 4. Locked years: who locked each, when and why; lock a year, unlock one with a reason
ui.locked_years(ctx)

# 5. Statuses set by the plan team: set one with a reason, or restore the computed one
ui.status_form(ctx, who)
