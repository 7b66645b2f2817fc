"""Rules on a deliberation: the vote adds up, the quorum is met, the dates come in order.

Each rule yields ``Violation``s (field path in the deliberation file, French message);
``docgen.deliberation.check`` gives them the file's line numbers. Counting, as the
checks define it:

- every member with a deliberative vote is counted once in the vote: pour + contre +
  abstention + ne prennent pas part + absents sans délégation = the members the
  deliberation names as present, represented (pouvoirs), excused or absent;
- votants = pour + contre + abstention; when the proxies are known (listed, or
  ``vote.procurations``), votants + ne prennent pas part = présents + procurations;
- suffrages exprimés = pour + contre; adopted when pour > contre;
- members in office (the deliberation's ``membres_en_exercice``, else the Département's)
  = everyone named, including the members without a deliberative vote;
- quorum (when the Département's file sets ``quorum: true``, CGCT L3121-14): more than
  half of the members in office are present; a member holds at most one proxy, gives it
  only when absent and to a member present.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from docgen.core.findings import Severity
from docgen.core.french import date_long
from docgen.core.rules import Rule, Violation
from docgen.core.source import FieldPath
from docgen.kinds.convention.rules import FIRST_YEAR, LAST_YEAR, implausible_dates
from docgen.kinds.deliberation.model import Checked, Covered, Deliberation
from docgen.kinds.deliberation.plan import ANNEXES

LISTS = (
    ("presents", "présents"),
    ("excuses", "excusés"),
    ("absents", "absents"),
    ("sans_voix_deliberative", "excusés sans voix délibérative"),
)

KIND = "deliberation"
REFERENCE = "deliberation-reference"
CONTRACT = "deliberation-contract"


def vote_violations(deliberation: Deliberation, in_office: int | None) -> Iterator[Violation]:
    attendance, vote = deliberation.attendance, deliberation.vote
    yield from _named_once(deliberation)
    not_taking_part = vote.not_taking_part.count if vote.not_taking_part else 0
    absent = vote.absent_without_proxy.count if vote.absent_without_proxy else 0
    voting = attendance.voting_members
    counted = vote.voters + not_taking_part + absent
    if counted != len(voting):
        yield Violation(
            ("vote",),
            f"le vote compte {counted} membres (pour {vote.yes.count}, contre {vote.no.count}, "
            f"abstention {vote.abstentions.count}, ne prennent pas part {not_taking_part}, "
            f"absents sans délégation {absent}) mais la délibération nomme {len(voting)} "
            "membres ayant voix délibérative (présents, représentés, excusés, absents)",
            "corrigez les nombres de voix ou les listes de membres",
        )
    present = vote.present if vote.present is not None else len(attendance.present)
    proxies = vote.proxies
    if proxies is None and attendance.proxies:
        proxies = len(attendance.proxies)
    taking_part = vote.voters + not_taking_part
    if proxies is not None and taking_part != present + proxies:
        yield Violation(
            ("vote",),
            f"{taking_part} membres prennent part au vote ou s'en abstiennent, pour {present} "
            f"présents et {proxies} pouvoir{'s' if proxies > 1 else ''}",
            "votants + ne prennent pas part = présents + pouvoirs : corrigez les voix, ou "
            "indiquez vote.presents et vote.procurations s'ils ont changé en cours de séance",
        )
    elif proxies is None and not present <= taking_part <= len(voting):
        yield Violation(
            ("vote",),
            f"{taking_part} membres prennent part au vote pour {present} présents et "
            f"{len(voting) - present} membres ayant voix délibérative non présents",
            "chaque présent vote ou ne prend pas part au vote ; les autres ne votent que par "
            "pouvoir",
        )
    if in_office is not None and len(attendance.members) != in_office:
        stated = attendance.in_office is not None
        yield Violation(
            ("membres_en_exercice",) if stated else ("presents",),
            f"la délibération nomme {len(attendance.members)} membres (présents, représentés, "
            f"excusés, absents, sans voix délibérative) pour {in_office} membres en exercice"
            + ("" if stated else " (departement.yaml)"),
            "chaque membre en exercice figure dans une et une seule liste",
        )
    if not vote.adopted:
        yield Violation(
            ("vote", "pour", "nombre"),
            f"{vote.yes.count} voix pour, {vote.no.count} contre : la délibération n'est pas "
            "adoptée",
            "docgen ne rend que les délibérations adoptées ; vérifiez les nombres de voix",
        )


def _named_once(deliberation: Deliberation) -> Iterator[Violation]:
    attendance = deliberation.attendance
    lists = (attendance.present, attendance.excused, attendance.absent, attendance.without_vote)
    seen: dict[str, str] = {}
    for (key, label), names in zip(LISTS, lists, strict=True):
        for index, name in enumerate(names):
            if name in seen:
                where = "aussi" if seen[name] == label else "déjà"
                yield Violation(
                    (key, index),
                    f"{name} figure {where} parmi les {seen[name]}",
                    "un membre figure dans une seule liste, une fois",
                )
            seen.setdefault(name, label)


def quorum_violations(
    deliberation: Deliberation, in_office: int | None, required: bool
) -> Iterator[Violation]:
    attendance = deliberation.attendance
    present = set(attendance.present)
    held: dict[str, list[str]] = {}
    limit = deliberation.proxies_per_member
    for index, proxy in enumerate(attendance.proxies):
        if proxy.giver in present:
            yield Violation(
                ("pouvoirs", index, "mandant"),
                f"{proxy.giver} est présent(e) : un membre présent ne donne pas pouvoir",
                "retirez ce pouvoir, ou retirez ce membre des présents",
            )
        if proxy.holder not in present:
            yield Violation(
                ("pouvoirs", index, "mandataire"),
                f"{proxy.holder} ne figure pas parmi les présents : seul un membre présent "
                "reçoit un pouvoir",
                "vérifiez le nom (écrit comme dans la liste des présents)",
            )
        elif len(held.get(proxy.holder, [])) >= limit:
            given = " et de ".join(held[proxy.holder])
            allowed = "qu'un seul pouvoir" if limit == 1 else f"que {limit} pouvoirs"
            yield Violation(
                ("pouvoirs", index, "mandataire"),
                f"{proxy.holder} détient déjà le pouvoir de {given} : un membre ne peut "
                f"détenir {allowed}",
                "confiez ce pouvoir à un autre membre présent (pouvoirs_par_membre : seulement "
                "quand une loi l'a permis)",
            )
        held.setdefault(proxy.holder, []).append(proxy.giver)
    if not required:
        return
    if in_office is None:
        yield Violation(
            ("presents",),
            "le quorum ne peut être vérifié : le nombre de membres en exercice est inconnu",
            "indiquez membres_en_exercice dans la délibération ou dans departement.yaml",
        )
    elif 2 * len(present) <= in_office:
        yield Violation(
            ("presents",),
            f"{len(present)} membres présents sur {in_office} en exercice : le quorum (plus de "
            "la moitié des membres en exercice, CGCT L3121-14) n'est pas atteint",
            "vérifiez la liste des présents",
        )


def date_violations(
    deliberation: Deliberation, covered: list[Covered], code: str = ""
) -> Iterator[Violation]:
    meeting = deliberation.date
    committee = deliberation.committee
    yield from implausible_dates(_dates_of(deliberation))
    if deliberation.convocation is not None and deliberation.convocation >= meeting:
        yield Violation(
            ("convocation",),
            f"la convocation ({deliberation.convocation.isoformat()}) ne précède pas la séance "
            f"({meeting.isoformat()})",
            "les membres sont convoqués avant la séance : corrigez la date",
        )
    yield from _acknowledgement(deliberation, code)
    if committee is not None and committee.date > meeting:
        yield Violation(
            ("commission", "date"),
            f"l'avis de la commission ({committee.date.isoformat()}) suit la séance "
            f"({meeting.isoformat()})",
            "la commission rend son avis avant la séance",
        )
    for key, day in (("envoi", deliberation.sent), ("publication", deliberation.published)):
        if day is not None and day < meeting:
            yield Violation(
                ("transmission", key),
                f"date ({day.isoformat()}) antérieure à la séance ({meeting.isoformat()})",
                "une délibération est transmise et publiée après avoir été adoptée",
            )
    for item in covered:
        yield from _covered_dates(deliberation, item)


def _dates_of(deliberation: Deliberation) -> list[tuple[FieldPath, date | None]]:
    committee = deliberation.committee
    return [
        (("date",), deliberation.date),
        (("convocation",), deliberation.convocation),
        (("commission", "date"), committee.date if committee else None),
        (("transmission", "envoi"), deliberation.sent),
        (("transmission", "publication"), deliberation.published),
        (("transmission", "reception"), deliberation.received),
    ]


def _acknowledgement(deliberation: Deliberation, code: str) -> Iterator[Violation]:
    """The prefecture's acknowledgement names the Département and the date of the decision."""
    identifier = deliberation.acknowledgement
    if not identifier:
        return
    parts = identifier.split("-")
    where = ("transmission", "accuse")
    if code and parts[0] != code.rjust(3, "0"):
        yield Violation(
            where,
            f"l'accusé de réception « {identifier} » est celui du département {parts[0]}, "
            f"pas du {code.rjust(3, '0')}",
            "recopiez l'identifiant de l'accusé de réception de cette délibération",
        )
    # @CTES numbers have no « - »: 2025-045 is acknowledged as 2025_045.
    number = deliberation.number.replace("-", "_")
    if len(parts) > 3 and parts[3] != number:
        yield Violation(
            where,
            f"l'accusé de réception « {identifier} » porte le numéro {parts[3]}, la "
            f"délibération le numéro {deliberation.number}",
            "une délibération n'a qu'un numéro, celui que la préfecture a reçu : corrigez "
            "« numero » (et l'autorisation des contrats qui la citent)",
        )
    day = deliberation.date.strftime("%Y%m%d")
    if len(parts) > 2 and parts[2] != day:
        yield Violation(
            where,
            f"l'accusé de réception « {identifier} » porte la date {parts[2]}, la séance est "
            f"du {date_long(deliberation.date)} ({day})",
            "recopiez l'identifiant de l'accusé de réception de cette délibération",
        )
    sent, received = deliberation.sent, deliberation.received
    if sent is not None and received is not None and received < sent:
        yield Violation(
            ("transmission", "reception"),
            f"reçue en préfecture ({received.isoformat()}) avant d'être envoyée "
            f"({sent.isoformat()})",
            "vérifiez les deux dates",
        )


def enforceability_violations(
    deliberation: Deliberation, covered: list[Covered]
) -> Iterator[Violation]:
    """An act is signed once the deliberation authorising it is enforceable: transmitted to
    the prefect and published (CGCT L3131-1), i.e. on or after the later of the two dates."""
    enforceable = deliberation.enforceable
    if enforceable is None or not FIRST_YEAR <= enforceable.year <= LAST_YEAR:
        return  # unknown yet, or a typo reported as such
    for item in covered:
        signed = item.signature.date
        # Signed before the meeting itself: deliberation-dates says so already.
        if signed is not None and deliberation.date <= signed < enforceable:
            yield Violation(
                item.where,
                f"{item.label} est {item.agreed('signé')} le {signed.isoformat()} "
                f"({item.field('signature.date')}), avant que la délibération soit exécutoire "
                f"le {enforceable.isoformat()} (envoi au contrôle de légalité le "
                f"{deliberation.sent.isoformat() if deliberation.sent else '?'}, publication le "
                f"{deliberation.published.isoformat() if deliberation.published else '?'} ; "
                "CGCT L3131-1)",
                "un acte se signe quand la délibération qui l'autorise est transmise et publiée : "
                "reportez la date de signature",
            )


def not_yet_enforceable(deliberation: Deliberation, covered: list[Covered]) -> Iterator[Violation]:
    """Before signing what a deliberation authorises, it must be enforceable."""
    if not covered:
        return
    for key, day in (("envoi", deliberation.sent), ("publication", deliberation.published)):
        if day is None:
            what = "d'envoi au contrôle de légalité" if key == "envoi" else "de publication"
            yield Violation(
                ("transmission", key),
                f"la date {what} manque : la délibération n'est pas encore exécutoire (CGCT "
                f"L3131-1) et les {len(covered)} actes qu'elle autorise ne peuvent pas être signés",
                "renseignez transmission.envoi et transmission.publication une fois la "
                "délibération transmise et publiée",
            )


def _covered_dates(deliberation: Deliberation, item: Covered) -> Iterator[Violation]:
    meeting = deliberation.date
    signed = item.signature.date
    if signed is not None and signed < meeting:
        yield Violation(
            item.where,
            f"{item.label} est {item.agreed('signé')} le {signed.isoformat()} "
            f"({item.field('signature.date')}), avant la séance du {meeting.isoformat()} qui "
            "en autorise la signature",
            "la signature suit la délibération : corrigez la date de signature, ou citez la "
            "bonne délibération",
        )
    authorisation = item.authorisation
    stated = (
        ("numero", authorisation.number, deliberation.number),
        ("date", authorisation.date.isoformat() if authorisation.date else None, str(meeting)),
        ("instance", authorisation.assembly, deliberation.assembly),
    )
    # One number per act, the one the prefecture acknowledged: never the report's.
    for name, value, expected in stated:
        if value is not None and value != expected:
            yield Violation(
                item.where,
                f"{item.label} est {item.agreed('autorisé')} par « {value} » "
                f"({item.field('autorisation.' + name)}), cette délibération : « {expected} »",
                "corrigez le champ autorisation du contrat, ou retirez-le de cette délibération",
            )


DELIBERATION_RULES: tuple[Rule[Checked], ...] = (
    # Found while resolving what the deliberation cites (``resolve``), not on the model.
    Rule(
        REFERENCE,
        KIND,
        Severity.ERROR,
        "une délibération ne cite que des conventions, avenants et votes du budget "
        "existants, une fois chacun",
        # Its documents are computed from what it cites: never switched off.
        tunable=False,
    ),
    Rule(
        CONTRACT,
        KIND,
        Severity.ERROR,
        "les contrats cités par une délibération passent docgen check",
        tunable=False,
    ),
    # Found while numbering the decision and the annexes (``plan``).
    Rule(
        ANNEXES,
        KIND,
        Severity.ERROR,
        "chaque article de la décision a un verbe et porte sur ce que la délibération "
        "couvre ; ce qu'il approuve « joint en annexe » est dans une annexe ; chaque annexe "
        "est citée par un article",
    ),
    Rule(
        "vote-count",
        KIND,
        Severity.ERROR,
        "les voix et les listes de membres d'une délibération se recoupent ; la "
        "délibération est adoptée",
        lambda c: vote_violations(c.deliberation, c.members_in_office),
    ),
    Rule(
        "quorum",
        KIND,
        Severity.ERROR,
        "quorum atteint (si le Département le demande) ; un pouvoir au plus par membre",
        lambda c: quorum_violations(
            c.deliberation,
            c.members_in_office,
            # The Département asks docgen to check it; or the act states it was verified
            # and the members in office are known, so docgen checks what the act says.
            c.departement.quorum
            or (c.deliberation.quorum_verified and c.members_in_office is not None),
        ),
    ),
    Rule(
        "deliberation-dates",
        KIND,
        Severity.ERROR,
        "les contrats sont signés après la séance qui les autorise et citent sa date et son "
        "numéro ; convocation, accusé de réception et dates vraisemblables",
        lambda c: date_violations(c.deliberation, list(c.covered), c.departement.code),
    ),
    # Error by default, with or without --for-signature: a signature date before the
    # deliberation is enforceable is wrong whether the act is already signed (it must be
    # signed again) or only planned (the date must move). Under --for-signature, a
    # deliberation not yet transmitted or published is reported too (signature-incomplete).
    Rule(
        "deliberation-enforceable",
        KIND,
        Severity.ERROR,
        "les actes qu'une délibération autorise sont signés quand elle est exécutoire : "
        "transmise au contrôle de légalité et publiée (CGCT L3131-1)",
        lambda c: enforceability_violations(c.deliberation, list(c.covered)),
    ),
)
