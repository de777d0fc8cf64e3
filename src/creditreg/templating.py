"""The one way creditreg renders HTML with Jinja2: the console's pages and the simulation
report. Autoescaping is always on (rule texts and names come from files and the
division database), an undefined name is an error, and blocks leave no blank lines.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


def environment(package: str, **options: Any) -> Environment:
    """An environment for the templates in ``package``'s ``templates`` folder."""
    return Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )
