"""Map the project's top-level folders onto the single `radqc` namespace.

The user asked for `agents/ knowledge/ graphs/ ...` at the top of the repository, but installing those as
top-level modules would shadow other projects' `agents` or `eval`. Each folder becomes a subpackage
instead, and its own subfolders are found automatically so that new modules need no packaging edit.
"""

from setuptools import find_packages, setup

PACKAGE_ROOTS = {
    "radqc": "core",
    "radqc.cli": "cli",
    "radqc.agents": "agents",
    "radqc.knowledge": "knowledge",
    "radqc.graphs": "graphs",
    "radqc.prompts": "prompts",
    "radqc.eval": "eval",
    "radqc.data": "data",
}


def _packages() -> list[str]:
    names = []
    for package, folder in PACKAGE_ROOTS.items():
        names.append(package)
        names += [f"{package}.{sub}" for sub in find_packages(folder)]
    return names


setup(packages=_packages(), package_dir=PACKAGE_ROOTS)
