"""Which importers a program may run: core's kinds, and those of the plugins it enables.

``linli import`` and the TUI's import form list every installed plugin's
importer, so an administrator sees what could be imported; a plugin's
importer writes that plugin's data, so it runs only where the program
enables the plugin (one of its sections, or it declares none). A plugin
can't shadow core's kinds, and the first plugin to take a name keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass

from linli.core.errors import Refused
from linli.core.importers.common import Importer
from linli.core.importers.members import MemberImporter
from linli.core.importers.orgs import OrgImporter
from linli.core.importers.service import ServiceImporter
from linli.core.plugins import Hooks, PluginHost


@dataclass(frozen=True)
class Offered:
    """An importer on offer, with the plugin that adds it (None for core's) and that plugin's sections."""

    importer: Importer
    plugin: str | None = None
    sections: tuple[str, ...] = ()
    enabled: bool = True

    def refusal(self) -> Refused | None:
        """Why this program can't run the importer (its plugin is not enabled), or None."""
        if self.enabled:
            return None
        return Refused("importers.plugin_disabled", kind=self.importer.kind, plugin=self.plugin, sections="、".join(self.sections))


def offered_importers(host: PluginHost, hooks: Hooks) -> dict[str, Offered]:
    """Core's kinds, then every installed plugin's, each marked by whether *hooks* (the program's) call its plugin."""
    core: list[Importer] = [OrgImporter(), MemberImporter(), ServiceImporter()]
    offered = {importer.kind: Offered(importer) for importer in core}
    sections = {info.name: info.sections for info in host.infos()}
    enabled = {plugin for plugin, _ in hooks.by_plugin("linli_importers")}
    for plugin, importers in host.all_hooks().by_plugin("linli_importers"):
        for name, importer in (importers or {}).items():
            offered.setdefault(name, Offered(importer, plugin, sections.get(plugin, ()), plugin in enabled))
    return offered
