"""``linli member erase``: a person leaves and asks for their personal data to be deleted."""

from __future__ import annotations

import click

from linli.core.cli.app import CliState, cli
from linli.core.i18n import t
from linli.core.services import Context, lookup_member, require_scope
from linli.core.services.erase import erase_member


@cli.group()
def member() -> None:
    """One member's personal data.

    \b
    Example:
      linli member erase 13800000001
    """


@member.command()
@click.argument("reference", metavar="MEMBER")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def erase(state: CliState, reference: str, yes: bool) -> None:
    """Replace MEMBER's (id or phone) name, phone, ID number, birth date, tags and skills with placeholders.

    Service records, hours, points and the audit log stay, so totals do not change.

    \b
    Example:
      linli member erase 13800000001 --yes
    """
    runtime = state.runtime()
    locale = runtime.program.locale
    if not yes:

        def describe(ctx: Context) -> str:
            found = lookup_member(ctx.session, reference)
            require_scope(ctx, found.home_node)  # the prompt names the person: only for those who may erase them
            return found.label()

        label = runtime.view(state.operator, describe)
        click.confirm(t("erase.confirm", locale, label=label), abort=True)

    def work(ctx: Context) -> int:
        return erase_member(ctx, lookup_member(ctx.session, reference).id).id

    click.echo(t("erase.erased", locale, id=runtime.act(state.operator, work)))
