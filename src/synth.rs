//! Synthetic designs of any size, for benchmarks and property tests.
//!
//! A generated design has the shape of the seed task 3 scaled up: a clustered pair of
//! load balancers, then per "cell" of four servers a web server, an app server and a
//! primary database with a replica, each with a monitoring agent and a firewall.

use std::fmt::Write;

/// A design with about `servers` servers, as `.infra` text.
pub fn tiered_design(servers: usize) -> String {
    let cells = servers.div_ceil(4).max(1);
    let mut out = String::with_capacity(cells * 1200);
    out.push_str("title = \"Synthetic tiered design\"\n\n");
    out.push_str("domain example.com {\n  record www { type = A, value = 203.0.113.10 }\n}\n\n");
    out.push_str("service metrics { label = \"Metrics SaaS\", external = true }\n\n");
    for lb in 1..=2 {
        let _ = writeln!(
            out,
            "server lb{lb} {{\n  ip = 10.0.0.{lb}\n  load_balancer haproxy {{ algorithm = round_robin, health_check = \"/health\" }}\n  monitoring_agent agent {{ vendor = \"Datadog\", metrics = [qps, latency], sends_to = metrics }}\n}}\n"
        );
    }
    out.push_str(
        "cluster lbs { members = [lb1, lb2], mode = active_passive, vip = 203.0.113.10 }\n\n",
    );
    for cell in 0..cells {
        let (a, b) = (cell / 250 + 1, cell % 250 + 1);
        let _ = writeln!(
            out,
            "server web{cell} {{\n  ip = 10.{a}.{b}.1\n  web_server nginx {{ software = nginx }}\n  monitoring_agent agent {{ vendor = \"Datadog\", metrics = [qps] }}\n}}\n\
             server app{cell} {{\n  ip = 10.{a}.{b}.2\n  app_server app {{ runtime = gunicorn, code = \"shop\" }}\n  monitoring_agent agent {{ vendor = \"Datadog\" }}\n}}\n\
             server db{cell} {{\n  ip = 10.{a}.{b}.3\n  database mysql {{ engine = mysql, role = primary }}\n}}\n\
             server replica{cell} {{\n  ip = 10.{a}.{b}.4\n  database mysql {{ engine = mysql, role = replica, replica_of = db{cell}.mysql }}\n}}\n\
             firewall fw{cell} {{\n  protects = [web{cell}, app{cell}, db{cell}, replica{cell}]\n  default = deny\n  allow {{ proto = http, from = lbs }}\n  allow {{ proto = mysql, from = app{cell} }}\n}}\n\
             lbs -> web{cell} : http\nweb{cell} -> app{cell} : http\napp{cell} -> db{cell} : mysql\napp{cell} -> replica{cell} : mysql {{ access = read }}\n"
        );
    }
    out.push_str("internet -> lbs : https\n");
    out
}
