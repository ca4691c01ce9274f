"""Speed and memory of mobility-advisor, measured as whole processes on this machine.

    pip install .            # or: pip install -e .
    python benchmarks/run.py [--runs N] [--json PATH] [--only NAME,...] [--against SOURCE]

Budgets are ratios (issue 29): every run first measures a baseline on the same machine at the
same moment, `python -c pass` (starting Python and nothing else) and, when copier is installed
(`pip install copier`, for the benchmark only), a `copier copy` of a comparable template
(twelve files, ten answers); each case is reported as its median time, as a ratio to each
baseline ("x python", "x copier") and with its budget, a ratio, the absolute figure beside it
for information. A busy machine slows the baseline and the case alike, so the ratio holds
where seconds do not. `--against SOURCE` runs each case a second time, right after, with the
mobility_advisor package of another checkout first on PYTHONPATH (e.g. the current release:
`git worktree add /tmp/base main`), and prints each case's ratio to it; both sides then run as
`python -m mobility_advisor`, so that an older checkout need not have today's entry point.

Issue 29 adds a cohort of 10,000 learners written, then read whole by `status` (JSON and text)
and `update --dry-run`, with a memory budget on the command's own process (150 MiB), and one
pack printed to PDF.

Issue 17 adds `status` over 1,000 packs (a folder of packs made by copying one pack, each
with its own learner, dates and ticks) and a 30-learner cohort printed to PDF, which
converts its packs in several processes (MOBILITY_ADVISOR_JOBS; default: one per core).

Each case runs the installed `mobility-advisor` console script (the one next to this
Python) once as a warm-up (which also fills the cache of compiled templates, as any
earlier run would), then N times; the "no cache" cases, for information, show the first
run after an install or a template change (MOBILITY_ADVISOR_NO_CACHE=1); the table gives the median and min-max wall
time of the runs, the budget of issue 8 and whether the median meets it. The peak
memory of a case is the largest resident set size (`ru_maxrss`, from `os.wait4`) of
its runs; for the cases with a memory budget, "all processes" is the largest proportional set
size of the command and its worker processes together, read every 0.1 s from /proc (Linux);
the budget applies to the larger of the two; CPU is the median processor time (user + system) of the runs, the process and the
ones it waited for; load is the highest 1-minute load average seen after a run (the machine
may be shared: a load above the number of cores slows every case). Python writes and reuses its bytecode as usual (PYTHONDONTWRITEBYTECODE is
removed from the children's environment). The answers file and the learners' CSVs are
generated in a temporary folder,
which is removed at the end. The same figures are written as JSON to
benchmarks/results.json (committed: the latest run on the reference machine).

Budgets are for a 2-core machine; on a slower or busy one a case may miss its budget
without anything being wrong: the exit status is 0 either way, unless `--check`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-24"  # MOBILITY_ADVISOR_TODAY: the same packs on every run

ANSWERS = """\
version: 1
lang: fr
answers:
  goals: [participation, certification]
  learner.name: Léa Dupont
  learner.qualification: Bac pro Boulanger-pâtissier
  org.sending: CFA des métiers de Tours
  learner.apprentice: true
  org.sending_company: Boulangerie Martin
  org.host_partner: Handwerkskammer Frankfurt (Oder)
  org.host_company: Bäckerei Schulz
  tutor.name: Anna Schulz
  tutor.function: Konditormeisterin
  destination.country: de
  mobility.start: 2027-03-01
  mobility.end: 2027-03-26
  mobility.funding: erasmus
  participation.attestation: true
  participation.other_evidence: false
  certification.certifier: men
  men.diploma: bac_pro
  certification.in_framework: "yes"
"""

# Answers common to a cohort: the per-learner ones come from the CSV.
COMMON = """\
version: 1
lang: fr
answers:
  goals: [participation, certification]
  learner.qualification: Bac pro Cuisine
  org.sending: Lycée professionnel Jean Moulin
  learner.apprentice: false
  org.host_partner: Handwerkskammer Frankfurt (Oder)
  destination.country: de
  mobility.funding: erasmus
  participation.attestation: true
  participation.other_evidence: false
  certification.certifier: men
  men.diploma: bac_pro
  certification.in_framework: "yes"
"""
CSV_HEADER = "learner.name;mobility.start;mobility.end;org.host_company;tutor.name;tutor.function"
RESULTS_HEADER = ";results.assessed_on;results.men.mark;results.diploma_passed;results.men.exam_date;" + ";".join(
    f"results.outcomes.EX-{k:02d}" for k in range(1, 13))
STATUSES = ("achieved", "partial", "not_achieved")


def outcomes_yaml(n: int = 12) -> str:
    """n illustrative learning outcomes (long enough to wrap), as an outcomes file."""
    lines = ["version: 1", "outcomes:"]
    for k in range(1, n + 1):
        lines += [f"  - reference: EX-{k:02d}",
                  f"    text: \"Exemple {k} : réaliser une tâche du métier selon la fiche technique de l'entreprise "
                  f"d'accueil, dans le temps imparti et en respectant les règles d'hygiène et de sécurité\"",
                  f"    activities: \"Production quotidienne au poste {k} avec le tuteur\"",
                  f"    assessment: \"Observation par le tuteur et grille d'évaluation\"",
                  f"    criteria: \"Fiche suivie ; temps respecté ; poste rangé\""]
    return "\n".join(lines) + "\n"


def results_yaml() -> str:
    """Results for the 12 outcomes of outcomes_yaml and the MEN route."""
    per = ", ".join(f"EX-{k:02d}: {STATUSES[k % 3]}" for k in range(1, 13))
    return ("results:\n  assessed_on: 2027-03-26\n  outcomes: {" + per + "}\n  men.mark: 12\n"
            "  men.exam_date: 2027-06-20\n  diploma_passed: false\n")


def learners_csv(n: int, results: bool = False) -> str:
    """n learners as a French spreadsheet exports them (BOM, ';', CRLF, dd/mm/yyyy); with `results`,
    each learner's results in results.… columns (mark, diploma, the 12 outcomes)."""
    first = date(2027, 3, 1)
    lines = [CSV_HEADER + (RESULTS_HEADER if results else "")]
    for i in range(n):
        start = first + timedelta(days=i % 90)
        end = start + timedelta(days=27 + i % 5)
        line = (f"Apprenant {i:04d} Lefèvre;{start:%d/%m/%Y};{end:%d/%m/%Y};"
                f"Entreprise {i % 37};Tuteur {i};Chef de partie")
        if results:
            line += (f";{end:%d/%m/%Y};{8 + i % 9};{'oui' if i % 4 else 'non'};20/06/2027;"
                     + ";".join(STATUSES[(i + k) % 3] for k in range(12)))
        lines.append(line)
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


BASELINE = "python -c pass"
COHORT_10000 = "cohort-10000"  # written once (untimed) when a case reads it
COPIER = "copier copy (12 files)"


def copier_template(work: Path) -> Path:
    """A copier template comparable to a pack: ten questions with defaults, twelve files of about
    6 kB, each with substitutions, a condition and a loop (as the pack's templates have)."""
    root = work / "copier-template"
    if root.exists():
        return root
    root.mkdir()
    questions = {f"q{k}": f"Réponse {k}" for k in range(10)}
    (root / "copier.yml").write_text("".join(f"{k}:\n  type: str\n  default: \"{v}\"\n" for k, v in questions.items()),
                                     encoding="utf-8")
    para = ("Le tuteur de {{ q1 }} vérifie avec {{ q2 }} que les activités prévues correspondent aux acquis "
            "d'apprentissage convenus dans le contrat pédagogique, et le note dans la grille. ")
    body = "# {{ q0 }}\n\n" + "".join(
        f"## Partie {k}\n\n{{% if q3 %}}{para * 3}{{% endif %}}\n\n{{% for i in range(3) %}}- [ ] {{{{ q4 }}}} {{{{ i }}}}\n"
        f"{{% endfor %}}\n" for k in range(6))
    for k in range(12):
        (root / f"document_{k:02d}.md.jinja").write_text(body, encoding="utf-8")
    return root


@dataclass
class Case:
    name: str
    args: list[str]
    runs: int
    budget_s: float | None = None  # for information beside the ratio (or the budget, without a ratio)
    budget_mib: float | None = None
    budget_x: float | None = None  # the budget: at most this many times the baseline's median
    main_only: bool = False  # the memory budget applies to the command's own process (not its workers)
    program: list[str] | None = None  # a baseline's command (default: the installed mobility-advisor)
    fresh_output: bool = False  # a new -o folder each run (removed after the run, untimed)
    out_flag: list[str] = field(default_factory=lambda: ["-o"])  # how the output folder is given
    warm_up: bool = True  # False: the case is long and its caches are warm already
    env: dict[str, str] = field(default_factory=dict)  # added to the environment of this case
    times: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    tree_pss_kib: list[int] = field(default_factory=list)  # all its processes together, sampled (0: not sampled)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the process and the ones it waited for
    load: list[float] = field(default_factory=list)  # the machine's 1-minute load average after each run


def executable() -> Path:
    """The console script installed with this Python (pip install .)."""
    here = Path(sys.executable).parent / ("mobility-advisor.exe" if os.name == "nt" else "mobility-advisor")
    found = here if here.is_file() else shutil.which("mobility-advisor")
    if not found:
        sys.exit("benchmarks/run.py: no mobility-advisor next to this Python: run `pip install .` first")
    return Path(found)


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            out += [int(c) for c in task.read_text().split()]
        except (OSError, ValueError):
            pass
    return out


def tree_pss_kib(pid: int) -> int:
    """The proportional set size of `pid` and its descendants (a forkserver and its workers): each
    shared page counted once over the processes that share it. 0 where /proc cannot tell (not Linux)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except (OSError, ValueError):
            continue
        todo += _children(p)
    return total


def run_once(cmd: list[str], env: dict[str, str], log: Path, sample: bool = False) -> tuple[float, int, float, int]:
    """(wall seconds, peak RSS in KiB, processor seconds, peak PSS of the process tree in KiB) of
    one whole process; exits if the command fails. The processor time counts the process and
    the processes it waited for (pandoc), not the pool workers a forkserver starts (run with
    MOBILITY_ADVISOR_JOBS=1 to count them). With `sample`, the memory of the whole process tree
    (workers included) is read every 0.1 s; else the tree figure is 0."""
    import threading

    peaks, done = [0], threading.Event()

    def sampler(pid: int) -> None:  # beside the wait, which gives the exact end
        while not done.wait(0.1):
            peaks.append(tree_pss_kib(pid))

    with open(log, "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env)
        watcher = threading.Thread(target=sampler, args=(proc.pid,), daemon=True) if sample else None
        if watcher:
            watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        done.set()
        if watcher:
            watcher.join()
    peak_tree = max(peaks)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    if proc.returncode != 0:
        sys.exit(f"benchmarks/run.py: {' '.join(cmd)} failed (exit {proc.returncode}):\n"
                 + log.read_text(encoding="utf-8", errors="replace")[-2000:])
    rss = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024  # bytes on macOS
    return elapsed, rss, usage.ru_utime + usage.ru_stime, peak_tree


def measure(case: Case, exe: Path, env: dict[str, str], work: Path) -> None:
    outputs: list[Path] = []
    for i in range(0 if case.warm_up else 1, case.runs + 1):  # run 0 is the warm-up
        args = list(case.args)
        if case.fresh_output:
            outputs.append(work / f"out-{case.name.replace(' ', '-')}-{i}")
            args += [*case.out_flag, str(outputs[-1])]
        elapsed, rss, cpu, pss = run_once([*(case.program or [str(exe)]), *args], {**env, **case.env}, work / "last.log",
                                          sample=case.budget_mib is not None)
        if i:
            case.times.append(elapsed)
            case.rss_kib.append(rss)
            case.tree_pss_kib.append(pss)
            case.cpu.append(cpu)
            case.load.append(os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan"))
    # removed after the case, not between runs: deleting thousands of files keeps the disk
    # busy for a while, and the next run would pay for it
    for out in outputs:
        shutil.rmtree(out, ignore_errors=True)
    settle()


def settle() -> None:
    """Let the disk finish earlier writes and deletions before the next case is timed."""
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(1.0)


def cases(work: Path, runs: int | None) -> list[Case]:
    answers = work / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    common = work / "common.yaml"
    common.write_text(COMMON, encoding="utf-8")
    learning = work / "answers-outcomes.yaml"
    learning.write_text(ANSWERS.replace("goals: [participation, certification]",
                                        "goals: [participation, integration, certification]")
                        .replace("  certification.certifier: men", "  integration.preparation: [positioning, grid]\n"
                                 "  integration.positioning_tools: [europass_cv]\n  integration.methods: [observation, jury]\n"
                                 "  integration.test_before: true\n  integration.record: [grid, minutes]\n"
                                 "  certification.certifier: men")
                        + outcomes_yaml().replace("version: 1\n", "") + results_yaml(), encoding="utf-8")
    outcomes_file = work / "outcomes.yaml"
    outcomes_file.write_text(outcomes_yaml(), encoding="utf-8")
    out: list[Case] = [
        # the baseline of every ratio: starting Python and nothing else, in the same run
        Case(BASELINE, [], runs or 10, program=[sys.executable, "-c", "pass"]),
        Case("--help", ["--help"], runs or 10, budget_s=0.12, budget_x=6),
        Case("validate", ["validate"], runs or 10, budget_s=0.3, budget_x=12),
        Case("pack (render --answers)", ["render", "--answers", str(answers)], runs or 10, budget_s=0.4, budget_x=15,
             fresh_output=True),
        Case("pack with 12 outcomes and results", ["render", "--answers", str(learning)], runs or 10, budget_s=0.4,
             budget_x=15, fresh_output=True),
        # For information: every template compiled again, as on the first run after an install
        # or a template change (the compiled templates are kept in the user's cache).
        Case("validate without cache", ["validate"], runs or 5, env={"MOBILITY_ADVISOR_NO_CACHE": "1"}),
        Case("pack without cache", ["render", "--answers", str(answers)], runs or 5, fresh_output=True,
             env={"MOBILITY_ADVISOR_NO_CACHE": "1"}),
    ]
    copier = shutil.which("copier", path=str(Path(sys.executable).parent)) or shutil.which("copier")
    if copier:  # a comparable tool: twelve files from a template and ten answers (pip install copier)
        out.append(Case(COPIER, ["copy", "--defaults", "--quiet", str(copier_template(work))], runs or 10,
                        program=[copier], fresh_output=True, out_flag=[]))
    for n, default_runs in ((10, 5), (100, 5), (1000, 3)):
        csv_path = work / f"learners-{n}.csv"
        csv_path.write_text(learners_csv(n), encoding="utf-8", newline="")
        out.append(Case(f"cohort {n}", ["cohort", "--answers", str(common), "--learners", str(csv_path)],
                        runs or default_runs, budget_s=10.0 if n == 1000 else None,
                        budget_mib=150.0 if n == 1000 else None, fresh_output=True))
    # For information: the cohort of 1,000 in one process (MOBILITY_ADVISOR_JOBS=1), whose CPU column
    # is the whole work; the case above spreads it over one process per core.
    out.append(Case("cohort 1000 in one process", ["cohort", "--answers", str(common), "--learners",
                                                   str(work / "learners-1000.csv")], runs or 3, fresh_output=True,
                    env={"MOBILITY_ADVISOR_JOBS": "1"}))
    csv_path = work / "learners-1000-results.csv"
    csv_path.write_text(learners_csv(1000, results=True), encoding="utf-8", newline="")
    out.append(Case("cohort 1000 with outcomes and results",
                    ["cohort", "--answers", str(common), "--outcomes", str(outcomes_file), "--learners", str(csv_path)],
                    runs or 3, budget_s=10.0, budget_mib=150.0, fresh_output=True))
    # issue 17: a season read back, and a cohort printed for signing
    out.append(Case("status 1000 packs", ["status", "--format", "json", str(work / "season-1000")], runs or 5,
                    budget_s=2.0, env={"MOBILITY_ADVISOR_TODAY": "2027-03-20"}))
    # issue 29: a cohort of 10,000 learners written, then read whole by `status` and `update --dry-run`;
    # the memory budget is the command's own process (its workers each hold one pack at a time)
    csv_path = work / "learners-10000.csv"
    csv_path.write_text(learners_csv(10000), encoding="utf-8", newline="")
    big = work / COHORT_10000
    # written into the folder the next cases read (else written once, untimed, before them)
    out.append(Case("cohort 10000", ["cohort", "--answers", str(common), "--learners", str(csv_path), "-o", str(big)],
                    1, budget_mib=150.0, main_only=True, warm_up=False))
    out.append(Case("status cohort 10000", ["status", "--format", "json", str(big)], runs or 1, budget_mib=150.0,
                    main_only=True, env={"MOBILITY_ADVISOR_TODAY": "2027-03-20"}, warm_up=False))
    out.append(Case("status cohort 10000 as text", ["status", str(big)], runs or 1, budget_mib=150.0, main_only=True,
                    env={"MOBILITY_ADVISOR_TODAY": "2027-03-20"}, warm_up=False))
    out.append(Case("update --dry-run cohort 10000", ["update", "--dry-run", str(big)], runs or 1, budget_mib=150.0,
                    main_only=True, warm_up=False))
    csv30 = work / "learners-30.csv"
    csv30.write_text(learners_csv(30), encoding="utf-8", newline="")
    out.append(Case("cohort 30 pdf", ["cohort", "--answers", str(common), "--learners", str(csv30), "--format", "pdf"],
                    runs or 1, budget_s=30.0, fresh_output=True))
    out.append(Case("pack pdf", ["render", "--answers", str(answers), "--format", "pdf"], runs or 3,
                    fresh_output=True))
    # For information: the same cohort in one process, whose processor time (CPU column) is the
    # whole conversion's; on two idle cores the case above takes about half of it plus start-up.
    out.append(Case("cohort 30 pdf in one process", ["cohort", "--answers", str(common), "--learners", str(csv30),
                                                   "--format", "pdf"], runs or 1, fresh_output=True,
                    env={"MOBILITY_ADVISOR_JOBS": "1"}))
    return out


def status_packs(work: Path, exe: Path, env: dict[str, str], n: int = 1000) -> Path:
    """A folder of n packs, as a referent's season leaves them: one pack written by the tool,
    copied n times with each copy's learner and dates changed in its manifest, and a few boxes
    of each checklist ticked."""
    import json as json_mod

    season = work / f"season-{n}"
    first = work / "season-first"
    subprocess.run([str(exe), "render", "--answers", str(work / "answers.yaml"), "-o", str(first)],
                   env=env, check=True, capture_output=True)
    record = json_mod.loads((first / ".mobility-advisor.json").read_text(encoding="utf-8"))
    checklist = (first / "checklist.md").read_text(encoding="utf-8")
    start = date(2027, 3, 1)
    for i in range(n):
        pack = season / f"pack-{i:04d}"
        shutil.copytree(first, pack)
        when = start + timedelta(days=i % 120)
        record["answers"]["answers"].update({"learner.name": f"Apprenant {i:04d}",
                                             "mobility.start": when.isoformat(),
                                             "mobility.end": (when + timedelta(days=25)).isoformat()})
        (pack / ".mobility-advisor.json").write_text(json_mod.dumps(record, ensure_ascii=False), encoding="utf-8")
        ticked = checklist.replace("- [ ] ", "- [x] ", i % 12)
        (pack / "checklist.md").write_text(ticked, encoding="utf-8")
    shutil.rmtree(first)
    return season


def cohort_10000(work: Path, exe: Path, env: dict[str, str]) -> None:
    """The 10,000-learner cohort the reading cases read (written once, untimed)."""
    subprocess.run([str(exe), "cohort", "--answers", str(work / "common.yaml"), "--learners",
                    str(work / "learners-10000.csv"), "-o", str(work / COHORT_10000)],
                   env=env, check=True, capture_output=True)


def row(case: Case, base: float | None, copier: float | None, base_cpu: float | None = None) -> dict:
    """A case's figures; `base`: the median of `python -c pass` in the same run (the ratios' unit),
    `copier`: the median of a copier copy of a comparable template, when measured."""
    med = statistics.median(case.times)
    peak = max(case.rss_kib) / 1024
    tree = max(case.tree_pss_kib, default=0) / 1024
    ratio = med / base if base else None
    if case.budget_x is not None and ratio is not None:
        ok = [ratio <= case.budget_x]  # the budget is the ratio; the seconds are beside it, for information
    else:
        ok = [med <= case.budget_s] if case.budget_s is not None else []
    if case.budget_mib is not None:
        ok.append((peak if case.main_only else max(peak, tree)) <= case.budget_mib)
    return {
        "case": case.name,
        "command": " ".join([Path(a).name for a in case.program] if case.program else ["mobility-advisor"])
        + "".join(" " + (a if not a.startswith("/") else Path(a).name) for a in case.args),
        "runs": len(case.times),
        "median_s": round(med, 4),
        "min_s": round(min(case.times), 4),
        "max_s": round(max(case.times), 4),
        "x_python": round(ratio, 2) if ratio is not None else None,
        "x_copier": round(med / copier, 2) if copier else None,
        # processor time over the baseline's: what a busy machine changes least (the wall ratio
        # is the budget; this one says how much of it is the tool's own work)
        "cpu_x_python": round(statistics.median(case.cpu) / base_cpu, 1) if base_cpu else None,
        "peak_rss_mib": round(peak, 1),
        "peak_tree_pss_mib": round(tree, 1) if tree else None,
        "cpu_s": round(statistics.median(case.cpu), 3),
        "load_avg": round(max(case.load), 2),
        "budget_x": case.budget_x,
        "budget_s": case.budget_s,
        "budget_rss_mib": case.budget_mib,
        "memory_budget_of": "main process" if case.main_only else "all processes",
        "pass": all(ok) if ok else None,
    }


def table(rows: list[dict], ratio: dict | None) -> str:
    head = ["case", "median", "x python", "x copier", "min-max", "runs", "peak RSS", "all processes", "CPU",
            "CPU x python", "load", "budget", "result"]
    lines = []
    for r in rows:
        budget = []
        if r.get("budget_x") is not None:
            budget.append(f"<= {r['budget_x']:g}x" + (f" (~{r['budget_s']:g} s)" if r["budget_s"] else ""))
        elif r["budget_s"] is not None:
            budget.append(f"<= {r['budget_s']:g} s")
        if r["budget_rss_mib"] is not None:
            budget.append(f"<= {r['budget_rss_mib']:g} MiB" + (" main" if r.get("memory_budget_of") == "main process"
                                                                 else ""))
        lines.append([r["case"], f"{r['median_s']:.3f} s",
                      f"{r['x_python']:.1f}x" if r.get("x_python") is not None else "-",
                      f"{r['x_copier']:.2f}x" if r.get("x_copier") is not None else "-",
                      f"{r['min_s']:.3f}-{r['max_s']:.3f} s", str(r["runs"]),
                      f"{r['peak_rss_mib']:.0f} MiB",
                      f"{r['peak_tree_pss_mib']:.0f} MiB" if r.get("peak_tree_pss_mib") else "-", f"{r['cpu_s']:.2f} s",
                      f"{r['cpu_x_python']:.1f}x" if r.get("cpu_x_python") is not None else "-",
                      f"{r['load_avg']:.1f}", ", ".join(budget) or "-",
                      "-" if r["pass"] is None else ("pass" if r["pass"] else "FAIL")])
    if ratio:
        lines.append(["cohort 1000 / cohort 100", f"{ratio['value']:.1f}x", "", "", "", "", "", "", "", "", "",
                      f"<= {ratio['budget']:g}x", "pass" if ratio["pass"] else "FAIL"])
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(head)]

    def fmt(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"

    return "\n".join([fmt(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(fmt, lines)])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, help="timed runs per case (default: 10, 5 for cohorts of 10 and 100, "
                                             "3 for 1,000)")
    ap.add_argument("--only", help="comma-separated case names to run (e.g. --only validate,'cohort 100'); "
                                   "the baseline (python -c pass, and copier if installed) always runs")
    ap.add_argument("--against", type=Path, metavar="SOURCE",
                    help="also run each case with the mobility_advisor package of SOURCE (a checkout, e.g. "
                         "`git worktree add /tmp/base main`) first on PYTHONPATH, alternating: its rows are "
                         "marked '(against)' and each case says its ratio to them")
    ap.add_argument("--json", type=Path, default=HERE / "results.json", help="where to write the figures")
    ap.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    opts = ap.parse_args()

    exe = executable()
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY=TODAY, NO_COLOR="1", COLUMNS="100")
    # Python as it normally runs: modules compiled once to __pycache__, then reused (some
    # sandboxes set PYTHONDONTWRITEBYTECODE, which recompiles every module in every run)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env).stdout.strip()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="mobility-advisor-bench-") as tmp:
        work = Path(tmp)
        todo = cases(work, opts.runs)
        if opts.only:
            wanted = {w.strip() for w in opts.only.split(",")} | {BASELINE, COPIER}
            todo = [c for c in todo if c.name in wanted or c.name.split()[0] in wanted]
        if opts.against:
            twins = []
            source = str(opts.against.resolve())
            # Both sides run as `python -m mobility_advisor`: the installed console script names this
            # checkout's entry point (mobility_advisor.cli.app), which an older checkout may not have.
            module = [sys.executable, "-m", "mobility_advisor"]
            for c in todo:
                if c.program is None:  # the same case on the other source, right after it
                    c.program = module
                    twins.append(c)
                    twins.append(Case(f"{c.name} (against)", c.args, c.runs, fresh_output=c.fresh_output,
                                      out_flag=c.out_flag, main_only=c.main_only, program=module,
                                      env={**c.env, "PYTHONPATH": source + os.pathsep + env.get("PYTHONPATH", "")}))
                else:
                    twins.append(c)
            todo = twins
        if any(c.name.startswith("status 1000 packs") for c in todo):
            status_packs(work, exe, env)
        if any(COHORT_10000.replace("-", " ") in c.name for c in todo) and not any(
                c.name == "cohort 10000" for c in todo):
            cohort_10000(work, exe, env)
        settle()
        medians: dict[str, float] = {}
        cpus: dict[str, float] = {}
        measured: list[Case] = []
        for case in todo:
            print(f"  {case.name}: warm-up + {case.runs} runs…", file=sys.stderr, flush=True)
            measure(case, exe, env, work)
            medians[case.name] = statistics.median(case.times)
            cpus[case.name] = statistics.median(case.cpu)
            measured.append(case)
        for case in measured:
            r = row(case, medians.get(BASELINE), medians.get(COPIER), cpus.get(BASELINE))
            if f"{case.name} (against)" in medians:
                r["x_against"] = round(medians[case.name] / medians[f"{case.name} (against)"], 2)
            rows.append(r)
    by_name = {r["case"]: r for r in rows}
    ratio = None
    if "cohort 100" in by_name and "cohort 1000" in by_name:
        value = by_name["cohort 1000"]["median_s"] / by_name["cohort 100"]["median_s"]
        ratio = {"value": round(value, 2), "budget": 12.0, "pass": value <= 12.0}
    text = table(rows, ratio)
    print(text)
    for r in rows:
        if "x_against" in r:
            print(f"{r['case']}: {r['x_against']:.2f}x the same case against {opts.against}")
    doc = {
        "version": 2,
        "tool": version,
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "processor": platform.machine(),
                    "load_avg_end": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None},
        "baseline": {"python": medians.get(BASELINE), "copier": medians.get(COPIER)},
        "cases": rows,
        "cohort_ratio_1000_100": ratio,
        "all_pass": all(r["pass"] is not False for r in rows) and (ratio is None or ratio["pass"]),
    }
    opts.json.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"figures written to {opts.json}", file=sys.stderr)
    return 1 if opts.check and not doc["all_pass"] else 0


if __name__ == "__main__":
    sys.exit(main())
