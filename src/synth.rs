//! Synthetic designs of any size, for benchmarks and property tests, in two shapes so that
//! no pass hides a product of two sizes: [`tiered_design`], cells of four servers, and
//! [`wide_cluster`], one cluster whose every member reaches every web server.

use std::fmt::Write;

/// A design with about `servers` servers, as `.infra` text: seed task 3 scaled up, a
/// clustered pair of load balancers, then per "cell" of four servers a web server, an app
/// server and a primary database with a replica, each with a monitoring agent and a
/// firewall.
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

/// A design with about `servers` servers, as `.infra` text, of the shape of
/// `bench/wide_cluster.py` (byte for byte): `servers / 50` load balancers in one
/// active-active cluster feeding `0.4 × servers` web servers, each web server calling two
/// of the app servers, every app server writing to one primary and reading its replica.
/// A pass that expands the cluster per member walks members × webs hops.
pub fn wide_cluster(servers: usize) -> String {
    let lbs = (servers / 50).max(2);
    let webs = (servers * 2 / 5).max(1);
    let apps = servers.saturating_sub(lbs + webs + 2).max(2);
    let ip = |i: usize| format!("10.{}.{}.{}", i / 62_500 + 1, i / 250 % 250, i % 250 + 1);
    let mut out = String::with_capacity(servers * 120);
    let _ = writeln!(
        out,
        "title = \"Wide cluster: {} servers\"",
        lbs + webs + apps + 2
    );
    out.push_str("domain example.com { record www { type = A, value = 203.0.113.10 } }\n");
    let mut serial = 0;
    for i in 0..lbs {
        let _ = writeln!(
            out,
            "server lb{i} {{ ip = {}\n  load_balancer haproxy {{ algorithm = round_robin, health_check = \"/health\" }}\n}}",
            ip(serial)
        );
        serial += 1;
    }
    let members: Vec<String> = (0..lbs).map(|i| format!("lb{i}")).collect();
    let _ = writeln!(
        out,
        "cluster lbs {{ members = [{}], mode = active_active, vip = 203.0.113.10 }}",
        members.join(", ")
    );
    for (i, (kind, block)) in
        std::iter::repeat_n(("web", "web_server nginx { software = nginx }"), webs)
            .chain(std::iter::repeat_n(
                ("app", "app_server app { runtime = gunicorn }"),
                apps,
            ))
            .enumerate()
    {
        let number = if i < webs { i } else { i - webs };
        let _ = writeln!(
            out,
            "server {kind}{number} {{ ip = {}\n  {block}\n}}",
            ip(serial)
        );
        serial += 1;
    }
    let _ = writeln!(
        out,
        "server db0 {{ ip = {}\n  database mysql {{ engine = mysql, role = primary }}\n}}",
        ip(serial)
    );
    let _ = writeln!(
        out,
        "server db1 {{ ip = {}\n  database mysql {{ engine = mysql, role = replica, replica_of = db0.mysql }}\n}}",
        ip(serial + 1)
    );
    out.push_str("internet -> lbs : https\n");
    let web_names: Vec<String> = (0..webs).map(|i| format!("web{i}")).collect();
    let _ = writeln!(out, "lbs -> [{}] : http", web_names.join(", "));
    for i in 0..webs {
        let (a, b) = ((2 * i) % apps, (2 * i + 1) % apps);
        let _ = writeln!(out, "web{i}.nginx -> [app{a}.app, app{b}.app] : http");
    }
    for i in 0..apps {
        let _ = writeln!(out, "app{i}.app -> db0.mysql : mysql");
        let _ = writeln!(out, "app{i}.app -> db1.mysql : mysql {{ access = read }}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both shapes compile and have the servers they say, whatever the size.
    #[test]
    fn both_shapes_compile_at_every_size() {
        for servers in [1, 7, 50, 333] {
            for (shape, text) in [
                ("tiered", tiered_design(servers)),
                ("wide", wide_cluster(servers)),
            ] {
                let source = crate::Source::new("synthetic.infra", text.as_str());
                let design =
                    crate::compile(&source).unwrap_or_else(|e| panic!("{shape} {servers}: {e:?}"));
                let count = design.nodes_of(crate::model::Kind::Server).count();
                assert!(
                    count >= servers.min(4),
                    "{shape} {servers}: {count} servers"
                );
            }
        }
    }
}
