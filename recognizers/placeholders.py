"""What a redacted span is replaced with: ``[placeholders]`` of ``conf/recognizers.toml``.

Kept apart from ``recognizers.engine`` so that scrubbing code can use it without importing Presidio and spaCy
(the main process of a parallel run never analyses text itself).
"""

from __future__ import annotations

from functools import cache

from conf import load_toml

CONF_NAME = "recognizers.toml"


@cache
def _placeholders() -> dict[str, str]:
    return dict(load_toml(CONF_NAME).get("placeholders", {}))


def placeholder_for(entity: str) -> str:
    """The replacement text for an entity, from ``[placeholders]`` of ``conf/recognizers.toml``; ``〔ENTITY〕``
    when unconfigured."""
    return str(_placeholders().get(entity, f"〔{entity}〕"))
