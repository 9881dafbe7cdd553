"""ALB listener-rule priorities that belong to a route's own path, not to its place in a list.

The provider updates a changed `priority` in place with a single-rule `SetRulePriorities`,
which AWS refuses while another rule of the listener holds that number ("as long as there are
no priority conflicts in the new order", PriorityInUse: botocore elbv2 SetRulePriorities;
terraform-provider-aws internal/service/elbv2/listener_rule.go, `priority` is not ForceNew),
and Pulumi deletes a removed rule only at the end of the update (pulumi/pulumi#9979). So
numbering the rules 1..n fails `up` whenever a route is removed or a longer one is added.

Here a path's priority depends on the path alone: its length picks a band (longer paths get
lower numbers, so `/api/v2` is evaluated before `/api`, whose pattern `/api/*` also matches
`/api/v2/x`; two paths can only overlap when one is longer), and a hash of the path picks a
slot in the band. Two paths of the same length whose hashes meet in one slot (1 in 387 per
pair) are told apart by probing the next slots in path order: only then does a priority
depend on another route (387 paths of one length would be needed to fill a band).
"""

from __future__ import annotations

import hashlib

# "A path pattern ... can be up to 128 characters in length" (ALB listener rule conditions);
# a route emits `<path>/*`, so the path itself has at most 126.
MAX_PATH = 126
# Priorities are 1-50000 (CreateRule Priority). Bands 1..MAX_PATH of SLOTS each.
PRIORITY_MAX = 50000
SLOTS = PRIORITY_MAX // (MAX_PATH + 3)


def _slot(path: str) -> int:
    return int(hashlib.sha256(path.encode()).hexdigest(), 16) % SLOTS


def priorities(paths: list[str]) -> dict[str, int]:
    """Each path's rule priority (1-50000), unique, lower for longer paths."""
    out: dict[str, int] = {}
    taken: set[int] = set()
    for path in sorted(set(paths), key=lambda p: (-len(p), p)):
        band = MAX_PATH + 1 - min(len(path), MAX_PATH)
        slot = _slot(path)
        for probe in range(SLOTS):
            priority = band * SLOTS + (slot + probe) % SLOTS + 1
            if priority not in taken:
                break
        taken.add(priority)
        out[path] = priority
    return out
