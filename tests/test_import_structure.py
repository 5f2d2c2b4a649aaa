"""Which parts of Kundcenter may import which (STYLE.md: "The ground floor is small").

`imported_modules(path)` reads the source with `ast` (nothing is imported or run) and
gives, for every module under `path`, the full dotted names it imports from anywhere in
the file, functions included. `forbidden_imports` applies one rule to that map. A new rule
is one more test of a few lines, e.g.:

    def test_domain_apps_do_not_import_mail():
        for app in ("accounts", "tickets", "sla"):
            assert not forbidden_imports(KUNDCENTER / app, ["kundcenter.mail"])
"""

import ast
import textwrap
from collections.abc import Iterable
from fnmatch import fnmatch
from pathlib import Path

import pytest

import kundcenter

KUNDCENTER = Path(kundcenter.__file__).parent


def module_name(path: Path) -> str:
    """The dotted name of the module in `path`, from the outermost package holding it."""
    path = path.resolve()
    parts = [] if path.name == "__init__.py" else [path.stem]
    folder = path.parent
    while (folder / "__init__.py").exists():
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts)


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name `from <level dots><name> import …` refers to inside `module`."""
    if level == 0:
        return name or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, name] if name else base)


def names_imported_by(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every name `source` imports: `import a.b` gives a.b, `from a import b` gives a.b
    (b may be a module or a name in a; a rule matching on a prefix catches both),
    `from a import *` gives a, relative imports are made absolute, and
    `importlib.import_module("a.b")` with a literal gives a.b."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            origin = _resolve(module, is_package, node.level, node.module)
            for alias in node.names:
                names.add(origin if alias.name == "*" else f"{origin}.{alias.name}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and not node.args[0].value.startswith(".")
        ):
            names.add(node.args[0].value)
    return names


def imported_modules(package_path: Path) -> dict[str, set[str]]:
    """For each module under `package_path` (searched recursively), what it imports."""
    result = {}
    for path in sorted(Path(package_path).rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        module = module_name(path)
        result[module] = names_imported_by(
            path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py"
        )
    return result


def within(name: str, prefix: str) -> bool:
    """Whether `name` is `prefix` or something inside it (kundcenter.mail.tasks is inside
    kundcenter.mail; kundcenter.mailbox is not)."""
    return name == prefix or name.startswith(prefix + ".")


def forbidden_imports(
    package_path: Path,
    forbidden: Iterable[str],
    *,
    allowed: Iterable[str] = (),
    exempt: Iterable[str] = (),
) -> dict[str, list[str]]:
    """Modules under `package_path` that import something within one of `forbidden` and
    not within one of `allowed`, with what they import. Modules whose name matches one of
    the `exempt` patterns (fnmatch, e.g. "kundcenter.*.management.commands.bench_*") are
    not checked. Empty when the rule holds."""
    forbidden, allowed, exempt = list(forbidden), list(allowed), list(exempt)
    found = {}
    for module, names in imported_modules(package_path).items():
        if any(fnmatch(module, pattern) for pattern in exempt):
            continue
        bad = sorted(
            name
            for name in names
            if any(within(name, f) for f in forbidden) and not any(within(name, a) for a in allowed)
        )
        if bad:
            found[module] = bad
    return found


# --- the rules -------------------------------------------------------------------------


def test_lib_imports_no_domain_app():
    """lib/ is the ground floor: within kundcenter it may import only lib itself, so
    every app can use it and it depends on none of them."""
    assert imported_modules(KUNDCENTER / "lib"), "no modules found: wrong path?"
    assert not forbidden_imports(KUNDCENTER / "lib", ["kundcenter"], allowed=["kundcenter.lib"]), (
        "lib/ imports from outside lib (see the dict above)"
    )


def test_only_benchmark_commands_import_the_demo_app():
    """Running Kundcenter never needs demo or benchmark data: outside the demo app only
    the benchmark commands, which measure on its data, import it."""
    assert not forbidden_imports(
        KUNDCENTER,
        ["kundcenter.demo"],
        exempt=["kundcenter.demo", "kundcenter.demo.*", "kundcenter.*.management.commands.bench_*"],
    )


@pytest.mark.parametrize("app", ["tickets", "accounts", "sla", "privacy", "catalog", "academy"])
def test_domain_apps_record_consequences_and_never_import_a_channel(app):
    """The domain records what happened in the outbox (kundcenter.outbox.events); the
    mail channel subscribes. Import arrows point from the channels down to the domain:
    no ticket, account (entitlements included), SLA, privacy, catalog or academy module
    imports the mail app or the in-app notices, and none imports the outbox's delivery
    machinery."""
    assert imported_modules(KUNDCENTER / app), "no modules found: wrong path?"
    assert not forbidden_imports(
        KUNDCENTER / app,
        ["kundcenter.mail", "kundcenter.notices", "kundcenter.outbox", "kundcenter.webhooks"],
        allowed=["kundcenter.outbox.events"],
    )


def test_the_outbox_knows_no_channel_and_no_domain_app():
    """The outbox is infrastructure under both: it imports neither a channel nor a
    domain app (channels and the domain register with it)."""
    assert not forbidden_imports(
        KUNDCENTER / "outbox", ["kundcenter"], allowed=["kundcenter.outbox", "kundcenter.lib"]
    )


def test_the_mail_channel_subscribes_to_the_outbox():
    """The arrow the other way: the mail app imports the outbox and subscribes there."""
    imports = imported_modules(KUNDCENTER / "mail")
    assert "kundcenter.outbox.events.subscribe" in imports["kundcenter.mail.channel"]


def test_the_in_app_notices_are_a_channel_too():
    """In-app notifications subscribe to the outbox like the mail (STYLE.md); they and the
    mail channel know nothing of each other."""
    imports = imported_modules(KUNDCENTER / "notices")
    assert "kundcenter.outbox.events.subscribe" in imports["kundcenter.notices.channel"]
    assert not forbidden_imports(KUNDCENTER / "notices", ["kundcenter.mail"])
    assert not forbidden_imports(KUNDCENTER / "mail", ["kundcenter.notices"])


def test_webhooks_are_a_channel_that_subscribes_to_the_outbox():
    """Webhooks subscribe to the outbox like the mail and the in-app notices; they know
    neither of those channels, and neither knows them (no domain app does either, above)."""
    imports = imported_modules(KUNDCENTER / "webhooks")
    assert "kundcenter.outbox.events.subscribe" in imports["kundcenter.webhooks.channel"]
    assert not forbidden_imports(KUNDCENTER / "webhooks", ["kundcenter.mail", "kundcenter.notices"])
    # Only the outbox's recording API: delivery and its models stay the outbox's own.
    assert not forbidden_imports(
        KUNDCENTER / "webhooks", ["kundcenter.outbox"], allowed=["kundcenter.outbox.events"]
    )
    for channel in ("mail", "notices"):
        assert not forbidden_imports(KUNDCENTER / channel, ["kundcenter.webhooks"])


# --- the helper itself ---------------------------------------------------------------


def test_imported_modules_sees_every_form_of_import(tmp_path):
    package = tmp_path / "top" / "inner"
    package.mkdir(parents=True)
    (tmp_path / "top" / "__init__.py").write_text("from .inner import helper\n")
    (package / "__init__.py").write_text("from . import sibling\n")
    (package / "sibling.py").write_text("")
    (package / "helper.py").write_text(
        textwrap.dedent(
            """
            import os.path
            import json as j
            from django.db import models, transaction
            from . import sibling
            from .sibling import thing
            from .. import other
            from ..other.deep import *

            def later():
                from kundcenter.mail import tasks
                import importlib
                importlib.import_module("kundcenter.sla.policy")

            class Late:
                def method(self):
                    import kundcenter.tickets.actions
            """
        )
    )
    found = imported_modules(tmp_path / "top")
    assert found["top"] == {"top.inner.helper"}
    assert found["top.inner"] == {"top.inner.sibling"}
    assert found["top.inner.sibling"] == set()
    assert found["top.inner.helper"] == {
        "os.path",
        "json",
        "django.db.models",
        "django.db.transaction",
        "top.inner.sibling",
        "top.inner.sibling.thing",
        "top.other",
        "top.other.deep",
        "kundcenter.mail.tasks",
        "importlib",
        "kundcenter.sla.policy",
        "kundcenter.tickets.actions",
    }
    assert forbidden_imports(tmp_path / "top", ["kundcenter.mail", "top.other"]) == {
        "top.inner.helper": ["kundcenter.mail.tasks", "top.other", "top.other.deep"]
    }
    assert not forbidden_imports(
        tmp_path / "top", ["kundcenter"], allowed=["kundcenter.mail"], exempt=["*.helper"]
    )
