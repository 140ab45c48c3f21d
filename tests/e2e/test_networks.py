"""Issue 19's "Done when" in a real browser: after Desjardins' 2019 submission is approved and the plan team sets
a status over the computed one, the overview says how many networks have reported 2019 and the card of « Emplois
nets créés d'ici 2020 » shows the status set, by whom, when and why, beside the computed one; the overview's link
opens the Networks page, where Desjardins has reported 2019 and Sollio is late since the day after its due date,
with the heatmap of each network's part in each target drawn with Desjardins' numbers in it. Once in French, once
in English; no id on any of these pages.

Everything is set up through the command line, as users would on a fresh clone: `init`, `user add` (an editor for
Desjardins, a reviewer), the editor's `import` (a submission), the reviewer's `approve` and `override`. The
dashboard runs with `PLANMETRICS_TODAY=2026-12-01`, long after 2019's figures were due (2020-04-30). One
`streamlit run` for the module, one page load a language (the Networks page is reached through the overview's
link, the same session). Screenshots: tests/e2e/screenshots/networks-{fr,en}-*.png.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from bench.serve import start_streamlit
from planmetrics.look import STATUSES
from planmetrics.plan import default_plan, load_plans
from tests.conftest import run_cli
from tests.e2e.conftest import Server, open_page, settled, shot
from tests.e2e.test_review import shown
from tests.pages.test_french import offences

pytestmark = pytest.mark.e2e

PLAN = default_plan(load_plans())
TODAY = "2026-12-01"
# Desjardins' 2019 figures, in a file with the network's column: 48,250 jobs and $21.5 billion of revenue
DESJARDINS_2019 = (
    "year,indicator,region,network,value,source\n"
    '2019,jobs,Québec,desjardins,48250,"Mouvement Desjardins, rapport annuel 2019"\n'
    '2019,revenue,Québec,desjardins,21500000000,"Mouvement Desjardins, rapport annuel 2019"\n'
)
# Rémi writes his reason in French whatever the reader's language: it is shown as he typed it
REASON = "Les emplois de 2019 ne comptent pas encore ceux de Sollio, en retard : l'équipe du plan reste prudente."
TITLE = {"fr": "Emplois nets créés d'ici 2020", "en": "Net new jobs by 2020"}
FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre")  # fmt: skip
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")  # fmt: skip
NBSP = "\u00a0"

# What each language's pages must say, written by hand. The reported line: 1 network (Desjardins) of the 9 the
# plan lists has every figure owed for 2019 approved. Late since: due 2020-04-30, late from the next day.
# The heatmap's Desjardins cells: jobs_net's figure alone (the shipped figures have no 2019 total of jobs, so no
# share; no 2014 figure of Desjardins' own, so no change); each revenue target's share of the 2019 total of
# $47 billion, 21.5 / 47 = 0.45745 → 45.7 %, and the figure, $21.5 billion. The status computed for jobs_net, as
# of 2019 (its latest figure 2018's): 116,000 jobs against 100,000 in 2014, a gain of 16,000 where a straight path
# to +20,000 in 2020 expects 20,000 × 4/6 = 13,333 by 2018, 120 % of it: on track; Rémi set "needs acceleration".
SAID = {
    "fr": {
        "desjardins": "Mouvement Desjardins",
        "sollio": "Sollio Groupe Coopératif",
        "approved": "✓ approuvé",
        "late": f"! en retard depuis le 1er{NBSP}mai 2020",
        "reported": "1 réseau sur 9 a fait rapport pour 2019.",
        "link": "Qui a fait rapport et qui est en retard : la page Réseaux",
        "jobs": f"48{NBSP}250",
        "revenue": f"21,5{NBSP}G$",
        "share": f"45,7{NBSP}% du total",
        "status": "Accélération requise",
        "set": "Statut fixé par l'équipe du plan (remi, {day}) : " + REASON,
        "computed": "Statut calculé selon les règles de la méthode : En bonne voie.",
        "year": "Année du rapport",
    },
    "en": {
        "desjardins": "Desjardins Group",
        "sollio": "Sollio Cooperative Group",
        "approved": "✓ approved",
        "late": "! late since May 1, 2020",
        "reported": "1 of 9 networks has reported 2019.",
        "link": "Who has reported and who is late: the Networks page",
        "jobs": "48,250",
        "revenue": "$21.5B",
        "share": "45.7% of the total",
        "status": "Needs acceleration",
        "set": "Status set by the plan team (remi, {day}): " + REASON,
        "computed": "Status computed by the method's rules: On track.",
        "year": "Year reported",
    },
}

# The ids a person must never read, in either language: the networks', the targets' and the statuses' that are
# no English word (`needs_acceleration`, `on_track`; `stable` or `achieved` may be words of an English sentence)
_IDS = [*(n.id for n in PLAN.networks), *(t.id for t in PLAN.targets), *(s for s in STATUSES if "_" in s)]
IDS = re.compile(r"(?<![\w-])(" + "|".join(re.escape(i) for i in _IDS) + r")(?![\w-])")


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = run_cli(*args, env=env)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The dashboard on a database set up through the command line: Desjardins' 2019 submitted by Dana, approved
    by Rémi, and jobs_net's status set by Rémi for views as of 2019, judged on 2026-12-01."""
    tmp = tmp_path_factory.mktemp("e2e-networks")
    db, secrets = tmp / "e2e.duckdb", tmp / "secrets.toml"
    env = {**os.environ, "PLANMETRICS_DB": str(db), "PLANMETRICS_SECRETS": str(secrets), "PLANMETRICS_TODAY": TODAY}
    cli(env, "init")
    cli({**env, "PLANMETRICS_PASSWORD": "caisse-populaire-2019"}, "user", "add", "dana", "--role", "editor",
        "--network", "desjardins")  # fmt: skip
    cli({**env, "PLANMETRICS_PASSWORD": "revision-du-plan"}, "user", "add", "remi", "--role", "reviewer")
    (tmp / "desjardins-2019.csv").write_text(DESJARDINS_2019, encoding="utf-8")
    submitted = json.loads(cli(env, "--json", "import", str(tmp / "desjardins-2019.csv"), "--by", "dana").stdout)
    assert (submitted["state"], submitted["network"]) == ("submitted", "desjardins")
    cli(env, "approve", submitted["batch"], "--by", "remi")
    cli(env, "override", "jobs_net", "--status", "needs_acceleration", "--reason", REASON, "--by", "remi",
        "--as-of", "2019")  # fmt: skip
    url, process = start_streamlit(env)
    yield Server(url, db, secrets, env)
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def set_on(server: Server) -> dt.date:
    """The day Rémi set the status, on Québec's clock, from the time `overrides` says the store recorded."""
    (found,) = json.loads(server.cli("--json", "overrides").stdout)
    assert (found["target"], found["status"], found["computed_status"]) == (
        "jobs_net",
        "needs_acceleration",
        "on_track",
    )
    assert (found["by"], found["reason"], found["as_of"], found["stale"]) == ("remi", REASON, 2019, False)
    return dt.datetime.fromisoformat(found["at"]).astimezone(ZoneInfo("America/Toronto")).date()


def written(day: dt.date, lang: str) -> str:
    """A day as a reader reads it, written by hand: `1er décembre 2026`, `December 1, 2026`."""
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day}{NBSP}{FRENCH_MONTHS[day.month - 1]} {day.year}"
    return f"{ENGLISH_MONTHS[day.month - 1]} {day.day}, {day.year}"


def no_id(page: Page, lang: str) -> None:
    """No id on the page's main area; on a French page, no English word and no other id of the plan either."""
    texts = shown(page)
    found = [text for text in texts if IDS.search(text)]
    if lang == "fr":
        found += offences(texts, PLAN)
    assert not found, found


def drawn(page: Page) -> None:
    """The page's run over and every element of it drawn: `settled`, and no placeholder (`stSkeleton`) left where
    an element of the run is still to come (early in a run, before the running indicator shows, `settled` alone
    may pass with half the cards still placeholders)."""
    settled(page)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


def row_of(table: Locator, name: str) -> Locator:
    """A table's row holding a network's name, in the grid's own table (kept out of the accessibility tree: the
    grid is drawn on a canvas)."""
    return table.locator("tr").filter(has=table.page.get_by_text(name, exact=True))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_networks_page_and_the_overview_say_who_has_reported(
    browser: Browser, server: Server, set_on: dt.date, lang: str
) -> None:
    said = SAID[lang]
    context = browser.new_context(viewport={"width": 1400, "height": 3600}, locale=f"{lang}-CA")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        # 1. The overview: the reported line, and the card with the status Rémi set, his reason and the computed one
        open_page(page, server, lang=lang)
        expect(page.get_by_text(said["reported"])).to_be_visible()
        title = page.get_by_text(TITLE[lang], exact=True)
        card = page.get_by_test_id("stVerticalBlock").filter(has=title).last
        expect(card).to_contain_text(said["status"])
        expect(card).to_contain_text(said["set"].format(day=written(set_on, lang)))
        expect(card).to_contain_text(said["computed"])
        expect(page.get_by_text(said["set"].split("(")[0], exact=False)).to_have_count(1)  # on that card alone
        drawn(page)
        shot(page, f"networks-{lang}-overview")
        no_id(page, lang)

        # 2. Its link to the Networks page (the same session): 2019 chosen, the same line
        page.get_by_role("link", name=said["link"]).click()
        settled(page)
        expect(page.get_by_role("combobox", name=said["year"], exact=True)).to_have_value("2019")
        expect(page.get_by_text(said["reported"])).to_be_visible()

        # 3. The completeness grid: Desjardins approved for both figures, Sollio late since May 1, 2020
        grid = page.get_by_test_id("stDataFrame").filter(has_text=said["approved"])
        expect(grid).to_have_count(1)
        expect(row_of(grid, said["desjardins"]).get_by_text(said["approved"], exact=True)).to_have_count(2)
        expect(row_of(grid, said["sollio"]).get_by_text(said["late"], exact=True)).to_have_count(2)

        # 4. The heatmap drawn, Desjardins' numbers written in its cells
        heatmap = page.get_by_test_id("stPlotlyChart").locator("svg.main-svg").first
        expect(heatmap).to_be_visible()
        for number in (said["jobs"], said["revenue"], said["share"]):
            expect(heatmap).to_contain_text(number)
        expect(heatmap.locator("text").filter(has_text=said["share"])).to_have_count(2)  # its two revenue targets
        drawn(page)
        shot(page, f"networks-{lang}")
        no_id(page, lang)
    except Exception:
        shot(page, f"networks-{lang}-failed")  # where it stood
        raise
    finally:
        context.close()
