//! What a shape is, from its style (the shape libraries: AWS, Cisco, Kubernetes,
//! networks, basic shapes) and, for plain shapes, from its label.

use super::cells::Cell;
use super::words::{Component, Words};
use crate::model::Kind;

/// A frame drawn around other shapes, and what it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    Zone,
    Region,
    Network,
    Cloud,
    AutoScaling,
    SecurityGroup,
    /// A plain rectangle, group or swimlane: a server when it holds components, a
    /// cluster when its label says so, else just a grouping.
    Plain,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// The users' side: `internet`.
    Users,
    Dns,
    /// A server, with the components its label names.
    Host(Vec<Component>),
    /// Components (one shape may name several: "nginx + gunicorn").
    Components(Vec<Component>),
    /// A provider's service drawn with the provider's icon (an AWS ALB, RDS, S3,
    /// CloudFront): a managed item at the top level, never a server of the design.
    /// `software` is the load balancer's type, the cache's, queue's or database's
    /// engine, or the object store's service.
    Managed {
        component: Component,
        provider: &'static str,
    },
    Firewall,
    Certificate,
    /// A monitoring vendor's name alone: an agent inside a server, a service outside.
    Vendor(&'static str),
    Frame(Frame),
    /// Free text.
    Text,
    /// Recognised, but the model has nothing for it yet (the reason says what it is).
    Unsupported(&'static str),
    Unknown,
}

/// A shape's role and what it was told from ("shape mxgraph.aws4.rds", "label").
#[derive(Debug, Clone, PartialEq)]
pub struct Guess {
    pub role: Role,
    pub from_style: bool,
}

/// AWS's services drawn with AWS's icons (`mxgraph.aws4.*`, `mxgraph.aws3.*`): the
/// load balancers (ALB, NLB, Gateway LB, classic ELB), RDS and Aurora, DynamoDB,
/// ElastiCache, SQS, S3 and CloudFront are AWS's to run, so each is a managed item
/// with `provider = aws`, as the Terraform importer makes them.
fn aws_service(is: &dyn Fn(&[&str]) -> bool, label: &str, words: &Words) -> Option<Role> {
    if !is(&["aws"]) {
        return None;
    }
    let text = super::words::normalise(label);
    let says = |w: &str| super::words::contains_word(&text, w);
    let (kind, software) = if is(&[
        "load_balancer",
        "load_balancing",
        "elb",
        "elastic_load_balancing",
    ]) {
        let software = if is(&["network_load_balancer"]) || says("nlb") || says("network") {
            "nlb"
        } else if is(&["gateway_load_balancer"]) || says("gwlb") {
            "gwlb"
        } else if is(&["classic_load_balancer"]) || says("classic") {
            "elb"
        } else {
            "alb"
        };
        (Kind::LoadBalancer, software)
    } else if is(&["cloudfront"]) {
        (Kind::Cdn, "")
    } else if is(&["simple_storage_service", "aws4.s3", "bucket", "glacier"]) {
        (Kind::ObjectStore, "s3")
    } else if is(&["elasticache"]) {
        (
            Kind::Cache,
            if says("memcached") {
                "memcached"
            } else {
                "redis"
            },
        )
    } else if is(&["sqs", "simple_queue_service"]) {
        (Kind::Queue, "sqs")
    } else if is(&["rds", "aurora", "dynamodb"]) {
        (Kind::Database, "")
    } else {
        return None;
    };
    let mut component = component(kind, software, words).remove(0);
    // The icon says which load balancer it is; a label's "ALB" or "ELB" says less.
    if kind == Kind::LoadBalancer {
        component.software = software;
    }
    Some(Role::Managed {
        component,
        provider: "aws",
    })
}

/// Classify a vertex.
pub fn classify(cell: &Cell) -> Guess {
    let words = Words::of(&cell.label);
    if let Some(role) = from_style(cell, &words) {
        return Guess {
            role,
            from_style: true,
        };
    }
    Guess {
        role: from_label(cell, &words),
        from_style: false,
    }
}

fn component(kind: Kind, software: &'static str, words: &Words) -> Vec<Component> {
    // The label may be more precise than the icon: an RDS icon labelled "PostgreSQL".
    if let Some(named) = words.components.iter().find(|c| c.kind == kind) {
        let mut named = named.clone();
        if named.software.is_empty() {
            named.software = software;
        }
        return vec![named];
    }
    vec![Component {
        kind,
        software,
        role: None,
        vendor: None,
    }]
}

/// The role a shape library's style gives, if it is one infrac knows.
fn from_style(cell: &Cell, words: &Words) -> Option<Role> {
    let shape = cell.style.shape_words();
    let tokens: Vec<&str> = shape
        .split(['.', '_', ' ', '-'])
        .filter(|t| !t.is_empty())
        .map(stem)
        .collect();
    // A needle matches whole tokens in sequence: `load_balancer` in
    // `mxgraph.aws4.application_load_balancer`, never `pc` in `vpc`.
    let is = |needles: &[&str]| {
        needles.iter().any(|needle| {
            let want: Vec<&str> = needle
                .split(['.', '_', ' '])
                .filter(|t| !t.is_empty())
                .map(stem)
                .collect();
            !want.is_empty() && tokens.windows(want.len()).any(|w| w == want.as_slice())
        })
    };
    if cell.style.has("edgelabel") {
        return Some(Role::Text);
    }
    if is(&["aws4.group", "aws4.groupcenter"]) {
        return Some(Role::Frame(
            if is(&["availability_zone"]) || names_zone(&cell.label) {
                Frame::Zone
            } else if is(&["region"]) {
                Frame::Region
            } else if is(&["vpc", "subnet", "network"]) || is_subnet(cell) {
                Frame::Network
            } else if is(&["auto_scaling"]) {
                Frame::AutoScaling
            } else if is(&["security_group"]) {
                Frame::SecurityGroup
            } else if is(&["ec2_instance_contents", "instance"]) {
                return Some(Role::Host(words.components.clone()));
            } else if is(&["cloud", "account", "corporate"]) {
                Frame::Cloud
            } else {
                Frame::Plain
            },
        ));
    }
    // Order matters: a "firewall" server icon is a firewall, a "web_server" icon a host.
    let role = if is(&[
        "internet_gateway",
        "nat_gateway",
        "transit_gateway",
        "vpn_gateway",
    ]) {
        Role::Unsupported("network equipment")
    } else if is(&[
        "firewall",
        "waf",
        "network_firewall",
        "shield",
        "network_access_control",
    ]) {
        Role::Firewall
    } else if is(&["certificate", "acm"]) {
        Role::Certificate
    } else if is(&["route_53", "route53", "dns"]) {
        Role::Dns
    } else if let Some(managed) = aws_service(&is, &cell.label, words) {
        managed
    } else if is(&[
        "load_balancer",
        "load_balancing",
        "elb",
        "loadbalancer",
        "ing",
        "svc",
    ]) {
        Role::Components(component(Kind::LoadBalancer, "elb", words))
    } else if is(&["cloudfront", "cdn"]) {
        Role::Managed {
            component: component(Kind::Cdn, "", words).remove(0),
            provider: "",
        }
    } else if is(&[
        "simple_storage_service",
        "aws4.s3",
        "aws3.s3",
        "bucket",
        "glacier",
    ]) {
        Role::Unsupported("an object store")
    } else if is(&["elasticache", "redis", "memcached", "cache"]) {
        Role::Unsupported("a cache")
    } else if is(&["sqs", "queue", "kinesis", "kafka", "rabbitmq", "sns"]) {
        Role::Unsupported("a queue")
    } else if is(&["lambda", "function"]) {
        Role::Unsupported("a serverless function")
    } else if is(&[
        "rds",
        "aurora",
        "database",
        "dynamodb",
        "cylinder",
        "cylinder3",
        "datastore",
        "relational",
        "storage",
        "sql",
        "db",
    ]) {
        Role::Components(component(Kind::Database, "", words))
    } else if is(&["cloudwatch", "monitoring"]) {
        match words.vendor {
            Some(v) => Role::Vendor(v),
            None => Role::Vendor("CloudWatch"),
        }
    } else if is(&[
        "users",
        "user",
        "client",
        "umlactor",
        "actor",
        "laptop",
        "pc",
        "desktop",
        "mobile",
        "tablet",
        "workstation",
        "globe",
        "internet",
    ]) || (is(&["cloud"]) && !is(&["aws4"]))
    {
        Role::Users
    } else if is(&["pod", "deploy", "container", "ecs", "fargate", "docker"])
        && !cell.style.is_container()
    {
        Role::Components(component(Kind::AppServer, "", words))
    } else if is(&["web_server", "webserver"]) {
        Role::Host(if words.components.is_empty() {
            component(Kind::WebServer, "", words)
        } else {
            words.components.clone()
        })
    } else if is(&["auto_scaling"]) {
        Role::Unsupported(
            "an auto scaling icon (draw the instances inside an auto scaling group frame)",
        )
    } else if is(&[
        "instance",
        "instances",
        "ec2",
        "server",
        "virtual_machine",
        "mainframe",
        "rack",
        "host",
        "node",
        "compute",
    ]) {
        Role::Host(words.components.clone())
    } else if is(&[
        "router", "switch", "hub", "bridge", "gateway", "modem", "wireless", "vpn",
    ]) {
        Role::Unsupported("network equipment")
    } else {
        return None;
    };
    Some(role)
}

/// draw.io's AWS library draws public and private subnets with the security group's
/// icon (`grIcon=mxgraph.aws4.group_security_group;grStroke=0`, filled green or blue);
/// a security group is the outlined, unfilled one.
fn is_subnet(cell: &Cell) -> bool {
    let label = cell.label.to_ascii_lowercase();
    label.contains("subnet")
        || cell.style.get("grStroke") == Some("0")
        || cell
            .style
            .get("fillColor")
            .is_some_and(|f| !f.eq_ignore_ascii_case("none") && !label.contains("security"))
}

/// A frame's label that names an availability zone: "Availability Zone A", "AZ 1",
/// `us-east-1a` (AWS) or `europe-west1-b` (Google Cloud).
pub fn names_zone(label: &str) -> bool {
    let text = label.to_ascii_lowercase();
    if text.contains("availability zone") || text.contains("availability-zone") {
        return true;
    }
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    words.first().is_some_and(|w| *w == "az" || is_az_code(w))
        || words.iter().any(|w| zone_code(w).is_some())
}

/// A container labelled as a region: "Region", "us-east-1", "eu-west-3 (Paris)".
fn names_region(label: &str) -> bool {
    let text = label.to_ascii_lowercase();
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .any(|w| w == "region" || is_region_code(w))
}

/// `us-east-1` (AWS), `europe-west1` (Google Cloud): a geography, a direction and a
/// number.
fn is_region_code(word: &str) -> bool {
    const GEOGRAPHIES: &[&str] = &[
        "us",
        "eu",
        "ap",
        "sa",
        "ca",
        "me",
        "af",
        "il",
        "mx",
        "cn",
        "europe",
        "asia",
        "australia",
        "northamerica",
        "southamerica",
        "africa",
    ];
    const DIRECTIONS: &[&str] = &[
        "east",
        "west",
        "north",
        "south",
        "central",
        "northeast",
        "southeast",
        "northwest",
        "southwest",
        "gov",
        "iso",
    ];
    let parts: Vec<&str> = word.split('-').collect();
    let direction =
        |p: &str| DIRECTIONS.contains(&p.trim_end_matches(|c: char| c.is_ascii_digit()));
    let number = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [geo, dir, n] => GEOGRAPHIES.contains(geo) && direction(dir) && number(n),
        [geo, dir] => {
            GEOGRAPHIES.contains(geo)
                && direction(dir)
                && dir.ends_with(|c: char| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// `az1`, `az-a`: an availability zone's short name.
fn is_az_code(word: &str) -> bool {
    word.strip_prefix("az")
        .map(|rest| rest.trim_start_matches('-'))
        .is_some_and(|rest| rest.len() == 1 && rest.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `us-east-1a`, `europe-west1-b`: a provider's zone name, as the label writes it.
pub fn zone_code(word: &str) -> Option<&str> {
    let aws = word
        .strip_suffix(|c: char| c.is_ascii_lowercase())
        .is_some_and(|region| {
            region.ends_with(|c: char| c.is_ascii_digit()) && is_region_code(region)
        });
    let gcp = word.rsplit_once('-').is_some_and(|(region, z)| {
        z.len() == 1 && z.chars().all(|c| c.is_ascii_lowercase()) && is_region_code(region)
    });
    (aws || gcp).then_some(word)
}

/// `instance2` → `instance`, `aws4` → `aws`: the libraries number their variants.
fn stem(token: &str) -> &str {
    let trimmed = token.trim_end_matches(|c: char| c.is_ascii_digit());
    if trimmed.is_empty() { token } else { trimmed }
}

/// A plain shape: what its label says.
fn from_label(cell: &Cell, words: &Words) -> Role {
    if cell.style.is_text() && !cell.style.is_container() {
        return Role::Text;
    }
    // draw.io's AWS availability zone is a plain dashed box labelled so.
    if names_zone(&cell.label) && words.components.is_empty() && !words.host {
        return Role::Frame(Frame::Zone);
    }
    if cell.style.is_container() && names_region(&cell.label) {
        return Role::Frame(Frame::Region);
    }
    if cell.style.is_container() {
        return Role::Frame(Frame::Plain);
    }
    if cell.label.trim().is_empty() {
        return Role::Unknown;
    }
    if words.firewall {
        return Role::Firewall;
    }
    if words.certificate && words.components.is_empty() && !words.host {
        return Role::Certificate;
    }
    if words.users && words.components.is_empty() && !words.host {
        return Role::Users;
    }
    if (words.dns || (!words.hostnames.is_empty() && !words.host)) && words.components.is_empty() {
        return Role::Dns;
    }
    if words.cluster && words.components.is_empty() {
        return Role::Frame(Frame::Plain);
    }
    if !words.components.is_empty() {
        return if words.host {
            Role::Host(words.components.clone())
        } else {
            Role::Components(words.components.clone())
        };
    }
    if let Some(vendor) = words.vendor {
        return Role::Vendor(vendor);
    }
    if words.host {
        return Role::Host(Vec::new());
    }
    if words.users {
        return Role::Users;
    }
    Role::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::drawio::style::Style;

    fn cell(style: &str, label: &str) -> Cell {
        Cell {
            id: "x".into(),
            parent: None,
            label: label.into(),
            style: Style::parse(style),
            vertex: true,
            edge: false,
            source: None,
            target: None,
            rect: None,
            source_point: None,
            target_point: None,
            points: Vec::new(),
            span: crate::span::Span::new(0, 0),
            data: Vec::new(),
        }
    }

    fn role(style: &str, label: &str) -> Role {
        classify(&cell(style, label)).role
    }

    /// draw.io's AWS groups as its sidebar makes them: subnets carry the security
    /// group's icon, the availability zone is a plain dashed box.
    #[test]
    fn aws_groups_are_zones_regions_and_subnets() {
        let group = |icon: &str, extra: &str| {
            format!("shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.{icon};container=1;{extra}")
        };
        let subnet = group(
            "group_security_group",
            "grStroke=0;strokeColor=#248814;fillColor=#E9F3E6;",
        );
        assert_eq!(role(&subnet, "Public subnet"), Role::Frame(Frame::Network));
        let sg = group(
            "group_security_group",
            "strokeColor=#DD344C;fillColor=none;",
        );
        assert_eq!(role(&sg, "web SG"), Role::Frame(Frame::SecurityGroup));
        assert_eq!(
            role(&group("group_region", ""), "Region"),
            Role::Frame(Frame::Region)
        );
        let plain_az = "fillColor=none;strokeColor=#147EBA;dashed=1;verticalAlign=top;fontStyle=0;";
        assert_eq!(
            role(plain_az, "Availability Zone-2a"),
            Role::Frame(Frame::Zone)
        );
        assert_eq!(role(plain_az, "us-east-1a"), Role::Frame(Frame::Zone));
        assert_eq!(
            role("rounded=0;container=1;", "europe-west1-b"),
            Role::Frame(Frame::Zone)
        );
        assert_eq!(
            role("rounded=0;container=1;", "Region us-west-2"),
            Role::Frame(Frame::Region)
        );
        assert_eq!(role("text;html=1;", "Availability Zone A"), Role::Text);
        // Words that merely look like codes are not zones or regions.
        assert_ne!(
            role("rounded=0;container=1;", "web-1"),
            Role::Frame(Frame::Region)
        );
        assert_ne!(
            role("rounded=0;", "web-server-1a"),
            Role::Frame(Frame::Zone)
        );
    }

    #[test]
    fn library_shapes_have_roles() {
        let aws = |icon: &str| {
            format!("sketch=0;shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.{icon};")
        };
        let managed = |style: &str, label: &str| match role(style, label) {
            Role::Managed {
                component,
                provider: "aws",
            } => Some((component.kind, component.software)),
            _ => None,
        };
        // AWS's services are AWS's to run: managed items, never servers.
        for (icon, label, kind, software) in [
            (
                "application_load_balancer",
                "front",
                Kind::LoadBalancer,
                "alb",
            ),
            ("network_load_balancer", "", Kind::LoadBalancer, "nlb"),
            (
                "elastic_load_balancing",
                "Classic ELB",
                Kind::LoadBalancer,
                "elb",
            ),
            ("elastic_load_balancing", "", Kind::LoadBalancer, "alb"),
            ("rds", "PostgreSQL", Kind::Database, "postgres"),
            ("aurora", "", Kind::Database, ""),
            ("elasticache", "sessions", Kind::Cache, "redis"),
            ("elasticache", "Memcached", Kind::Cache, "memcached"),
            ("sqs", "orders", Kind::Queue, "sqs"),
            ("s3", "uploads", Kind::ObjectStore, "s3"),
            ("simple_storage_service", "", Kind::ObjectStore, "s3"),
            ("cloudfront", "", Kind::Cdn, ""),
        ] {
            assert_eq!(
                managed(&aws(icon), label),
                Some((kind, software)),
                "{icon} {label}"
            );
        }
        // The same icons as shapes of their own, and draw.io's older AWS library.
        assert_eq!(
            managed("shape=mxgraph.aws4.application_load_balancer;", ""),
            Some((Kind::LoadBalancer, "alb"))
        );
        assert_eq!(
            managed("shape=mxgraph.aws3.elastic_load_balancing;", ""),
            Some((Kind::LoadBalancer, "alb"))
        );
        assert_eq!(
            managed("shape=mxgraph.aws3.application_load_balancer;", ""),
            Some((Kind::LoadBalancer, "alb"))
        );
        assert_eq!(
            managed("shape=mxgraph.aws3.rds;", "MySQL"),
            Some((Kind::Database, "mysql"))
        );
        assert_eq!(
            managed("shape=mxgraph.aws3.s3;", ""),
            Some((Kind::ObjectStore, "s3"))
        );
        // A load balancer drawn with a generic icon is still a server's.
        assert!(matches!(
            role("shape=mxgraph.cisco.misc.load_balancer;", "lb"),
            Role::Components(c) if c[0].kind == Kind::LoadBalancer
        ));
        assert!(matches!(
            role("shape=mxgraph.aws4.instance2;", "web1"),
            Role::Host(_)
        ));
        assert_eq!(role(&aws("route_53"), ""), Role::Dns);
        assert!(matches!(
            role(&aws("cloudfront"), ""),
            Role::Managed { component, provider: "aws" } if component.kind == Kind::Cdn
        ));
        assert_eq!(
            role(
                "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_availability_zone;",
                "AZ a"
            ),
            Role::Frame(Frame::Zone)
        );
        assert_eq!(
            role("shape=mxgraph.cisco.security.firewall;", ""),
            Role::Firewall
        );
        assert!(matches!(
            role("shape=mxgraph.cisco.servers.fileserver;", "srv"),
            Role::Host(_)
        ));
        assert_eq!(
            role("shape=mxgraph.networks.cloud;", "Internet"),
            Role::Users
        );
        assert_eq!(role("ellipse;shape=cloud;", ""), Role::Users);
        assert_eq!(role("shape=umlActor;", "User"), Role::Users);
        assert!(
            matches!(role("shape=cylinder3;", "MySQL"), Role::Components(c) if c[0].software == "mysql")
        );
        assert!(matches!(
            role("shape=mxgraph.kubernetes.icon;prIcon=ing", ""),
            Role::Components(c) if c[0].kind == Kind::LoadBalancer
        ));
        assert!(matches!(
            role("shape=mxgraph.kubernetes.icon;prIcon=pod", "api"),
            Role::Components(c) if c[0].kind == Kind::AppServer
        ));
    }

    #[test]
    fn plain_shapes_take_their_role_from_the_label() {
        assert!(
            matches!(role("rounded=1;", "Nginx"), Role::Components(c) if c[0].kind == Kind::WebServer)
        );
        assert!(matches!(role("rounded=1;", "Server 1"), Role::Host(c) if c.is_empty()));
        assert!(matches!(role("", "Server 2: nginx, gunicorn"), Role::Host(c) if c.len() == 2));
        assert_eq!(role("", "www.foobar.com"), Role::Dns);
        assert_eq!(role("", "Firewall"), Role::Firewall);
        assert_eq!(role("", "SSL certificate"), Role::Certificate);
        assert_eq!(role("", "Users"), Role::Users);
        assert_eq!(role("", "Sumo Logic"), Role::Vendor("Sumo Logic"));
        assert_eq!(role("text;html=1;", "HTTPS"), Role::Text);
        assert_eq!(role("", "Coffee maker"), Role::Unknown);
        assert_eq!(role("swimlane;", "Servers"), Role::Frame(Frame::Plain));
    }
}
