"""The ``docgen`` command: parses options, calls one command function, prints, exits.

One module per command or group of commands (``checking``: check; ``scaffold``: init,
new; ``building``: build, render, deliberation; ``templates``: modeles; ``budget``:
budget apply; ``serving``: serve), each over ``support``, where a result becomes printed
lines and the one exit code (``finish``, ``handle_errors``): 0 everything fine, 1 a file
has findings to fix, 2 docgen could not run.

Options are French; the English spellings of earlier versions (``--for-signature``,
``--consolidated``, ``--dry-run``) still work but are not shown. Each command has a short
summary that ``docgen --help`` prints whole.

Each command imports what it runs inside its function, never at the top of its module:
``docgen --help`` or a build where everything is « à jour » does not import the kinds,
the template engine or the schemas (``python -X importtime -m docgen build``).
"""

from __future__ import annotations

import click

from docgen import cli_i18n
from docgen.cli.budget import budget
from docgen.cli.building import build, deliberation_command, render
from docgen.cli.checking import check
from docgen.cli.scaffold import init, new
from docgen.cli.serving import serve
from docgen.cli.support import CONTEXT
from docgen.cli.templates import modeles

cli_i18n.install()


@click.group(context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...")
@click.version_option(package_name="docgen", message="docgen %(version)s")
def main() -> None:
    """docgen : conventions de prévention spécialisée, avenants et annexes de délibération.

    Les contrats sont décrits en YAML (un fichier par convention, un departement.yaml
    par Département), vérifiés, puis rendus en documents Word. docgen travaille dans le
    dépôt de contrats où il est lancé (le dossier du docgen.toml le plus proche, sinon du
    .git, sinon le dossier courant) : contracts/, templates/, build/.
    """


for command in (check, init, new, render, build, deliberation_command, modeles, budget, serve):
    main.add_command(command)
