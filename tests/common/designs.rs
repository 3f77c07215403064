//! Designs more than one test binary draws: one text, checked for its geometry in
//! tests/render_geometry.rs and pinned as a snapshot in tests/render.rs.

/// Two load balancers, each spread over the same two zones, in one tier: side by side
/// only one could straddle the zones' boundary, and the second was drawn in one zone,
/// as if it ran only there. Each now crosses the boundary, one below the other.
pub const TWO_SPREAD_IN_ONE_RANK: &str = "region us-east-1 {
  provider = aws
  zone us-east-1a {}
  zone us-east-1b {}
}
load_balancer alb { managed = true, provider = aws, zones = [us-east-1a, us-east-1b] }
load_balancer nlb { managed = true, provider = aws, zones = [us-east-1a, us-east-1b] }
server web1 { ip = 10.0.1.1, zone = us-east-1a
  web_server nginx {}
}
server web2 { ip = 10.0.2.1, zone = us-east-1b
  web_server nginx {}
}
internet -> alb : https
internet -> nlb : https
alb -> [web1.nginx, web2.nginx] : http
nlb -> [web1.nginx, web2.nginx] : http
";
