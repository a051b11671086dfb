"""Commands about program files: validate, presets, init, schema."""

from __future__ import annotations

import json
from pathlib import Path

import click

from linli.core.cli.app import CliState, cli
from linli.core.config import list_presets, preset_source, preset_summary
from linli.core.errors import LinliError
from linli.core.i18n import current_locale, t


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def validate(state: CliState, files: tuple[Path, ...]) -> None:
    """Check program files; print every problem as FILE:LINE:COL: message.

    Exit status 0 when every file is valid, 2 when any is not. With no FILES,
    checks the file given by -c/--config.

    \b
    Examples:
      linli validate
      linli validate mydistrict/linli.yaml
      linli validate configs/*.yaml
    """
    failed = False
    for path in files or (state.config,):
        result = state.loader.check(path)
        for problem in result.problems:
            click.echo(problem.render(result.locale), err=True)
        if result.ok and result.program is not None:
            program = result.program
            sections = ", ".join(program.sections) or "-"
            click.echo(t("cli.valid", result.locale, file=path, name=program.name, levels=len(program.levels), roles=len(program.roles), sections=sections))
        else:
            failed = True
            click.echo(t("cli.invalid", result.locale, file=path, count=len(result.problems)), err=True)
    if failed:
        raise SystemExit(2)


@cli.command()
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
def presets(output: str) -> None:
    """List the preset models shipped with linli.

    \b
    Example:
      linli presets
    """
    rows = [{"name": name, "description": preset_summary(name)} for name in list_presets()]
    if output == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['name']:<12} {row['description']}")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--from", "preset", required=True, metavar="PRESET", help="Preset to start from (see `linli presets`).")
@click.option("--name", help="The program's name, e.g. 汉阳区志愿服务.")
@click.option("--force", is_flag=True, help="Overwrite an existing linli.yaml.")
@click.pass_obj
def init(state: CliState, directory: Path, preset: str, name: str | None, force: bool) -> None:
    """Start a program: write DIRECTORY/linli.yaml extending a preset, then validate it.

    \b
    Example:
      linli init mydistrict --from youxian --name 联星街道志愿服务银行
    """
    if preset_source(preset) is None:
        raise click.BadParameter(t("cli.unknown_preset", None, preset=preset, presets=", ".join(list_presets())), param_hint="--from")
    target = directory / "linli.yaml"
    if target.exists() and not force:
        raise LinliError("cli.init_exists", path=str(target))
    base = state.loader.check_preset(preset)
    locale = base.locale
    program_name = name or (base.program.name if base.program else preset)
    directory.mkdir(parents=True, exist_ok=True)
    target.write_text(t("cli.init_template", locale, preset=preset, summary=preset_summary(preset), name=program_name, name_yaml=json.dumps(program_name, ensure_ascii=False)), "utf-8")
    result = state.loader.check(target)
    for problem in result.problems:
        click.echo(problem.render(result.locale), err=True)
    if not result.ok:
        raise SystemExit(2)
    click.echo(t("cli.init_done", locale, path=target, preset=preset))


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead of stdout.")
@click.pass_obj
def schema(state: CliState, output: Path | None) -> None:
    """Print the JSON Schema of program files (core plus installed plugins), for editors.

    \b
    Example:
      linli schema -o docs/linli.schema.json
    """
    text = json.dumps(state.loader.schema, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, "utf-8")
        click.echo(t("cli.wrote", current_locale(), path=output))

