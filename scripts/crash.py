"""Kill docgen (SIGKILL) while it writes, then check that the next command puts it right.

    python scripts/crash.py --kills 200 [--seed 7] [--keep dossier/]

In a temporary copy of contracts/ and templates/ (and docgen.toml), three commands run
one after the other: ``docgen build``, ``docgen budget apply`` of the Pas-de-Calais 2025
vote, and a rebuild. Each kill interrupts one of them:

- at a named step of the journal (``docgen.testing.crash``, ``DOCGEN_CRASH_AT=point:n``):
  every journal write, every rename (the manifest's, last, included), every step of the
  cleanup, a sample of the staged files; then, one kill in four, the recovery itself is
  killed in turn (``recover`` and ``cleanup`` points of the next command);
- or at a random instant of the command (the remaining kills).

After each kill the script checks: ``docgen check`` exits 0 (it recovers first); no
staged file, backup or journal is left; the contracts are either all untouched or all
amended, each amended one with its avenant document; the manifest names exactly the
files of build/ with their SHA-256; and finishing the remaining commands gives the same
bytes, file for file, as a run that was never interrupted. The last line is the summary,
in French; the exit code is 1 when a check failed. tests/test_faults.py runs a few kills.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VOTE = "contracts/pas-de-calais/budgets/2025.yaml"
STEPS: tuple[tuple[str, ...], ...] = (("build",), ("budget", "apply", VOTE), ("build",))
STEP_NAMES = ("build", "budget apply", "rebuild")
KILLED = -signal.SIGKILL


def docgen(
    folder: Path, args: tuple[str, ...], crash: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DOCGEN_CRASH_AT"}
    if crash is not None:
        env["DOCGEN_CRASH_AT"] = crash
    return subprocess.run(
        [sys.executable, "-m", "docgen.testing.crash" if crash else "docgen", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of contracts/ and build/ by relative path → SHA-256."""
    files = {}
    for top in ("contracts", "build"):
        for path in sorted((folder / top).rglob("*")):
            if path.is_file():
                files[path.relative_to(folder).as_posix()] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return files


@dataclass
class Reference:
    """The uninterrupted run: the folder before each command, and after the last."""

    states: list[Path]  # states[k]: before command k; states[3]: the end
    points: list[Counter[str]]  # how often command k reaches each crash point
    seconds: list[float]

    def contracts(self, k: int) -> dict[str, str]:
        return {p: d for p, d in snapshot(self.states[k]).items() if p.startswith("contracts/")}


def reference(work: Path) -> Reference:
    start = work / "state-0"
    start.mkdir()
    for name in ("contracts", "templates"):
        shutil.copytree(ROOT / name, start / name)
    shutil.copy(ROOT / "docgen.toml", start / "docgen.toml")
    states, points, seconds = [start], [], []
    for k, args in enumerate(STEPS):
        nxt = work / f"state-{k + 1}"
        shutil.copytree(states[-1], nxt)
        log = work / f"points-{k}.log"
        began = time.monotonic()
        done = docgen(nxt, args, f"log:{log}")
        seconds.append(time.monotonic() - began)
        if done.returncode != 0:
            raise SystemExit(f"la commande de référence {STEP_NAMES[k]} a échoué :\n{done.stderr}")
        points.append(Counter(log.read_text("utf-8").split()) if log.exists() else Counter())
        shutil.rmtree(nxt / ".docgen", ignore_errors=True)
        states.append(nxt)
    return Reference(states, points, seconds)


@dataclass(frozen=True)
class Kill:
    step: int
    point: str | None  # "rename:3", or None for a random instant
    recovery: str | None = None  # a point at which the next command's recovery is killed

    def label(self) -> str:
        where = self.point.split(":")[0] if self.point else "instant aléatoire"
        tail = f" + reprise tuée ({self.recovery.split(':')[0]})" if self.recovery else ""
        return f"{STEP_NAMES[self.step]} : {where}{tail}"


def plan_kills(ref: Reference, count: int, rng: random.Random) -> list[Kill]:
    """A few telling kills first (budget apply between its renames, at its manifest's
    rename, at its committed journal, with the recovery killed too), then every other
    named point (journal writes, renames, cleanup, then staged files), then random
    instants: a fifth of the kills at least. One named kill in four also kills the
    recovery that follows, in turn."""
    apply = ref.points[1]
    first = [
        Kill(1, "rename:2", "recover:1"),
        Kill(1, f"rename:{apply['rename']}"),
        Kill(1, "journal:2"),
        Kill(0, f"rename:{ref.points[0]['rename']}", "cleanup:1"),
        Kill(1, "cleanup:1"),
        Kill(1, f"stage:{max(1, apply['stage'] // 2)}"),
    ]
    named: list[Kill] = []
    staged: list[Kill] = []
    for step, points in enumerate(ref.points):
        for name in ("journal", "rename", "cleanup"):
            named += [Kill(step, f"{name}:{n}") for n in range(1, points[name] + 1)]
        staged += [Kill(step, f"stage:{n}") for n in range(1, points["stage"] + 1)]
    rng.shuffle(named)
    rng.shuffle(staged)
    chosen = {(k.step, k.point) for k in first}
    ordered = first + [k for k in named + staged if (k.step, k.point) not in chosen]
    kills = ordered[: max(0, count - count // 5)]
    for index in range(len(first), len(kills), 4):
        kill = kills[index]
        if kill.point is not None and kill.point != "journal:1":
            # Undoing a write that was not committed has no cleanup step: kill it at once.
            undoing = kill.point.startswith(("stage", "journal"))
            recovery = "recover:1" if undoing or index % 8 == 0 else "cleanup:1"
            kills[index] = Kill(kill.step, kill.point, recovery)
    while len(kills) < count:
        kills.append(Kill(rng.randrange(len(STEPS)), None))
    return kills


def kill_at_random(folder: Path, args: tuple[str, ...], seconds: float, rng: random.Random) -> bool:
    env = {k: v for k, v in os.environ.items() if k != "DOCGEN_CRASH_AT"}
    process = subprocess.Popen(
        [sys.executable, "-m", "docgen", *args],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(rng.uniform(0.2, max(0.3, seconds)))
    process.send_signal(signal.SIGKILL)
    return process.wait() == KILLED


def stray_files(folder: Path) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        name = path.name
        staged = name.startswith(".docgen-") or name.endswith((".tmp", ".docgen-nouveau"))
        journal = path.parent.name == ".docgen" and name.startswith("journal")
        if staged or journal:
            found.append(path.relative_to(folder).as_posix())
    return sorted(found)


def consistency(folder: Path, ref: Reference, step: int) -> list[str]:
    """What is wrong with ``folder`` after the kill and the next command's recovery."""
    problems = []
    checked = docgen(folder, ("check",))
    if checked.returncode != 0:
        problems.append(
            f"docgen check : code {checked.returncode}\n{checked.stdout}{checked.stderr}"
        )
    if "Traceback" in checked.stderr:
        problems.append("trace Python dans la sortie de check")
    stray = stray_files(folder)
    if stray:
        problems.append(f"fichiers restants : {', '.join(stray[:5])}")
    now = {p: d for p, d in snapshot(folder).items() if p.startswith("contracts/")}
    before, after = ref.contracts(step), ref.contracts(step + 1)
    amended = [p for p in now if now[p] != before.get(p)]
    if now not in (before, after):
        problems.append(
            f"contrats ni intacts ni tous modifiés ({len(amended)} modifiés sur "
            f"{sum(1 for p in after if after[p] != before.get(p))})"
        )
    for path in amended:
        slug = Path(path).stem
        avenant = folder / "build" / "pas-de-calais" / f"pas-de-calais_{slug}_2025_avenant-1.docx"
        if not avenant.exists():
            problems.append(f"{path} modifié sans son avenant ({avenant.name})")
    problems += manifest_problems(folder)
    return problems


def manifest_problems(folder: Path) -> list[str]:
    build = folder / "build"
    manifest = build / "manifest.json"
    if not build.exists():
        return []
    if not manifest.exists():
        files = [p for p in build.rglob("*") if p.is_file()]
        return [f"{len(files)} fichiers dans build/ sans manifeste"] if files else []
    entries = json.loads(manifest.read_text("utf-8"))["files"]
    problems = []
    on_disk = {
        p.relative_to(build).as_posix()
        for p in build.rglob("*")
        if p.is_file() and p != manifest and ".docgen" not in p.relative_to(build).parts
    }
    for name, entry in entries.items():
        path = build / name
        if not path.exists():
            problems.append(f"manifeste : {name} absent du disque")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            problems.append(f"manifeste : {name} n'a pas le SHA-256 enregistré")
    for name in sorted(on_disk - set(entries)):
        problems.append(f"manifeste : {name} n'y figure pas")
    return problems


def finish(folder: Path, ref: Reference, step: int) -> list[str]:
    """Run the interrupted command again and the ones after it: same bytes as the reference."""
    for k in range(step, len(STEPS)):
        done = docgen(folder, STEPS[k])
        if done.returncode != 0:
            return [f"{STEP_NAMES[k]} relancé : code {done.returncode}\n{done.stderr}"]
    got, want = snapshot(folder), snapshot(ref.states[-1])
    if got == want:
        return []
    differ = sorted(p for p in set(got) | set(want) if got.get(p) != want.get(p))
    return [f"après reprise, différent d'une exécution sans panne : {', '.join(differ[:5])}"]


@dataclass
class Summary:
    kills: int = 0
    failures: int = 0
    missed: int = 0  # a named point the command did not reach, or a random kill too late
    recoveries_killed: int = 0
    where: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        points = ", ".join(f"{name} {n}" for name, n in sorted(self.where.items()))
        return (
            f"{self.kills} arrêts brutaux (SIGKILL), plus {self.recoveries_killed} reprise(s) "
            f"tuée(s) à leur tour ; échecs : {self.failures}. Points : {points}."
        )


def run_kill(
    kill: Kill, ref: Reference, work: Path, rng: random.Random
) -> tuple[bool, bool, list[str]]:
    """Kill one command; return whether it was killed, whether the recovery that followed
    was killed too, and what is wrong afterwards."""
    folder = work / "essai"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ref.states[kill.step], folder)
    args = STEPS[kill.step]
    if kill.point is None:
        killed = kill_at_random(folder, args, ref.seconds[kill.step], rng)
    else:
        killed = docgen(folder, args, kill.point).returncode == KILLED
    if not killed:
        return False, False, []
    problems: list[str] = []
    recovery_killed = False
    if kill.recovery is not None:
        recovering = docgen(folder, ("check",), kill.recovery)
        recovery_killed = recovering.returncode == KILLED
        if "Traceback" in recovering.stderr:
            problems.append(f"trace Python pendant la reprise :\n{recovering.stderr}")
    problems += consistency(folder, ref, kill.step)
    if not problems:
        problems += finish(folder, ref, kill.step)
    return True, recovery_killed, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Tue docgen pendant qu'il écrit, puis vérifie le dépôt.", add_help=False
    )
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
    parser.add_argument("--kills", type=int, default=50, help="nombre d'arrêts brutaux (50)")
    parser.add_argument("--seed", type=int, default=7, help="graine du hasard (7)")
    parser.add_argument("--keep", type=Path, help="copie ici le dossier de chaque échec")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    summary = Summary()
    with tempfile.TemporaryDirectory(prefix="docgen-crash-") as temp:
        work = Path(temp)
        ref = reference(work)
        queue = plan_kills(ref, args.kills, rng)
        for k, points in enumerate(ref.points):
            named = ", ".join(f"{name} {n}" for name, n in sorted(points.items()))
            print(f"{STEP_NAMES[k]} sans panne : {ref.seconds[k]:.1f} s ; points : {named}")
        while queue:
            kill = queue.pop(0)
            killed, recovery_killed, problems = run_kill(kill, ref, work, rng)
            if not killed:
                summary.missed += 1
                if kill.point is None:  # too late: try another instant
                    queue.append(Kill(rng.randrange(len(STEPS)), None))
                continue
            summary.kills += 1
            summary.where[kill.label().split(" + ")[0]] += 1
            summary.recoveries_killed += recovery_killed
            if problems:
                summary.failures += 1
                print(
                    f"ÉCHEC ({kill.label()}, {kill.point}) :",
                    *problems,
                    sep="\n  ",
                    file=sys.stderr,
                )
                if args.keep is not None:
                    target = args.keep / f"echec-{summary.failures}"
                    shutil.copytree(work / "essai", target, dirs_exist_ok=True)
    print(summary.line())
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
