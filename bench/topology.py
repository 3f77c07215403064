"""The benchmark topology: a layered web design of any size, as .infra text.

Shape (issue 8): a clustered pair of load balancers, then web, app and database tiers
in the ratio 4 : 4 : 2 (one primary per cell of 10 servers, the rest replicas), each
server with a monitoring agent, every flow labelled with its protocol.
"""


def design(servers: int) -> str:
    cells = max(1, (servers - 2) // 10)
    out = [
        'title = "Benchmark: %d servers"' % servers,
        "domain example.com { record www { type = A, value = 203.0.113.10 } }",
        'service metrics { label = "Metrics SaaS", external = true }',
    ]
    for lb in (1, 2):
        out.append(
            "server lb%d { ip = 10.0.0.%d\n"
            "  load_balancer haproxy { algorithm = round_robin, health_check = \"/health\" }\n"
            "  monitoring_agent agent { vendor = \"Datadog\", sends_to = metrics }\n}" % (lb, lb)
        )
    out.append("cluster lbs { members = [lb1, lb2], mode = active_passive, vip = 203.0.113.10 }")
    for c in range(cells):
        a, b = c // 250 + 1, c % 250
        for i in range(4):
            out.append(
                "server web%d_%d { ip = 10.%d.%d.%d\n  web_server nginx { software = nginx }\n"
                "  monitoring_agent agent { vendor = \"Datadog\", sends_to = metrics }\n}" % (c, i, a, b, 10 + i)
            )
            out.append(
                "server app%d_%d { ip = 10.%d.%d.%d\n  app_server app { runtime = gunicorn }\n"
                "  monitoring_agent agent { vendor = \"Datadog\", sends_to = metrics }\n}" % (c, i, a, b, 20 + i)
            )
        out.append(
            "server db%d_0 { ip = 10.%d.%d.30\n  database mysql { engine = mysql, role = primary }\n"
            "  monitoring_agent agent { vendor = \"Datadog\", sends_to = metrics }\n}" % (c, a, b)
        )
        out.append(
            "server db%d_1 { ip = 10.%d.%d.31\n"
            "  database mysql { engine = mysql, role = replica, replica_of = db%d_0.mysql }\n"
            "  monitoring_agent agent { vendor = \"Datadog\", sends_to = metrics }\n}" % (c, a, b, c)
        )
        webs = ", ".join("web%d_%d" % (c, i) for i in range(4))
        out.append("lbs -> [%s] : http" % webs)
        for i in range(4):
            out.append("web%d_%d.nginx -> app%d_%d.app : http" % (c, i, c, i))
            out.append("app%d_%d.app -> db%d_0.mysql : mysql" % (c, i, c))
            out.append("app%d_%d.app -> db%d_1.mysql : mysql { access = read }" % (c, i, c))
    out.append("internet -> lbs : https")
    agents = ["lb1.agent", "lb2.agent"]
    for c in range(cells):
        agents += ["web%d_%d.agent" % (c, i) for i in range(4)]
        agents += ["app%d_%d.agent" % (c, i) for i in range(4)]
        agents += ["db%d_0.agent" % c, "db%d_1.agent" % c]
    out.append("[%s] -> metrics : https" % ", ".join(agents))
    return "\n".join(out) + "\n"
