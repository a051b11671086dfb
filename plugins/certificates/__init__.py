"""Volunteer-service certificates (志愿服务证明, 民发〔2015〕149号): issued from approved records, numbered, archived.

Always on (no config section): the issuer is the program, its person in
charge and contact are given when issuing.
"""

from collections.abc import Iterable
from importlib import resources
from importlib.resources.abc import Traversable

import click

from linli.core import add_catalogue, hookimpl

from linli.plugins.certificates.cli import certificate

add_catalogue(resources.files(__name__) / "locales")


@hookimpl
def linli_cli_commands() -> Iterable[click.Command]:
    return [certificate]


@hookimpl
def linli_migration_scripts() -> Traversable:
    return resources.files(__name__) / "migrations"
