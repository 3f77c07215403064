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

/// The users' entry comes straight down into a load balancer spread over two zones, at
/// an x where the second zone's title sat in its corner: the line ran through the text
/// "eu-central-1b". The title now moves along the frame's top to a clear place.
pub const ENTRY_THROUGH_ZONE_TITLE: &str = "region eu-central-1 {
  zone eu-central-1a {}
  zone eu-central-1b {}
}
domain shop.example {
  record www { type = CNAME, value = lb }
}
load_balancer lb { managed = true, zones = [eu-central-1a, eu-central-1b] }
server web1 { zone = eu-central-1a, web_server nginx {} }
server web2 { zone = eu-central-1b, web_server nginx {} }
internet -> lb : https
lb -> [web1, web2] : http
";

/// A load balancer over three zones, and the middle zone holding more than the balancer
/// is wide: three servers a tier below. Shifted right to make room for them, the balancer
/// left the first zone (which lost its frame); it is widened instead.
pub const WIDE_MIDDLE_ZONE: &str = "zone a {}
zone b {}
zone c {}
load_balancer lb { managed = true, zones = [a, b, c] }
server web1 { zone = b, web_server nginx {} }
server api1 { zone = b, app_server api {} }
server cache1 { zone = b, cache redis {} }
internet -> lb : https
lb -> [web1, api1] : http
web1.nginx -> cache1 : redis
api1.api -> cache1 : redis
";

/// A load balancer over three zones and a proxy in the middle zone in the same tier: side
/// by side the balancer could not cross the middle zone, and was pushed out of the first.
/// The proxy now goes to a rank of its own below it.
pub const BOX_IN_THE_ZONE_A_SPREAD_BOX_CROSSES: &str = "zone a {}
zone b {}
zone c {}
load_balancer lb { managed = true, zones = [a, b, c] }
server proxy { zone = b, load_balancer haproxy {} }
server web1 { zone = a, web_server nginx {} }
server web2 { zone = c, web_server nginx {} }
internet -> lb : https
internet -> proxy.haproxy : https
lb -> [web1, web2] : http
proxy.haproxy -> [web1.nginx, web2.nginx] : http
";
