"""Every talk's papers of the example season (take-homes and scripts, as `build` batches them), made in this one
process: to count their instructions in a checkout, deterministic where a shared machine's timings are not.

    valgrind --tool=callgrind python benchmarks/papers.py [--sheets] CHECKOUT OUT

CHECKOUT is the repository to import `kit` from (another worktree, say); OUT an empty folder for the PDFs.
--sheets: the groups' sheets too (sign-up, sign-in, question cards), in their batches.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path


def main() -> int:
    sheets = "--sheets" in sys.argv[1:]
    checkout, out = (Path(arg) for arg in sys.argv[1:] if arg != "--sheets")
    checkout = checkout.resolve()
    sys.path.insert(0, str(checkout))
    from kit import build
    from kit.workspace import Kit

    try:
        from kit.shared import batches, make
    except ImportError:  # a checkout from before kit/shared.py
        batches, make = build.batches, build._make

    kit = Kit.open(checkout / "events" / "example")
    now = dt.datetime(2027, 1, 5, 12, tzinfo=kit.profile.zone)  # before the example's talks: every group has one
    digest = build._kit_inputs_digest(kit)
    needs = build._group_needs(kit, build.plan_tasks(kit.season, kit.state, now, digest), now)
    for batch in batches(Counter(item for items in needs.values() for item in items)):
        if batch[0].kind in ("takehome", "script") or sheets and batch[0].kind in ("signup", "signin", "questions"):
            make(kit, batch, out, digest)
    print(len(list(out.rglob("*.pdf"))), "PDFs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
