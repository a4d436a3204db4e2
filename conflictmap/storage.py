"""Static files storage for production (STATIC_MANIFEST=1): WhiteNoise's hashed and pre-compressed
copies, with ES module imports rewritten to the hashed names as well.

The map page's scripts are ES modules (`import … from "./lib/dom.js"`). Without the rewrite the
hashed map.js would import the unhashed lib files, served with a short cache lifetime and able to
go stale beside a fresh map.js; with it, every file the page loads is content-addressed.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
