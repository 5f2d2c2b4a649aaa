"""Static files with content-hashed names (`app.3f2a9c1b.css`), so they can be cached for
a year: WhiteNoise (and contrib/nginx.conf) serve hashed names as immutable.

Not strict: before the first `collectstatic` (the embedded run, a benchmark) the plain
names are used, served by WhiteNoise from the app folders with a short cache lifetime.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def stored_name(self, name):
        if not self.hashed_files:  # no collectstatic yet: the file as it is
            return name
        return super().stored_name(name)
