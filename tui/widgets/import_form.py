"""Import a sheet from the program screen: kind, file, skip-invalid, and for service hours ``linli import service``'s
approve and create-activities options; the pass runs in a thread behind a progress bar.

The import itself is :func:`~linli.core.importers.run_import`, exactly as
``linli import`` runs it, so problems and the summary read the same; only
the bar differs (the reader reports to a callback instead of drawing on a
terminal), and a refusal points to the form's checkbox, not to the CLI's flag.

Like ``linli import``, the form lists every installed plugin's importer; one
whose plugin the program does not enable is marked as such and refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, ProgressBar, Select, Static

from linli.core.errors import LinliError
from linli.core.i18n import t
from linli.core.importers import Importer, ImportSummary, NewActivities, Offered, ServiceImporter, run_import

if TYPE_CHECKING:
    from linli.tui.app import LinliApp


def kind_label(importer: Importer, locale: str) -> str:
    """How the summary names the importer's rows: a plugin's ``label_key``, else core's ``importers.kind_*``."""
    return t(getattr(importer, "label_key", f"importers.kind_{importer.kind}"), locale)


def summary_lines(summary: ImportSummary, importer: Importer, locale: str) -> list[str]:
    """The CLI's summary in the program's locale: the counts (or the refusal, pointing to the form's checkbox), then every located problem."""
    if summary.written:
        head = t(
            "importers.summary",
            locale,
            kind=kind_label(importer, locale),
            file=summary.file,
            created=summary.created,
            skipped=summary.skipped,
            rejected=summary.rejected,
        )
    else:
        head = t("tui.import_refused", locale, file=summary.file, count=summary.rejected, option=t("tui.import_skip_invalid", locale))
    lines = [head, *(warning.render(locale) for warning in summary.warnings), *summary.report(locale)]
    if summary.rejects:
        lines.append(t("importers.rejects_written", locale, path=summary.rejects))
    if summary.activities:
        lines.append(t("importers.activities_created", locale, count=summary.activities))
    if summary.written and summary.created and isinstance(importer, ServiceImporter) and not importer.approve:
        lines.append(t("tui.import_pending_review", locale))
    return lines


class ImportForm(ModalScreen[None]):
    """Escape or Close leaves the form, but not while an import runs: its thread reports back here."""

    DEFAULT_CSS = """
    ImportForm { align: center middle; }
    ImportForm .modal { width: 90; }
    ImportForm #import-summary { max-height: 12; overflow-y: auto; }
    ImportForm #service-options { height: auto; }
    ImportForm #service-options Horizontal { height: auto; }
    ImportForm #service-options Input { width: 1fr; }
    """
    BINDINGS = [Binding("escape", "close", show=False)]

    def __init__(self, importers: Mapping[str, Offered]) -> None:
        super().__init__()
        self.importers = dict(importers)
        self.running = False

    @property
    def linli(self) -> LinliApp:
        return cast("LinliApp", self.app)

    def compose(self) -> ComposeResult:
        say, lang = self.linli.say, self.linli.lang
        choices = [(self.label(offered), name) for name, offered in self.importers.items()]
        with Vertical(classes="modal"):
            yield Static(say("import_title"))
            yield Select(choices, id="import-kind", value=choices[0][1], allow_blank=False)
            yield Input(id="import-path", placeholder=say("import_path"))
            yield Checkbox(say("import_skip_invalid"), id="import-skip")
            with Vertical(id="service-options"):
                yield Checkbox(say("import_approve"), id="import-approve")
                yield Checkbox(say("import_create_activities"), id="import-create")
                with Horizontal():
                    yield Input(id="import-category", placeholder=say("import_category"))
                    yield Input(id="import-host", placeholder=say("import_host"))
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static("", id="import-summary", markup=False)
            with Horizontal(classes="modal-buttons"):
                yield Button(say("import_run"), id="import-run", variant="primary")
                yield Button(say("import_close"), id="import-close")

    def label(self, offered: Offered) -> str:
        shown = kind_label(offered.importer, self.linli.lang)
        return shown if offered.enabled else self.linli.say("import_kind_disabled", kind=shown, plugin=offered.plugin)

    def on_mount(self) -> None:
        self.show_options()

    @on(Select.Changed, "#import-kind")
    def show_options(self) -> None:
        """The approve and create-activities options are ``linli import service``'s: shown for service hours only."""
        self.query_one("#service-options").display = self.query_one("#import-kind", Select).value == ServiceImporter.kind

    @on(Button.Pressed, "#import-close")
    def action_close(self) -> None:
        if not self.running:
            self.dismiss(None)

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import-run")
    def start(self) -> None:
        raw = self.query_one("#import-path", Input).value.strip()
        summary = self.query_one("#import-summary", Static)
        if not raw:
            summary.update(self.linli.say("import_path_required"))
            return
        offered = self.importers[cast(str, self.query_one("#import-kind", Select).value)]
        if (refusal := offered.refusal()) is not None:
            summary.update(refusal.render(self.linli.lang))
            return
        importer = offered.importer
        if isinstance(importer, ServiceImporter):
            create = None
            if self.query_one("#import-create", Checkbox).value:
                category, host = (self.query_one(f"#import-{key}", Input).value.strip() for key in ("category", "host"))
                if not (category and host):
                    summary.update(self.linli.say("import_create_needs"))
                    return
                create = NewActivities(category, host)
            importer = ServiceImporter(approve=self.query_one("#import-approve", Checkbox).value, create=create)
        self.running = True
        self.query_one("#import-run", Button).disabled = True
        summary.update(self.linli.say("import_running"))
        self.query_one("#import-progress", ProgressBar).update(total=None, progress=0)
        self.importing(importer, Path(raw).expanduser(), self.query_one("#import-skip", Checkbox).value)

    @work(thread=True, group="import", exclusive=True)
    def importing(self, importer: Importer, path: Path, skip_invalid: bool) -> None:
        app = self.linli
        runtime, username = app.runtime, app.username
        assert username is not None, "the program screen is shown only when signed in"
        try:
            summary = run_import(
                importer,
                path,
                runtime.program,
                lambda job: runtime.act(username, job),
                skip_invalid=skip_invalid,
                progress=lambda done, total: app.call_from_thread(self.advance, done, total),
            )
        except LinliError as error:
            app.call_from_thread(self.failed, error)
        else:
            app.call_from_thread(self.finished, summary, importer)

    def advance(self, done: int, total: int | None) -> None:
        self.query_one("#import-progress", ProgressBar).update(total=total, progress=done)

    def failed(self, error: LinliError) -> None:
        self.running = False
        self.query_one("#import-run", Button).disabled = False
        self.query_one("#import-summary", Static).update("")
        self.linli.notify(error.render(self.linli.lang), title=self.linli.say("refused"), severity="error", timeout=8)

    def finished(self, summary: ImportSummary, importer: Importer) -> None:
        self.running = False
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=max(summary.rows, 1), progress=max(summary.rows, 1))
        self.query_one("#import-run", Button).disabled = False
        self.query_one("#import-summary", Static).update("\n".join(summary_lines(summary, importer, self.linli.lang)))
