"""A contract edited in the browser: findings beside their field as one types, the change
shown as a diff, then written with only its line changed, comments kept."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web import Server, copy_repository, start

# A browser over a running server: seconds a test, started first (make test).
pytestmark = pytest.mark.slow

CONVENTION = "contracts/pas-de-calais/rencontres-et-loisirs.yaml"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start(copy_repository(tmp_path_factory.mktemp("depot")))
    yield running
    running.stop()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    opened.goto(server.url)
    yield opened
    context.close()


def field(page: Any, path: str) -> Any:
    return page.locator(f'[data-chemin="{path}"]')


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("---", "+++"))
    ]


def test_without_its_token_the_browser_gets_a_french_403(browser: Any, server: Server) -> None:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    response = page.goto(server.base)
    assert response.status == 403
    assert "jeton d’accès" in page.inner_text("main") or "jeton d'accès" in page.inner_text("main")
    context.close()


def test_the_home_page_shows_each_contract_s_state(page: Any) -> None:
    main = page.locator("main")
    assert "Pas-de-Calais" in main.inner_text()
    row = page.locator("tr", has=page.get_by_role("link", name="Rencontres et Loisirs"))
    assert "conforme" in row.inner_text()
    assert "prête pour signature" in row.inner_text()
    assert "pas-de-calais_rencontres-et-loisirs_2024_convention.docx" in row.inner_text()
    nord = page.locator(
        "tr", has=page.get_by_role("link", name="Convention Bassin minier", exact=False)
    )
    assert "pas prête" in nord.inner_text()  # its signature date is left blank
    points = nord.locator("details.points-signature")
    expect(points.locator(".constats")).to_be_hidden()
    points.get_by_text("à compléter avant la signature").click()
    expect(points.get_by_text("la date de signature manque", exact=False)).to_be_visible()
    assert page.get_by_role("link", name="Budget BP-2025").is_visible()


def test_a_finding_appears_beside_its_field_then_the_fix_is_saved(
    page: Any, server: Server
) -> None:
    path = server.root / CONVENTION
    before = path.read_text(encoding="utf-8")
    page.goto(server.page(f"fichier/{CONVENTION}"))
    staff = field(page, "effectifs.travailleurs_sociaux")
    staff.get_by_label("Travailleurs sociaux (ETP)").fill("trois")
    findings = staff.locator(".constats")
    findings.get_by_text("« trois »", exact=False).wait_for()
    assert "invalid-value" in findings.inner_text()
    assert "1 erreur" in page.locator("#etat-fichier").inner_text()

    staff.get_by_label("Travailleurs sociaux (ETP)").fill("4")
    expect(findings).to_be_empty()
    page.locator("#etat-fichier").get_by_text("conforme").wait_for()

    page.get_by_role("button", name="Enregistrer…").click()
    confirmation = page.locator("#confirmation")
    confirmation.get_by_text("Vérifiez la modification").wait_for()
    diff = confirmation.locator("pre.diff").inner_text()
    assert "-  travailleurs_sociaux: 3" in diff
    assert "+  travailleurs_sociaux: 4" in diff
    assert path.read_text(encoding="utf-8") == before  # nothing written before confirming

    page.get_by_role("button", name="Confirmer l’enregistrement").click()
    page.get_by_text("Modifications enregistrées").wait_for()
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "-  travailleurs_sociaux: 3",
        "+  travailleurs_sociaux: 4",
    ]
    comments = [line for line in before.splitlines() if line.startswith("#")]
    assert comments and comments == [line for line in after.splitlines() if line.startswith("#")]


def test_a_commune_s_share_out_of_bounds_is_never_written(page: Any, server: Server) -> None:
    path = server.root / CONVENTION
    before = path.read_bytes()
    page.goto(server.page(f"fichier/{CONVENTION}"))
    share = field(page, "communes[0].part")
    share.get_by_label("Part (%)").fill("1,5 %")
    share.locator(".constats").get_by_text("invalide", exact=False).wait_for()
    page.get_by_role("button", name="Enregistrer…").click()
    page.locator("#confirmation").get_by_text("Enregistrement refusé").wait_for()
    refusal = page.locator("#confirmation")
    # The field as the form names it, a link to it; the YAML path aside, for the file.
    refusal.get_by_role("link", name="Communes › Commune 1 : Carvin › Part (%)").click()
    expect(share.get_by_label("Part (%)")).to_be_in_viewport()
    assert "[communes[0].part, ligne" in refusal.inner_text()
    assert path.read_bytes() == before


def test_a_french_decimal_is_written_as_docgen_reads_it(page: Any, server: Server) -> None:
    path = server.root / CONVENTION
    before = path.read_text(encoding="utf-8")
    page.goto(server.page(f"fichier/{CONVENTION}"))
    share = field(page, "communes[0].part")
    share.get_by_label("Part (%)").fill("1,25")  # the same value, typed the French way
    page.get_by_role("button", name="Enregistrer…").click()
    page.locator("#confirmation").get_by_text("Aucune modification").wait_for()
    share.get_by_label("Part (%)").fill("1,3")
    # The shares no longer add up to the communes' part: a rule's finding, not a blocking one.
    page.locator("#etat-fichier").get_by_text("erreur", exact=False).wait_for()
    page.get_by_role("button", name="Enregistrer…").click()
    page.locator("#confirmation").get_by_text("Le fichier aura encore").wait_for()
    page.get_by_role("button", name="Confirmer l’enregistrement").click()
    page.get_by_text("Modifications enregistrées").wait_for()
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["-    part: 1.25", "+    part: 1.3"]
    path.write_text(before, encoding="utf-8")


def test_an_element_added_and_another_removed(page: Any, server: Server) -> None:
    path = server.root / CONVENTION
    before = path.read_text(encoding="utf-8")
    page.goto(server.page(f"fichier/{CONVENTION}"))
    quarters = field(page, "service.quartiers")
    quarters.get_by_role("button", name="Ajouter un quartier").click()
    added = page.get_by_role("textbox", name="Quartier 8")
    added.wait_for()
    expect(added).to_be_focused()
    added.fill("Cité Darcy")
    page.get_by_role("button", name="Retirer Quartier 2", exact=True).click()
    expect(page.get_by_role("textbox", name="Quartier 2")).to_have_value("Rotois")
    expect(page.get_by_role("textbox", name="Quartier 7")).to_have_value("Cité Darcy")
    page.get_by_role("button", name="Enregistrer…").click()
    page.get_by_role("button", name="Confirmer l’enregistrement").click()
    page.get_by_text("Modifications enregistrées").wait_for()
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["-    - Léon Blum", "+    - Cité Darcy"]
    assert after.index("Cité Darcy") > after.index("Cité Declercq")
    path.write_text(before, encoding="utf-8")


def test_a_file_changed_on_disk_is_not_overwritten(page: Any, server: Server) -> None:
    path = server.root / CONVENTION
    page.goto(server.page(f"fichier/{CONVENTION}"))
    changed = path.read_text(encoding="utf-8") + "# ajouté par un collègue\n"
    path.write_text(changed, encoding="utf-8")
    field(page, "signature.lieu").get_by_label("Lieu").fill("Lens")
    page.get_by_role("button", name="Enregistrer…").click()
    alert = page.locator("#alertes")
    alert.get_by_text("le fichier a été modifié depuis son ouverture", exact=False).wait_for()
    assert path.read_text(encoding="utf-8") == changed
    page.get_by_role("link", name="Recharger le fichier").click()
    assert field(page, "signature.lieu").get_by_label("Lieu").input_value() == "Arras"


def test_a_new_convention_starts_from_the_departement_s_skeleton(page: Any, server: Server) -> None:
    section = page.locator(
        "section.departement", has=page.get_by_role("heading", name="Pas-de-Calais")
    )
    section.get_by_role("link", name="Nouvelle convention").click()
    page.get_by_label("Nom du fichier du service").fill("quartiers-nord")
    page.get_by_role("button", name="Créer la convention").click()
    page.get_by_role("heading", name="quartiers-nord.yaml").wait_for()
    created = server.root / "contracts" / "pas-de-calais" / "quartiers-nord.yaml"
    assert "Remplacez chaque « à compléter »" in created.read_text(encoding="utf-8")
    name = field(page, "service.nom")
    assert "blanc du modèle à remplir" in name.locator(".constats").inner_text()
    name.get_by_label("Nom").fill("Quartiers Nord")
    name.locator(".constats").get_by_text("blanc du modèle").wait_for(state="detached")


def test_a_date_is_typed_the_french_way_and_a_day_that_does_not_exist_is_named(
    page: Any, server: Server
) -> None:
    path = server.root / CONVENTION
    before = path.read_text(encoding="utf-8")
    page.goto(server.page(f"fichier/{CONVENTION}"))
    date = field(page, "signature.date")
    box = date.get_by_label("Date")
    expect(box).to_have_value("15/01/2024")
    assert "JJ/MM/AAAA" in date.locator(".aide").inner_text()
    box.fill("31/02/2024")
    date.locator(".constats").get_by_text("2024-02-31", exact=False).wait_for()
    box.fill("1/2/2024")
    expect(date.locator(".constats")).to_be_empty()
    page.get_by_role("button", name="Enregistrer…").click()
    page.get_by_role("button", name="Confirmer l’enregistrement").click()
    page.get_by_text("Modifications enregistrées").wait_for()
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["-  date: 2024-01-15", "+  date: 2024-02-01"]
    path.write_text(before, encoding="utf-8")


def test_a_new_convention_s_wrong_name_is_said_beside_its_field(page: Any, server: Server) -> None:
    section = page.locator(
        "section.departement", has=page.get_by_role("heading", name="Pas-de-Calais")
    )
    section.get_by_role("link", name="Nouvelle convention").click()
    name = page.get_by_label("Nom du fichier du service")
    name.fill("Quartiers Sud")
    page.get_by_role("button", name="Créer la convention").click()
    problem = page.locator("#service-constats")
    problem.get_by_text("le nom du fichier s'écrit en minuscules", exact=False).wait_for()
    assert "par exemple : quartiers-sud" in problem.inner_text()
    expect(name).to_have_value("Quartiers Sud")  # kept, to be corrected
    name.fill("rencontres-et-loisirs")
    page.get_by_role("button", name="Créer la convention").click()
    problem.get_by_text("existe déjà", exact=False).wait_for()
    name.fill("")
    page.get_by_role("button", name="Créer la convention").click()
    problem.get_by_text("donnez le nom du fichier du service").wait_for()
    assert not (server.root / "contracts" / "pas-de-calais" / "quartiers-sud.yaml").exists()
