"""The map page's weight (issue 16): its own scripts and stylesheets, vendored libraries included,
under 1 MB compressed; the offline base map, apart, under 1.5 MB. A size check, not a timing: the
files are the ones the rendered page names (and every module its scripts import), found through
the static-files finders as the server serves them."""

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.staticfiles import finders

PAGE_BUDGET = 1_000_000
BASEMAP_BUDGET = 1_500_000
# A module's static imports: import … from "./x.js", import "./x.js" (our modules import only
# relative paths; a bare name would be a package the page could not load without a bundler).
IMPORT = re.compile(
    r"""^\s*(?:import|export)\b[^"';]*?(?:from\s*)?["'](\.{1,2}/[^"']+)["']""", re.M
)


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        if tag == "link" and a.get("rel") == "stylesheet":
            self.styles.append(a["href"])
        self._in_config = tag == "script" and a.get("id") == "map-config"

    def handle_data(self, data):
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag):
        self._in_config = False


def static_file(url: str) -> Path:
    assert url.startswith(settings.STATIC_URL), url
    found = finders.find(url.removeprefix(settings.STATIC_URL))
    assert found, f"{url} is not a static file"
    return Path(found)


def module_graph(entry: str) -> set[str]:
    """The static path of `entry` and of every module it imports, transitively."""
    seen: set[str] = set()
    todo = [entry]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        text = Path(finders.find(path)).read_text()
        for relative in IMPORT.findall(text):
            joined = PurePosixPath(path).parent / relative
            parts: list[str] = []
            for part in joined.parts:
                if part == "..":
                    parts.pop()
                elif part != ".":
                    parts.append(part)
            todo.append("/".join(parts))
    return seen


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def page_assets(client) -> tuple[set[Path], dict]:
    response = client.get("/")
    assert response.status_code == 200
    page = Assets()
    page.feed(response.content.decode())
    files = {static_file(url) for url in page.scripts + page.styles}
    for url in page.scripts:
        if url.endswith(".js"):
            for module in module_graph(url.removeprefix(settings.STATIC_URL)):
                files.add(Path(finders.find(module)))
    return files, json.loads(page.config)


def test_the_map_page_scripts_and_stylesheets_are_under_1_mb_compressed(db, client):
    files, _ = page_assets(client)
    names = {f.name for f in files}
    # The count is of what the page really loads: Leaflet, its cluster plugin, our modules.
    assert {"leaflet.js", "leaflet.css", "leaflet.markercluster.js", "map.js", "store.js"} <= names
    assert {"app.css", "map-states.css", "status.js", "embed.js"} <= names
    total = sum(gzipped(f) for f in files)
    print(f"map page: {len(files)} scripts and stylesheets, {total:,} bytes gzipped")
    assert total < PAGE_BUDGET, sorted((gzipped(f), f.name) for f in files)[-5:]


def test_the_offline_base_map_is_under_1_5_mb_compressed(db, client):
    _, config = page_assets(client)
    basemap = static_file(config["basemap"])
    size = gzipped(basemap)
    print(f"base map: {basemap.stat().st_size:,} bytes, {size:,} gzipped")
    assert size < BASEMAP_BUDGET
