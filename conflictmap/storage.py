"""Static files served by the app itself (WhiteNoise): the production storage and the middleware.

The map page's scripts are ES modules (`import … from "./lib/dom.js"`). Without rewriting those
imports the hashed map.js would import the unhashed lib files, served with a short cache lifetime
and able to go stale beside a fresh map.js; with it, every file the page loads is
content-addressed.
"""

import os

from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStorage(CompressedManifestStaticFilesStorage):
    """STATIC_MANIFEST=1: hashed, pre-compressed copies, module imports rewritten too."""

    support_js_module_import_aggregation = True
    # A module's hashed name depends on its imports' hashed names. Each pass over the files
    # settles at least one more level of the import graph (files of one folder are taken in no
    # particular order), and the map's graph is about a dozen modules deep: Django's 5 passes
    # fall short ("Max post-process passes exceeded").
    max_post_process_passes = 30


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, quiet about a STATIC_ROOT that was never collected when the files are served
    from the apps' folders anyway (STATIC_MANIFEST off: tests, `make run`). With the manifest a
    missing STATIC_ROOT is a real fault, and WhiteNoise still warns."""

    def add_files(self, root: str, prefix: str | None = None) -> None:
        uncollected = root == self.static_root and not os.path.isdir(root)
        if not (self.use_finders and uncollected):
            super().add_files(root, prefix)
