"""Map the product's top-level folders into the single import package ``linli``.

``linli`` itself is a namespace: ``core/`` is ``linli.core``, ``plugins/`` is
``linli.plugins`` and so on, so a third-party environment gets no top-level
``core`` package. Everything else lives in pyproject.toml.
"""

from setuptools import find_packages, setup

FOLDERS = {"core": "linli.core", "plugins": "linli.plugins", "tui": "linli.tui", "configs": "linli.configs"}

packages = []
for folder, name in FOLDERS.items():
    packages.append(name)
    packages.extend(f"{name}.{sub}" for sub in find_packages(folder))

setup(packages=packages, package_dir={name: folder for folder, name in FOLDERS.items()})
