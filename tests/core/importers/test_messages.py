"""Every message the importers and exporters use exists in Chinese and English, built keys included."""

from __future__ import annotations

import re
from pathlib import Path

from linli.core import exporters, importers
from linli.core.exporters.ledger import POSTING_COLUMNS, STATEMENT_COLUMNS
from linli.core.i18n import catalogue
from linli.core.models.members import MEMBER_STATUSES
from linli.core.models.service import TRANSITIONS

CLI = Path(importers.__file__).parents[1] / "cli"


def test_every_key_is_in_both_catalogues() -> None:
    folders = [Path(importers.__file__).parent, Path(exporters.__file__).parent]
    files = [path for folder in folders for path in folder.glob("*.py")] + [CLI / "import_commands.py", CLI / "export_commands.py"]
    source = "".join(path.read_text("utf-8") for path in files)
    used = set(re.findall(r'"((?:importers|exporters)\.\w+)"', source))
    built = {f"importers.kind_{kind}" for kind in ("orgs", "members", "service")}
    built |= {f"exporters.status_{status}" for status in MEMBER_STATUSES} | {f"exporters.state_{state}" for state in TRANSITIONS}
    built |= {f"exporters.col_{column}" for column in (*POSTING_COLUMNS, *STATEMENT_COLUMNS, "member_name", "approved_hours", "state")}
    assert len(used) > 20
    for locale in ("zh-CN", "en"):
        assert sorted((used | built) - set(catalogue(locale))) == [], locale
