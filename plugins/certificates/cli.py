"""``linli certificate MEMBER``: issue a 志愿服务证明 and write it out."""

from __future__ import annotations

from pathlib import Path

import click

from linli.core import CliState, t

from linli.plugins.certificates.issue import FORMATS, Issuer, issue


@click.command()
@click.argument("member")
@click.option("--period", type=int, help="The year of service to certify (default: all approved service).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="html",
    show_default=True,
    help="html (UTF-8, print from a browser) or pdf (A4, needs -o or a redirected output).",
)
@click.option("--person-in-charge", required=True, help="The issuing organization's person in charge (负责人).")
@click.option("--contact", required=True, help="The issuing organization's contact (联系方式).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of standard output.")
@click.pass_obj
def certificate(
    state: CliState, member: str, period: int | None, output_format: str, person_in_charge: str, contact: str, output: Path | None
) -> None:
    """Issue a volunteer-service certificate (志愿服务证明, 民发〔2015〕149号) for MEMBER (id or phone).

    Hours and content come from approved records; the certificate gets a
    unique number and is archived with the hash of its content. The handler
    (经办人) is the operator; the ID number is masked unless they may unmask.

    \b
    Examples:
      linli certificate 13900001234 --period 2026 --person-in-charge 王主任 --contact 027-12345678 -o cert.html
      linli certificate 13900001234 --format pdf --person-in-charge 王主任 --contact 027-12345678 -o cert.pdf
    """
    runtime = state.runtime()
    issuer = Issuer(runtime.program.name, person_in_charge, contact)
    issued = runtime.act(state.operator, lambda ctx: issue(ctx, member, period, issuer, output_format))
    if output is None:
        click.get_binary_stream("stdout").write(issued.issued)
        return
    output.write_bytes(issued.issued)
    click.echo(t("certificates.issued", runtime.program.locale, number=issued.number, path=str(output)), err=True)
