"""The benchmark's browser measurement (bench/browser.py), on a tiny data set: it runs, its figures
are read from the browser, and the weight bars hold (issue 15). No times: they belong to `make bench`."""

from pathlib import Path

from django.contrib.staticfiles import finders

from bench.browser import BAR, KEY_PAGES, authenticators, compressed_size, key_pages, measure_pages, verdict
from bench.generate import Scale, generate


def test_every_key_page_is_measured_in_the_browser_and_stays_within_the_weight_bars(browser, live_server, settings):
    settings.TWO_FACTOR_REQUIRED = True  # as in production: the centre's pages come after the second factor
    generate(Scale(years=1, provinces=3, activities=5), log=lambda _: None)
    pages = key_pages(password="bench-browser-smoke")
    keys = authenticators({username for _, username, _ in pages})
    assert list(keys) == ["bench.centre"]
    figures = measure_pages(live_server.url, pages, "bench-browser-smoke", browser, keys=keys)

    assert [f["page"] for f in figures] == KEY_PAGES
    for f in figures:
        assert f["status"] == 200, f
        assert f["requests"] >= 5 and f["dom_elements"] > 40 and f["load_ms"] > 0, f
        assert f["bytes_transferred"] >= f["static_bytes"] > 0, f
        assert f["html_bytes"] <= BAR["html_bytes"], f
    assert not verdict(figures)["html_bytes"]

    # what a first visit needs of the static files, as WhiteNoise would send it compressed (the
    # test server sends them as they are); every file the sign-in page asks for is counted
    first_visit = figures[0]["static_files"]
    assert any(path.endswith(".woff2") for path in first_visit)  # the fonts are the WOFF2 subsets
    assert not [path for path in first_visit if "htmx" in path or path.endswith(".ttf")]
    weight = sum(compressed_size(Path(finders.find(path.removeprefix("/static/")))) for path in first_visit)
    assert weight <= BAR["first_visit_static_bytes"], weight
