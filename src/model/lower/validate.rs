//! Pass 3b: attributes that are each well typed but wrong together — a zone on a
//! component, `min` above `max`, a proxied record with no edge, two components of one
//! host on the same port. Each is a compile error with its span and a hint: the later
//! stages never guess what such a design meant.

use super::Lowerer;
use crate::model::design::NodeId;
use crate::model::error::{ModelError, span};
use crate::model::kind::Kind;
use crate::model::value::{Attr, AttrValue};
use crate::model::word::Routing;
use crate::span::Span;

impl Lowerer<'_> {
    pub(super) fn validate(&mut self) {
        let ids: Vec<NodeId> = self.graph.node_indices().collect();
        for id in ids {
            match self.graph[id].kind {
                Kind::Server => {
                    self.check_group(id);
                    self.check_placement(id);
                    self.check_ports(id);
                }
                Kind::Record => {
                    self.check_proxied(id);
                    self.check_routing(id);
                }
                Kind::Allow | Kind::Deny => self.check_direction(id),
                kind if kind.is_component() => {
                    self.check_component_placement(id);
                    self.check_placement(id);
                }
                _ => {}
            }
        }
    }

    fn attr(&self, id: NodeId, key: &str) -> Option<Attr> {
        self.graph[id].attrs.attr(key).cloned()
    }

    fn int(&self, id: NodeId, key: &str) -> Option<(i64, Span)> {
        match self.attr(id, key)? {
            Attr {
                value: AttrValue::Int(n),
                span,
                ..
            } => Some((n, span)),
            _ => None,
        }
    }

    /// `zone` with `zones`, and a zone that is not in the named region.
    fn check_placement(&mut self, id: NodeId) {
        if let (Some(zone), Some(zones)) = (self.attr(id, "zone"), self.attr(id, "zones")) {
            self.error(ModelError::ConflictingAttributes {
                first: "zone",
                second: "zones",
                at: span(zones.span),
                other: span(zone.span),
                hint: "`zone` places it in one zone, `zones` spreads it over several: keep one"
                    .into(),
            });
        }
        let Some(region) = self.attr(id, "region") else {
            return;
        };
        let Some(region_id) = region.value.as_ref_id() else {
            return;
        };
        let zones: Vec<NodeId> = self.graph[id]
            .attrs
            .references("zone")
            .into_iter()
            .chain(self.graph[id].attrs.references("zones"))
            .collect();
        for zone in zones {
            let Some(parent) = self.graph[zone].parent else {
                continue; // a zone declared outside any region can sit in any
            };
            if parent != region_id {
                let zone_node = &self.graph[zone];
                self.error(ModelError::ZoneNotInRegion {
                    zone: zone_node.path.clone(),
                    zone_region: self.graph[parent].path.clone(),
                    region: self.graph[region_id].path.clone(),
                    at: span(region.span),
                    declared: span(zone_node.name_span),
                    hint: "drop `region`: a zone's region is where the zone is declared".into(),
                });
            }
        }
    }

    /// A component inside a server takes its zone, region and management from the server.
    fn check_component_placement(&mut self, id: NodeId) {
        let node = &self.graph[id];
        let Some(server) = node.parent.filter(|&p| self.graph[p].kind == Kind::Server) else {
            return;
        };
        let server_path = self.graph[server].path.clone();
        let component = node.path.clone();
        if let Some(managed) = self.attr(id, "managed") {
            self.error(ModelError::ManagedInServer {
                at: span(managed.span),
                server: server_path.clone(),
                hint: format!(
                    "a component inside a server runs on it; declare a provider's service at \
                     the top level with `managed = true`, or drop `managed` from `{component}`"
                ),
            });
        }
        for key in ["zone", "zones", "region"] {
            if let Some(attr) = self.attr(id, key) {
                self.error(ModelError::ZoneOnComponent {
                    key: attr.key,
                    at: span(attr.span),
                    component: component.clone(),
                    hint: format!("set `{key}` on the server `{server_path}` instead"),
                });
            }
        }
    }

    /// `count`, or `min`/`max`/`desired`: a server that is an instance group.
    fn check_group(&mut self, id: NodeId) {
        let count = self.int(id, "count");
        let min = self.int(id, "min");
        let max = self.int(id, "max");
        let desired = self.int(id, "desired");
        let path = self.graph[id].path.clone();
        for (key, value) in [
            ("count", count),
            ("min", min),
            ("max", max),
            ("desired", desired),
        ] {
            if let Some((n, at)) = value
                && n < 1
            {
                self.error(ModelError::GroupSize {
                    problem: format!("`{key}` must be at least 1"),
                    at: span(at),
                    label: format!("{n} servers"),
                    other: None,
                    other_label: String::new(),
                    hint: "an instance group runs at least one server; remove the server if \
                           it runs none"
                        .into(),
                });
            }
        }
        if let (Some((_, count_at)), Some((_, other_at))) = (count, min.or(max)) {
            let second = if min.is_some() { "min" } else { "max" };
            self.error(ModelError::ConflictingAttributes {
                first: "count",
                second,
                at: span(other_at),
                other: span(count_at),
                hint: "`count` is a fixed size, `min`/`max` an autoscaling range: keep one".into(),
            });
        }
        if let (Some((lo, lo_at)), Some((hi, hi_at))) = (min, max)
            && lo > hi
        {
            self.error(ModelError::GroupSize {
                problem: format!("`min` ({lo}) is above `max` ({hi})"),
                at: span(lo_at),
                label: "the fewest servers".into(),
                other: Some(span(hi_at)),
                other_label: "the most servers".into(),
                hint: format!("swap them: `min = {hi}`, `max = {lo}`"),
            });
        }
        if let Some((d, at)) = desired {
            let (lo, hi) = (min.map_or(1, |m| m.0), max.map_or(i64::MAX, |m| m.0));
            if min.is_none() && max.is_none() {
                self.error(ModelError::GroupSize {
                    problem: "`desired` without `min` and `max`".into(),
                    at: span(at),
                    label: "the size it runs at".into(),
                    other: None,
                    other_label: String::new(),
                    hint: "give the autoscaling range too (`min = 2`, `max = 6`), or use \
                           `count` for a fixed size"
                        .into(),
                });
            } else if d < lo || d > hi {
                self.error(ModelError::GroupSize {
                    problem: format!("`desired` ({d}) is outside `min`..`max` ({lo}..{hi})"),
                    at: span(at),
                    label: "outside the range".into(),
                    other: None,
                    other_label: String::new(),
                    hint: "the group runs between `min` and `max` servers".into(),
                });
            }
        }
        let size = count.or(max).or(min).map_or(1, |(n, _)| n);
        let is_group = count.is_some_and(|(n, _)| n > 1) || min.is_some() || max.is_some();
        if is_group {
            for key in ["ip", "public_ip"] {
                if let Some(attr) = self.attr(id, key) {
                    self.error(ModelError::AddressOnGroup {
                        key: attr.key,
                        at: span(attr.span),
                        count: if count.is_some() {
                            format!("{size}")
                        } else {
                            "up to ".to_string() + &size.to_string()
                        },
                        hint: format!(
                            "drop `{key}` from `{path}`: put a load balancer or a cluster \
                             with a `vip` in front to give the group one address"
                        ),
                    });
                }
            }
        } else if let Some(zones) = self.attr(id, "zones") {
            self.error(ModelError::NotAGroup {
                at: span(zones.span),
                server: path,
                hint: "use `zone = ...` for one server, or make it an instance group \
                       (`count = 2` or `min`/`max`) spread over the zones"
                    .into(),
            });
        }
    }

    /// Two components of one server listening on the same declared port.
    fn check_ports(&mut self, server: NodeId) {
        let mut taken: Vec<(u16, NodeId, Span)> = Vec::new();
        let mut children: Vec<NodeId> = self
            .graph
            .neighbors(server)
            .filter(|&c| self.graph[c].parent == Some(server) && self.graph[c].kind.is_component())
            .collect();
        children.sort();
        for component in children {
            for (port, at) in declared_ports(&self.graph[component].attrs) {
                match taken
                    .iter()
                    .find(|(p, owner, _)| *p == port && *owner != component)
                {
                    Some(&(_, owner, first)) => self.error(ModelError::PortTaken {
                        port,
                        server: self.graph[server].path.clone(),
                        owner: self.graph[owner].path.clone(),
                        at: span(at),
                        component: self.graph[component].path.clone(),
                        first: span(first),
                        hint: format!(
                            "give one of them another port (`listen = [http/{}]`), or run \
                             it on another server",
                            port.saturating_add(1)
                        ),
                    }),
                    None => taken.push((port, component, at)),
                }
            }
        }
    }

    /// A proxied record names its edge (`via`), or the design has exactly one CDN.
    fn check_proxied(&mut self, record: NodeId) {
        let proxied = self.attr(record, "proxied");
        let via = self.attr(record, "via");
        match (&proxied, &via) {
            (
                Some(Attr {
                    value: AttrValue::Bool(false),
                    span: no,
                    ..
                }),
                Some(via),
            ) => self.error(ModelError::ConflictingAttributes {
                first: "proxied",
                second: "via",
                at: span(via.span),
                other: span(*no),
                hint: "`via` sends users through the CDN; `proxied = false` says they go \
                       straight to the value: keep one"
                    .into(),
            }),
            (
                Some(Attr {
                    value: AttrValue::Bool(true),
                    span: at,
                    ..
                }),
                None,
            ) => {
                let cdns: Vec<String> = self
                    .graph
                    .node_indices()
                    .filter(|&n| self.graph[n].kind == Kind::Cdn)
                    .map(|n| format!("`{}`", self.graph[n].path))
                    .collect();
                match cdns.as_slice() {
                    [_] => {}
                    [] => self.error(ModelError::ProxiedWithoutEdge {
                        at: span(*at),
                        label: "the design declares no CDN".into(),
                        hint: "declare the edge users reach (`cdn cloudflare { provider = \
                               cloudflare }`) and flows to it, or drop `proxied`"
                            .into(),
                    }),
                    many => self.error(ModelError::ProxiedWithoutEdge {
                        at: span(*at),
                        label: format!("{} CDNs could proxy it", many.len()),
                        hint: format!("name the one it goes through: `via = ...` ({})", {
                            many.join(", ")
                        }),
                    }),
                }
            }
            _ => {}
        }
    }

    /// Failover needs a second value and a health check to fail over on.
    fn check_routing(&mut self, record: NodeId) {
        let Some(routing) = self.attr(record, "routing") else {
            return;
        };
        let values = self.graph[record]
            .attrs
            .get("value")
            .map_or(0, |v| v.items().len());
        if values < 2 {
            self.error(ModelError::BadRouting {
                problem: "routing between fewer than two values".into(),
                at: span(routing.span),
                label: format!("`{}` has one value", self.graph[record].path),
                hint: "list the alternatives: `value = [lb_a, lb_b]`".into(),
            });
        } else if self.graph[record].attrs.word::<Routing>("routing") == Some(Routing::Failover)
            && matches!(
                self.graph[record].attrs.get("health_check"),
                None | Some(AttrValue::Bool(false))
            )
        {
            self.error(ModelError::BadRouting {
                problem: "a failover record without a health check".into(),
                at: span(routing.span),
                label: "fails over on what?".into(),
                hint: "the DNS provider answers the next value only when a health check on \
                       the first fails: add `health_check = \"/health\"`"
                    .into(),
            });
        }
    }

    /// A firewall rule filters inbound (`from`) or outbound (`to`) traffic, not both.
    fn check_direction(&mut self, rule: NodeId) {
        if let (Some(from), Some(to)) = (self.attr(rule, "from"), self.attr(rule, "to")) {
            self.error(ModelError::ConflictingAttributes {
                first: "from",
                second: "to",
                at: span(to.span),
                other: span(from.span),
                hint: "a rule with `from` filters what comes in, one with `to` what goes \
                       out: write two rules"
                    .into(),
            });
        }
    }
}

/// Ports a component claims (`port`, and every protocol in `listen` with its port), with
/// where. Ports implied by the kind alone are not claims: an Nginx and an HAProxy on one
/// host both default to 80 in many designs that reconfigure one of them without saying so.
fn declared_ports(attrs: &crate::model::value::Attrs) -> Vec<(u16, Span)> {
    let mut ports = Vec::new();
    if let Some(Attr {
        value: AttrValue::Port(p),
        span,
        ..
    }) = attrs.attr("port")
    {
        ports.push((*p, *span));
    }
    if let Some(attr) = attrs.attr("listen") {
        for item in attr.value.items() {
            if let AttrValue::Listener(p) = item
                && let Some(port) = p.port
                && !ports.iter().any(|(q, _)| *q == port)
            {
                ports.push((port, attr.span));
            }
        }
    }
    ports
}
