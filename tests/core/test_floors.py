"""The ground floor stays the ground floor: each app imports only the apps below it.

Floors, from the ground up: ``core`` (what every app shares), ``home`` (users, schools,
pages, sign-in), ``policy``, ``forms_app``, and ``intranet`` (the project: settings, URLs,
the commands that span every app). An import from a lower floor to a higher one, even
inside a function, is refused here; a lower floor that needs something from a higher one
offers a Wagtail hook instead. Signal receivers are connected in ``AppConfig.ready`` only.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = ["core", "home", "policy", "forms_app", "intranet"]


def modules_imported(path: Path) -> set[str]:
    """The top-level package of every module ``path`` imports, wherever the import stands."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def code_files(app: str):
    return [path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]


@pytest.mark.parametrize("app", FLOORS[:-1])
def test_no_app_imports_a_floor_above_it(app):
    above = set(FLOORS[FLOORS.index(app) + 1 :])
    upward = {
        f"{path.relative_to(ROOT)} imports {', '.join(sorted(modules_imported(path) & above))}"
        for path in code_files(app)
        if modules_imported(path) & above
    }
    assert not upward, "\n".join(sorted(upward))


def test_signal_receivers_are_connected_only_in_app_configs():
    decorated = [
        str(path.relative_to(ROOT)) for app in FLOORS for path in code_files(app) if "@receiver(" in path.read_text()
    ]
    assert not decorated, f"connect these receivers in their AppConfig.ready instead: {decorated}"
