"""A flat benchmark graph written twice, as .infra and as DOT, by this script alone.

bench/topology.py feeds Graphviz through infrac's own DOT export, so whatever that
export does (servers as clusters of their components, how edges are split) is what dot
is measured on. This generator does not use infrac at all: it writes one plain box per
server for dot, and the same servers (one component each) for infrac, with the same
edges in the same order.

Shape: one load balancer spreads requests over 40 % web servers; each web server calls
two app servers (a seeded pseudo-random pick, so the graph has real crossings to
avoid); each app server writes to one of the databases (20 %). Every statement with
one source and several targets is one *net* — infrac draws it as one bundle — and
every DOT edge carries its net in `class="net<k>"`, so crossings are counted between
the same nets in both drawings.
"""

import random


def shape(servers: int):
    """(servers by tier, nets): each net is (source, [targets], protocol)."""
    rng = random.Random(servers)
    webs = max(1, servers * 2 // 5)
    dbs = max(1, servers // 5)
    apps = max(1, servers - 1 - webs - dbs)
    tiers = {
        "lb": ["lb"],
        "web": ["web%d" % i for i in range(webs)],
        "app": ["app%d" % i for i in range(apps)],
        "db": ["db%d" % i for i in range(dbs)],
    }
    nets = [("lb", tiers["web"], "http")]
    for w in tiers["web"]:
        picks = sorted(rng.sample(tiers["app"], min(2, apps)), key=lambda a: int(a[3:]))
        nets.append((w, picks, "http"))
    for a in tiers["app"]:
        nets.append((a, [rng.choice(tiers["db"])], "mysql"))
    return tiers, nets


COMPONENT = {"lb": ("load_balancer", "haproxy"), "web": ("web_server", "nginx"),
             "app": ("app_server", "app"), "db": ("database", "mysql")}


def infra(servers: int) -> str:
    tiers, nets = shape(servers)
    out = ['title = "Flat benchmark: %d servers"' % servers]
    serial = 0
    for tier, names in tiers.items():
        kind, name = COMPONENT[tier]
        for n in names:
            serial += 1
            ip = "10.%d.%d.%d" % (serial // 62500 + 1, serial // 250 % 250, serial % 250 + 1)
            out.append("server %s { ip = %s, %s %s {} }" % (n, ip, kind, name))
    out.append("internet -> lb.haproxy : https")
    tier_of = {n: t for t, names in tiers.items() for n in names}
    for source, targets, proto in nets:
        src = "%s.%s" % (source, COMPONENT[tier_of[source]][1])
        dst = ", ".join("%s.%s" % (t, COMPONENT[tier_of[t]][1]) for t in targets)
        out.append("%s -> [%s] : %s" % (src, dst, proto))
    return "\n".join(out) + "\n"


def dot(servers: int) -> str:
    tiers, nets = shape(servers)
    out = ["digraph flat {", "  rankdir=TB;",
           '  node [shape=box, style=rounded, fontname="DejaVu Sans", fontsize=11];',
           '  edge [fontname="DejaVu Sans", fontsize=9];',
           '  users [label="Users"];']
    for names in tiers.values():
        out.append("  { rank=same; %s }" % "; ".join(names))
    for names in tiers.values():
        for n in names:
            out.append('  %s [label="%s"];' % (n, n))
    out.append('  users -> lb [label="https", class="net0"];')
    for k, (source, targets, proto) in enumerate(nets, start=1):
        for t in targets:
            out.append('  %s -> %s [label="%s", class="net%d"];' % (source, t, proto, k))
    out.append("}")
    return "\n".join(out) + "\n"
