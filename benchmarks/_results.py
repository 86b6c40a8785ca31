"""Where the benchmarks write their results: .bench/latest.json, merged key by key."""

from __future__ import annotations

import datetime
import json
import os
import platform
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / ".bench" / "latest.json"


def machine() -> dict[str, Any]:
    import torch

    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.platform(terse=True)}",
        "python": platform.python_version(),
        "torch": torch.__version__,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def update(**values: Any) -> dict[str, Any]:
    RESULTS.parent.mkdir(exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    results.update(values)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    return results
