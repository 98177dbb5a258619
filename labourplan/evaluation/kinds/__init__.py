"""The KPI condition kinds, one module each, found by name: `kinds.get("monthly_reports")`.

Importing the package imports every module in it, so a module that defines and registers a kind
is all a new kind needs (with a migration for its choice of `Condition.kind`).
"""

import importlib
import pkgutil

from labourplan.evaluation.kinds.registry import (
    Kind,
    all_kinds,
    get,
    names,
    percent_names,
    register,
    unregister,
)

__all__ = ["Kind", "all_kinds", "get", "names", "percent_names", "register", "unregister"]

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "registry":
        importlib.import_module(f"{__name__}.{_module.name}")
