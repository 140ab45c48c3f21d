"""Text is text in a real browser (issue 15, finding 7 and the fonts of 9): a file named
`![x](http://127.0.0.1:PORT/f.png).csv` with a header `![x](http://127.0.0.1:PORT/h.png)`, a source and a
commentary holding URLs, shown on the upload preview, the history and the overview's cards: a small HTTP
server on PORT receives no request, the DOM holds no link to those URLs and no image from them. And every
page loads every font and asset from the app itself: no request leaves its origin, the tab's icon included.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from bench.serve import free_port
from tests.e2e.conftest import Server, fill_sign_in, open_page, settled, shot, signed_in
from tests.e2e.test_change import sign_in

PAGES = ("", "overview", "jobs", "revenue", "benefits", "networks", "reports", "upload", "history", "method")


class Trap:
    """A loopback HTTP server that only counts what asks it for anything (an image a page should never load)."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        trap = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                trap.paths.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"


@pytest.fixture
def trap() -> Iterator[Trap]:
    running = Trap()
    running.thread.start()
    yield running
    running.server.shutdown()
    running.server.server_close()


def loose(text: str) -> re.Pattern[str]:
    """`text` as the page shows it: Markdown's invisible word joiners (no link made) may sit between any two
    characters."""
    return re.compile("\u2060?".join(re.escape(c) for c in text))


def requests_of(page: Page) -> list[str]:
    """Every URL the page asks for from now on."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def assert_nothing_from(page: Page, trap: Trap, *urls: str) -> None:
    """No link to these URLs nor to the trap, no image from anywhere but the app (or inline data)."""
    hrefs = page.eval_on_selector_all("a[href]", "nodes => nodes.map(n => n.href)")
    assert not [h for h in hrefs if trap.host in h or any(u in h for u in urls)], hrefs
    sources = page.eval_on_selector_all("img", "nodes => nodes.map(n => n.src)")
    origin = page.evaluate("location.origin")
    assert all(s.startswith((origin, "data:", "blob:")) for s in sources), sources
    assert page.locator("img[src*='png']").count() == 0


def hostile_csv(trap: Trap) -> bytes:
    header = f"![x](http://{trap.host}/h.png)"
    return f"year,indicator,region,value,{header}\n2019,jobs,Québec,121000,zz\n".encode()


def test_markdown_from_files_and_people_loads_nothing(page: Page, server: Server, trap: Trap) -> None:
    """Finding 7 replayed in Chromium, through the upload, the history and a commentary on a card."""
    name = f"![x](http://{trap.host}/f.png)"
    source = "http://evil.example/x and www.evil.example"
    asked = requests_of(page)
    sign_in(page, server)
    uploader = page.get_by_test_id("stFileUploaderDropzoneInput")
    uploader.set_input_files({"name": f"{name}.exe", "mimeType": "application/octet-stream", "buffer": b"MZ"})
    expect(page.get_by_text("only .csv, .tsv, .txt, .xlsx and .xls files are read")).to_be_visible()
    expect(page.get_by_text(loose(f"{name}.exe"))).to_be_visible()  # the name as typed, as text
    assert_nothing_from(page, trap, "evil.example")
    page.get_by_label("Source (for rows without one)").fill(source)
    page.get_by_label("Source (for rows without one)").press("Enter")
    settled(page)  # the run the new source starts is over before the next file is given
    uploader.set_input_files({"name": f"{name}.csv", "mimeType": "text/csv", "buffer": hostile_csv(trap)})
    expect(page.get_by_text("These columns were ignored")).to_be_visible()
    expect(page.get_by_text(loose(f"![x](http://{trap.host}/h.png)"))).to_be_visible()
    shot(page, "text-upload-preview")
    assert_nothing_from(page, trap, "evil.example")
    page.get_by_role("button", name="Commit these figures").click()
    expect(page.get_by_text("Committed as batch")).to_be_visible()

    open_page(page, server, "history")
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    shot(page, "text-history")
    assert_nothing_from(page, trap, "evil.example")

    open_page(page, server)
    page.get_by_text("Add a commentary").click()
    fill_sign_in(page, "alice", "correct-horse")
    expect(page.get_by_text(signed_in("alice"))).to_be_visible()
    comment = f"Behind: see http://{trap.host}/c.png, www.evil.example and ![y](http://{trap.host}/i.png)"
    page.get_by_label("Commentary (why we are ahead or behind)").fill(comment)
    page.get_by_role("button", name="Save the commentary").click()
    expect(page.get_by_text("Commentary saved: it shows on the card")).to_be_visible()
    open_page(page, server)
    expect(page.get_by_text(loose(f"see http://{trap.host}/c.png")).first).to_be_visible()
    shot(page, "text-comment")
    assert_nothing_from(page, trap, "evil.example")
    open_page(page, server, "jobs")  # the source typed at the upload, under the jobs chart
    expect(page.get_by_text(loose("http://evil.example/x")).first).to_be_visible()
    assert_nothing_from(page, trap, "evil.example")
    assert trap.paths == []
    assert not [url for url in asked if trap.host in url or "evil.example" in url]


def test_every_page_loads_its_fonts_and_assets_from_the_app(page: Page, server: Server) -> None:
    """No request of any page leaves the app's origin (fonts, icons, scripts), and the tab's icon is the app's
    own, not Material Symbols' SVG from fonts.gstatic.com."""
    asked = requests_of(page)
    for path in PAGES:
        open_page(page, server, path)
        icons = page.eval_on_selector_all("link[rel*='icon']", "nodes => nodes.map(n => n.href)")
        assert icons and all(i.startswith((server.url, "data:")) for i in icons), icons
    outside = [url for url in asked if not url.startswith((server.url, "data:", "blob:"))]
    assert outside == []
    assert any(url.endswith(".woff2") for url in asked)  # the fonts, served by the app
