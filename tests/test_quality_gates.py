"""Quality gates: the seed article's gold check runs end to end; core stays free of streamlit, of
import circles and of oversized modules; lint and types are clean."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.mark.skipif(not (SHARED / "eval" / "grade").exists(), reason="shared/ is not beside the project")
def test_seed_article_passes_every_gold_check() -> None:
    result = subprocess.run([str(SHARED / "eval" / "grade"), str(SHARED / "seeds" / "sora_axa_spdb_2024-02-28.txt"),
                             str(SHARED / "eval" / "seed_gold.yaml")], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].endswith(" 0 failed")


def test_core_never_imports_streamlit() -> None:
    for path in (ROOT / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] == "streamlit" for n in names), path.name


def _core_imports() -> dict[str, set[str]]:
    """Module name -> the core modules it imports at module level (imports inside functions are lazy on purpose)."""
    paths = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
             for p in (ROOT / "core").rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        graph[name] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("core"):
                # "from core.cli import export" needs the submodule; names defined in a package need the package.
                subs = {f"{node.module}.{a.name}" for a in node.names} & paths.keys()
                graph[name] |= subs
                if len(subs) < len(node.names):
                    graph[name].add(node.module or "")
            elif isinstance(node, ast.Import):
                graph[name].update(a.name for a in node.names if a.name.startswith("core"))
    return {m: {d for d in deps if d in graph and d != m} for m, deps in graph.items()}


def test_core_has_no_import_circle() -> None:
    graph = _core_imports()
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(graph[module]):
            assert state.get(dep) != 1, " -> ".join([*path, module, dep])
            if dep not in state:
                visit(dep, [*path, module])
        state[module] = 2
    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_core_modules_stay_small() -> None:
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in (ROOT / "core").rglob("*.py")}
    assert not {p: n for p, n in sizes.items() if n > 450}


def test_code_is_ruff_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "core", "tests", "bench", "app.py", "ui", "pages"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_is_mypy_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "core"], cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


# Pass rates reached on the development set (../shared/eval/dev), per kind of gold item: a floor,
# so a change that loses entities there fails here. Raise them as the pipeline improves.
DEV_FLOORS = {"overall": 0.97, "FUND_HOUSE": 0.96, "FUND": 0.94, "MANAGER": 0.92, "COMPANY": 0.95, "PRODUCT": 1.0,
              "PERSON": 0.83, "surfaces": 0.97, "not-entities": 0.97, "THEME": 0.93}


@pytest.mark.skipif(not (SHARED / "eval" / "dev").exists(), reason="shared/eval/dev is not beside the project")
def test_dev_set_entities_stay_above_their_floors() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.eval_report import evaluate
    items, _ = evaluate(SHARED / "eval" / "dev")
    rates = {"overall": sum(p for _, _, p, _ in items) / len(items)}
    for kind in DEV_FLOORS:
        if kind != "overall":
            mine = [p for _, k, p, _ in items if k == kind]
            rates[kind] = sum(mine) / len(mine)
    below = {k: f"{rates[k]:.3f} < {floor}" for k, floor in DEV_FLOORS.items() if rates[k] < floor}
    assert not below, [line for _, _, p, line in items if not p]


# The second development set (bench/holdout), read for one generalisation round: its rates are
# floors too, so a change fitted to the first set that loses what the second gained fails here.
HOLDOUT_FLOORS = {"overall": 0.96, "FUND_HOUSE": 0.96, "FUND": 0.88, "COMPANY": 0.95, "surfaces": 0.95,
                  "not-entities": 0.95, "THEME": 0.93, "numbers": 0.95, "sentiment": 0.9}


def test_second_set_stays_above_its_floors() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.eval_report import evaluate
    items, _ = evaluate(ROOT / "bench" / "holdout")
    rates = {"overall": sum(p for _, _, p, _ in items) / len(items)}
    for kind in HOLDOUT_FLOORS:
        if kind != "overall":
            mine = [p for _, k, p, _ in items if k == kind]
            rates[kind] = sum(mine) / len(mine)
    below = {k: f"{rates[k]:.3f} < {floor}" for k, floor in HOLDOUT_FLOORS.items() if rates[k] < floor}
    assert not below, [line for _, _, p, line in items if not p]
