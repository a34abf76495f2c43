"""``hipcoach exercises``: browse the exercise library.

hipcoach exercises list --equipment none --level beginner
hipcoach exercises list --equipment dumbbell,mini_band --pattern hip_extension --json
hipcoach exercises show hip-thrust
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from hipcoach.cli.console import err_console, out_console, print_json
from hipcoach.library import (
    Exercise,
    Level,
    Library,
    Muscle,
    Pattern,
    load_library,
    load_muscles,
    parse_enum,
    parse_equipment,
)

EquipmentOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--equipment",
        "-e",
        help="What you have: repeat or comma-separate (dumbbell,mini_band); 'none' = nothing "
        "beyond a wall. Omit to list everything.",
    ),
]
LevelOpt = Annotated[
    str | None, typer.Option("--level", "-l", help="beginner, intermediate or advanced.")
]
MaxLevelOpt = Annotated[
    str | None, typer.Option("--max-level", help="This level and the easier ones.")
]
PatternOpt = Annotated[
    str | None,
    typer.Option(
        "--pattern",
        "-p",
        help="hip_extension, hip_abduction, hip_adduction, hip_rotation, hip_flexor_stretch, warm_up.",
    ),
]
MuscleOpt = Annotated[
    str | None, typer.Option("--muscle", "-m", help="A muscle id, e.g. gluteus_maximus.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def list_exercises(
    equipment: EquipmentOpt = None,
    level: LevelOpt = None,
    max_level: MaxLevelOpt = None,
    pattern: PatternOpt = None,
    muscle: MuscleOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List exercises, filtered by the equipment you have, level, movement pattern or muscle."""
    lib = load_library()
    found = lib.filter(
        equipment=parse_equipment(equipment or []),
        level=parse_enum(Level, level, "level") if level else None,
        max_level=parse_enum(Level, max_level, "level") if max_level else None,
        pattern=parse_enum(Pattern, pattern, "pattern") if pattern else None,
        muscle=parse_enum(Muscle, muscle, "muscle") if muscle else None,
    )
    if as_json:
        print_json([ex.to_summary() for ex in found])
        return
    if not found:
        err_console().print("No exercise matches these filters; try fewer of them.")
        return
    console = out_console()
    for table in _list_tables(found):
        console.print(table, soft_wrap=False)


def show_exercise(
    exercise_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. glute-bridge")],
    as_json: JsonOpt = False,
) -> None:
    """Show one exercise: how to do it, the scheme, targets, variants and what the coach checks."""
    lib = load_library()
    ex = lib.get(exercise_id.strip().lower())
    if as_json:
        print_json(ex.model_dump(mode="json"))
        return
    # soft_wrap=False: the shared console does not wrap, which would crop text inside a panel.
    out_console().print(_exercise_panel(ex, lib), soft_wrap=False)


def _equipment_text(ex: Exercise) -> Text:
    """Required items, then optional ones dimmed: ``bench, barbell (optional: dumbbell)``."""
    required = [
        " or ".join(i.value for i in (n.item, *n.alternatives))
        for n in ex.equipment
        if not n.optional
    ]
    optional = [n.item.value for n in ex.equipment if n.optional]
    text = Text(", ".join(required) if required else "none")
    if optional:
        text.append(f" (optional: {', '.join(optional)})", style="dim")
    return text


def _list_tables(found: list[Exercise]) -> list[Table]:
    """One table per movement pattern, in the library's pattern order."""
    tables = []
    for pattern in Pattern:
        rows = [ex for ex in found if ex.pattern is pattern]
        if not rows:
            continue
        table = Table(title=pattern.value.replace("_", " "), title_justify="left")
        table.add_column("id", no_wrap=True, style="bold")
        table.add_column("name")
        table.add_column("level", no_wrap=True)
        table.add_column("equipment")
        table.add_column("scheme")
        for ex in rows:
            table.add_row(ex.id, ex.name, ex.level.value, _equipment_text(ex), ex.scheme.describe())
        tables.append(table)
    return tables


def _bullets(items: list[str], numbered: bool = False) -> Text:
    lines = [f"{i}. {s}" if numbered else f"• {s}" for i, s in enumerate(items, 1)]
    return Text("\n".join(lines))


def _muscle_names(muscles: list[Muscle]) -> str:
    table = load_muscles()
    return ", ".join(table[m].name for m in muscles)


def _names(lib: Library, ids: list[str]) -> str:
    return ", ".join(f"{lib.get(i).name} ({i})" for i in ids)


def _section(title: str, body: RenderableType) -> list[RenderableType]:
    return [Text(title, style="bold cyan"), body, Text("")]


def _exercise_panel(ex: Exercise, lib: Library) -> Panel:
    parts: list[RenderableType] = [Text(ex.summary, style="italic"), Text("")]
    facts = Table.grid(padding=(0, 2))
    facts.add_row("pattern", ex.pattern.value)
    facts.add_row("level", ex.level.value)
    facts.add_row("laterality", ex.laterality.value)
    facts.add_row("equipment", _equipment_text(ex))
    facts.add_row("primary muscles", _muscle_names(ex.primary_muscles))
    if ex.secondary_muscles:
        facts.add_row("secondary muscles", _muscle_names(ex.secondary_muscles))
    parts += [facts, Text("")]
    parts += _section("Start position", Text(ex.start_position))
    parts += _section("Steps", _bullets(ex.steps, numbered=True))
    parts += _section("Cues", _bullets(ex.cues))
    if ex.mistakes:
        parts += _section("Mistakes to avoid", _bullets(ex.mistakes))
    scheme = ex.scheme.describe() + f"; rest {ex.scheme.rest_s} s between sets"
    parts += _section("Scheme", Text(scheme))
    if ex.setup:
        lines = [f"{d.what}: {d.min:g}-{d.max:g} {d.unit}" for d in ex.setup]
        parts += _section("Set-up", _bullets(lines))
    if ex.targets:
        parts += _section("Targets", _bullets([f"{t.at}: {t.description}" for t in ex.targets]))
    if ex.variants:
        lines = [
            f"{v.name}: {v.description}" + (f" ({v.purpose})" if v.purpose else "")
            for v in ex.variants
        ]
        parts += _section("Variants", _bullets(lines))
    relations = []
    if ups := lib.progressions_of(ex.id):
        relations.append(f"harder: {_names(lib, ups)}")
    if downs := lib.regressions_of(ex.id):
        relations.append(f"easier: {_names(lib, downs)}")
    if relations:
        parts += _section("Progressions and regressions", _bullets(relations))
    if ex.evidence:
        lines = [
            f"tier {e.tier} ({e.when}): {e.note}" + (f" [{e.source}]" if e.source else "")
            for e in ex.evidence
        ]
        parts += _section("Evidence (glute activation)", _bullets(lines))
    if ex.coach is not None:
        c = ex.coach
        head = (
            f"film from the {c.view.value}; start posture {c.posture.value}; "
            f"counts reps on {c.driving_signal} ({c.driving_side} side)"
        )
        lines = [head] + [f"{f.id}: {f.cue}" for f in c.faults]
        parts += _section("What the video coach checks", _bullets(lines))
    return Panel(Group(*parts[:-1]), title=f"{ex.name} ({ex.id})", expand=False)


def register(app: typer.Typer) -> None:
    sub = typer.Typer(help="Browse the exercise library.", no_args_is_help=True)
    sub.command("list")(list_exercises)
    sub.command("show")(show_exercise)
    app.add_typer(sub, name="exercises")
