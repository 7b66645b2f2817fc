"""The generated reference of the documentation site, and the rule ids of
``docgen/schemas/departement.schema.json``, all from docgen's code.

    python scripts/reference.py           # lists the pages it would write
    python scripts/reference.py --write   # writes docs/reference/*.md and the schema

Each page of ``docs/reference/`` is generated whole: template fields (one page per
template), filters, rules, exit codes, and the keys of each YAML file (one page per JSON
schema). tests/test_docs.py fails when a page or the schema is out of date.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from docgen.commands.reference import (
    exit_codes_table,
    fields_table,
    filters_table,
    rule_ids,
    rules_table,
    schema_table,
)
from docgen.core.french import de
from docgen.core.kind import Registry
from docgen.core.resources import schema_file
from docgen.registry import default_registry

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
REFERENCE = "reference"  # under docs/: every file there is generated
SCHEMA = ROOT / "docgen" / "schemas" / "departement.schema.json"
MARK = "<!-- page générée par scripts/reference.py --write : ne pas la modifier à la main -->"


# The table needs the width of the page: no table of contents beside it.
FRONT_MATTER = "---\nhide:\n  - toc\n---\n\n"


def _page(title: str, intro: str, table: str) -> str:
    return f"{FRONT_MATTER}# {title}\n\n{MARK}\n\n{intro.strip()}\n\n{table}"


def fields_page(registry: Registry, name: str) -> str:
    template = registry.templates()[name]
    intro = f"""
Les noms qu'un modèle `{name}.docx` peut utiliser entre `{{{{ }}}}` ou dans `{{% if %}}`,
et d'où vient chaque valeur. Une balise qui ne figure pas ici est une erreur
(`template-unknown-field`), jamais un blanc silencieux. `[]` désigne chaque élément d'une
liste, que le modèle parcourt avec `{{% for … in … %}}`. Les valeurs se mettent en forme
par les [filtres](filtres.md) ; voir aussi [Les modèles Word](../modeles-word.md) et
[Modifier une clause dans Word](../juriste/modifier-une-clause.md).
"""
    return _page(f"Champs du modèle « {template.title} »", intro, fields_table(registry, name))


FILTERS_INTRO = """
Un filtre met une valeur en forme à la française : `{{ valeur|filtre }}` dans un modèle
Word. La colonne « Donne » est calculée par le filtre lui-même. docgen applique déjà la
typographie (espaces insécables, apostrophe ’) à chaque valeur qu'il imprime.
"""

RULES_INTRO = """
Ce que `docgen check` vérifie, règle par règle. Une **erreur** fait échouer la
vérification (code 1) ; un **avertissement** ne la fait échouer qu'avec `--strict`. Une
règle « réglable » peut être désactivée ou changer de sévérité par un Département, dans son
`departement.yaml`, toujours avec une raison :

```yaml
regles:
  staffing-ratio: {actif: false, raison: ratio suspendu pendant la renégociation du CPOM}
  commune-departement: {severite: erreur, raison: toutes nos communes sont dans le Département}
```

Les règles dont dépendent les montants ne se règlent pas (`rule-setting`). Voir
[Les règles vérifiées](../regles.md) et [Lire une anomalie](../juriste/lire-une-anomalie.md).
"""

EXIT_CODES_INTRO = """
Toutes les commandes de docgen finissent par l'un de ces trois codes, décidés en un seul
endroit : une intégration continue ou un script peut s'y fier. Jamais de trace Python : le
message dit le fichier en cause et quoi faire.
"""


def _of(label: str) -> str:
    """« de » + a kind's label: « du fichier du Département », « d’une convention »."""
    if label.startswith("le "):
        return "du " + label[3:]
    return de(label)


def schema_page(kind_label: str, name: str) -> str:
    schema = json.loads(schema_file(name).read_text(encoding="utf-8"))
    intro = f"""
{schema.get("description", "")}

Les clés {_of(kind_label)}, lues dans son schéma (`docgen/schemas/{name}.schema.json`), que
l'éditeur utilise aussi pour compléter et expliquer chaque champ. `communes[].nom` est la
clé `nom` de chaque élément de la liste `communes` ; `<clé>` est un nom que vous
choisissez. Voir [Le format des données](../format-des-donnees.md).
"""
    return _page(f"Clés YAML : {schema['title']}", intro, schema_table(schema))


def pages(registry: Registry | None = None) -> dict[str, str]:
    """Every generated page: its path under docs/ → its text."""
    registry = registry or default_registry()
    found = {
        f"{REFERENCE}/champs-{name}.md": fields_page(registry, name)
        for name in registry.templates()
    }
    found[f"{REFERENCE}/filtres.md"] = _page("Filtres des modèles", FILTERS_INTRO, filters_table())
    found[f"{REFERENCE}/regles.md"] = _page("Règles", RULES_INTRO, rules_table(registry))
    found[f"{REFERENCE}/codes-de-sortie.md"] = _page(
        "Codes de sortie", EXIT_CODES_INTRO, exit_codes_table()
    )
    for kind in registry.kinds:
        if isinstance(kind.schema, str):
            found[f"{REFERENCE}/yaml-{kind.name}.md"] = schema_page(kind.label, kind.schema)
    return found


def schema_text(text: str, registry: Registry | None = None) -> str:
    """The Département schema with ``regles:`` naming exactly the registered rules."""
    schema = json.loads(text)
    names = schema["properties"]["regles"]["propertyNames"]
    names["enum"] = rule_ids(registry or default_registry())
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write() -> None:
    folder = DOCS / REFERENCE
    folder.mkdir(exist_ok=True)
    generated = pages()
    for stale in folder.glob("*.md"):
        if f"{REFERENCE}/{stale.name}" not in generated:
            stale.unlink()
    for path, text in generated.items():
        (DOCS / path).write_text(text, encoding="utf-8")
    SCHEMA.write_text(schema_text(SCHEMA.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    options = argparse.ArgumentParser(
        description="Les pages de référence générées (docs/reference/) : sans --write, leur liste.",
        add_help=False,
    )
    options.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
    options.add_argument("--write", action="store_true", help="les réécrit, avec le schéma")
    if options.parse_args().write:
        write()
    else:
        for path in pages():
            print(f"docs/{path}")
