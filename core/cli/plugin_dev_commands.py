"""``linli plugin …``: tools for plugin authors (``linli plugins`` lists what is installed).

A group of its own rather than subcommands of ``linli plugins``, so that
``linli plugins`` keeps listing with its options as before.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from linli.core import plugin_check, plugin_docs, scaffold
from linli.core.cli.app import cli
from linli.core.i18n import current_locale, t


@cli.group()
def plugin() -> None:
    """Tools for plugin authors: a new plugin package, the hook reference, a check of installed plugins.

    \b
    Examples:
      linli plugin new quiet-hours   scaffold linli-quiet-hours/
      linli plugin docs              print the hook reference (Markdown)
      linli plugin docs --write      refresh it in docs/plugins.md
      linli plugin check             check every installed plugin
    """


@plugin.command()
@click.option("--write", is_flag=True, help="Refresh the reference in docs/plugins.md instead of printing it.")
@click.option("--check", "check_only", is_flag=True, help="Exit 1 when docs/plugins.md is stale.")
def docs(write: bool, check_only: bool) -> None:
    """The hook reference, generated from the hookspecs' docstrings.

    \b
    Examples:
      linli plugin docs > hooks.md
      linli plugin docs --check
    """
    locale, guide = current_locale(), plugin_docs.GUIDE
    if not (write or check_only):
        click.echo(plugin_docs.render())
        return
    if not guide.exists():
        click.echo(t("plugin_dev.no_guide", locale), err=True)
        click.echo(plugin_docs.render())
        return
    text = guide.read_text("utf-8")
    fresh = plugin_docs.refreshed(text)
    if check_only:
        if fresh != text:
            click.echo(t("plugin_dev.docs_stale", locale, path=guide), err=True)
            sys.exit(1)
        click.echo(t("plugin_dev.docs_current", locale, path=guide))
        return
    guide.write_text(fresh, "utf-8")
    click.echo(t("plugin_dev.docs_written", locale, path=guide))


@plugin.command()
def check() -> None:
    """Check installed plugins: hooks against the hookspecs, schemas against JSON Schema 2020-12.

    Every plugin is reported, each with its problems; exit 1 when any has one.
    Blocked plugins are checked too. A plugin with a problem here is one
    other commands leave out with a warning.

    \b
    Examples:
      linli plugin check
    """
    locale = current_locale()
    reports = plugin_check.check_installed()
    if not reports:
        click.echo(t("plugin_dev.check_none", locale))
    for report in reports:
        key = "plugin_dev.check_failed" if report.problems else "plugin_dev.check_ok"
        click.echo(t(key, locale, name=report.name, distribution=report.distribution, count=len(report.problems)))
        for problem in report.problems:
            click.echo(f"    {problem}")
    if any(report.problems for report in reports):
        sys.exit(1)


@plugin.command()
@click.argument("name")
@click.option("--directory", "-d", type=click.Path(file_okay=False, path_type=Path), default=Path(), help="Where to create linli-NAME/.")
def new(name: str, directory: Path) -> None:
    """Scaffold the package linli-NAME: pyproject with the entry point, a hook module with a schema, a passing test.

    \b
    Examples:
      linli plugin new quiet-hours
      linli plugin new blood-donation -d ~/src
    """
    root = scaffold.scaffold(name, directory)
    click.echo(t("plugin_dev.created", current_locale(), path=root))
