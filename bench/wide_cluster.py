"""A second benchmark shape, unlike bench/topology.py: one wide active-active cluster.

Shape (issue 20): n/50 load balancers in one active-active cluster feeding 0.4n web
servers, each web server calling two of the remaining app servers, every app server
writing to one primary database and reading from its replica. Every member of the
cluster reaches every web server, so a pass that expands the cluster per member walks
members × webs hops: the shape exists to expose that.
"""


def design(servers: int) -> str:
    lbs = max(2, servers // 50)
    webs = max(1, servers * 2 // 5)
    apps = max(2, servers - lbs - webs - 2)
    out = [
        'title = "Wide cluster: %d servers"' % (lbs + webs + apps + 2),
        "domain example.com { record www { type = A, value = 203.0.113.10 } }",
    ]

    def ip(i: int) -> str:
        return "10.%d.%d.%d" % (i // 62500 + 1, i // 250 % 250, i % 250 + 1)

    serial = 0
    for i in range(lbs):
        out.append(
            "server lb%d { ip = %s\n"
            '  load_balancer haproxy { algorithm = round_robin, health_check = "/health" }\n}'
            % (i, ip(serial))
        )
        serial += 1
    members = ", ".join("lb%d" % i for i in range(lbs))
    out.append("cluster lbs { members = [%s], mode = active_active, vip = 203.0.113.10 }" % members)
    for i in range(webs):
        out.append("server web%d { ip = %s\n  web_server nginx { software = nginx }\n}" % (i, ip(serial)))
        serial += 1
    for i in range(apps):
        out.append("server app%d { ip = %s\n  app_server app { runtime = gunicorn }\n}" % (i, ip(serial)))
        serial += 1
    out.append(
        "server db0 { ip = %s\n  database mysql { engine = mysql, role = primary }\n}" % ip(serial)
    )
    out.append(
        "server db1 { ip = %s\n"
        "  database mysql { engine = mysql, role = replica, replica_of = db0.mysql }\n}"
        % ip(serial + 1)
    )
    out.append("internet -> lbs : https")
    out.append("lbs -> [%s] : http" % ", ".join("web%d" % i for i in range(webs)))
    for i in range(webs):
        a, b = (2 * i) % apps, (2 * i + 1) % apps
        out.append("web%d.nginx -> [app%d.app, app%d.app] : http" % (i, a, b))
    for i in range(apps):
        out.append("app%d.app -> db0.mysql : mysql" % i)
        out.append("app%d.app -> db1.mysql : mysql { access = read }" % i)
    return "\n".join(out) + "\n"
