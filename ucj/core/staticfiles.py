"""How collected static files are stored (settings.STORAGES, when UCJ_COLLECTED_STATIC)."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    """Django's reference patterns less the sourceMappingURL comments."""
    kept = []
    for extension, rules in patterns:
        rules = tuple(rule for rule in rules
                      if "sourceMappingURL" not in (rule if isinstance(rule, str) else rule[0]))
        kept.append((extension, rules))
    return tuple(kept)


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    """Content-hashed names, gzip and Brotli copies (WhiteNoise), leaving the source-map
    comments of the vendored npm bundles alone: their .map files are not vendored, and a
    reference to a missing file would stop collectstatic."""

    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
