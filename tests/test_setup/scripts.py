"""The repository's ``scripts/*.py`` loaded as modules, for their unit tests."""

from pathlib import Path
from types import ModuleType
import importlib.util


ROOT = Path(__file__).resolve().parents[2]


def load_script(name: str) -> ModuleType:
    """A fresh module of ``scripts/<name>.py`` (module-level state is not shared)."""
    spec = importlib.util.spec_from_file_location(
        f"script_{name}", ROOT / "scripts" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
