"""Screenshots of docgen serve's main pages, for docs/espace-de-travail.md.

    .venv/bin/python scripts/screenshots.py [DOSSIER]    (default: docs/images/)

Starts ``docgen serve`` on a copy of the shipped contracts repository (in a temporary
folder: the repository itself is never touched), then takes with the system's chromium:
espace-accueil.png, espace-formulaire.png (a finding beside its field),
espace-enregistrement.png (the change shown before it is written), espace-documents.png
(the preview; LibreOffice needed), espace-budget.png (the budget vote's simulation).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.web import copy_repository, launch, start  # noqa: E402

CONVENTION = "contracts/pas-de-calais/rencontres-et-loisirs.yaml"
VOTE = "contracts/pas-de-calais/budgets/2025.yaml"


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docgen-captures-") as tmp:
        server = start(copy_repository(Path(tmp) / "depot"))
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright, ["--lang=fr-FR"])  # dates as JJ/MM/AAAA
                context = browser.new_context(
                    locale="fr-FR", viewport={"width": 1280, "height": 860}
                )
                page = context.new_page()
                page.set_default_timeout(120_000)
                page.goto(server.url)
                page.screenshot(path=folder / "espace-accueil.png")

                page.goto(server.page(f"fichier/{CONVENTION}"))
                staff = page.locator('[data-chemin="effectifs.travailleurs_sociaux"]')
                staff.get_by_label("Travailleurs sociaux (ETP)").fill("trois")
                staff.locator(".constats").get_by_text("« trois »", exact=False).wait_for()
                staff.evaluate("element => element.scrollIntoView({block: 'center'})")
                page.screenshot(path=folder / "espace-formulaire.png")

                staff.get_by_label("Travailleurs sociaux (ETP)").fill("4")
                page.locator("#etat-fichier").get_by_text("conforme").wait_for()
                page.get_by_role("button", name="Enregistrer…").click()
                confirmation = page.locator("#confirmation")
                confirmation.get_by_text("Vérifiez la modification").wait_for()
                confirmation.scroll_into_view_if_needed()
                page.screenshot(path=folder / "espace-enregistrement.png")

                page.goto(server.page(f"documents/{CONVENTION}"))
                page.get_by_role("button", name="Produire", exact=False).click()
                page.get_by_role("link", name="Télécharger tous les documents (zip)").wait_for()
                page.wait_for_load_state("networkidle")
                page.screenshot(path=folder / "espace-documents.png")

                page.goto(server.page(f"budget/{VOTE}"))
                page.screenshot(path=folder / "espace-budget.png", full_page=True)
                browser.close()
        finally:
            server.stop()
    for name in sorted(folder.glob("espace-*.png")):
        print(name.relative_to(ROOT) if name.is_relative_to(ROOT) else name)


if __name__ == "__main__":
    options = argparse.ArgumentParser(
        description="Captures d'écran de docgen serve pour la documentation.", add_help=False
    )
    options.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
    options.add_argument(
        "dossier",
        nargs="?",
        type=Path,
        default=ROOT / "docs" / "images",
        help="où écrire les images (docs/images/)",
    )
    main(options.parse_args().dossier)
