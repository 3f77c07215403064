//! Pass 2: attributes are checked against the schema and turned into typed values.

use super::Lowerer;
use super::resolve::Lookup;
use crate::model::design::NodeId;
use crate::model::error::{ModelError, did_you_mean, span};
use crate::model::kind::Kind;
use crate::model::protocol::Protocol;
use crate::model::schema::{self, AttrSpec, Ty};
use crate::model::value::{Attr, AttrValue, Attrs};
use crate::suggest;
use crate::syntax::ast::{self, NumberValue, Statement, Value, ValueKind};

impl<'a> Lowerer<'a> {
    pub(super) fn type_attributes(&mut self) {
        let top = std::mem::take(&mut self.top_attributes);
        self.design_attrs = self.typed_attrs(schema::DESIGN, "the design", top.into_iter());
        for (id, body) in std::mem::take(&mut self.bodies) {
            let kind = self.graph[id].kind;
            let specs = schema::attributes(kind);
            let attributes: Vec<&ast::Attribute> = body
                .iter()
                .filter_map(|s| match s {
                    Statement::Attribute(a) => Some(a),
                    _ => None,
                })
                .filter(|a| !self.placement_on_component(id, specs, a))
                .collect();
            let attrs = self.typed_attrs(specs, kind.noun(), attributes.into_iter());
            self.graph[id].attrs = attrs;
        }
    }

    /// `zone`, `zones` or `region` on a component that cannot be a provider's service
    /// (a web server, an agent, a tunnel): it runs where its server runs. Reported here,
    /// with that hint, rather than as an unknown attribute.
    fn placement_on_component(
        &mut self,
        id: NodeId,
        specs: &'static [AttrSpec],
        attribute: &ast::Attribute,
    ) -> bool {
        let key = attribute.key.name.as_str();
        let node = &self.graph[id];
        let placement = ["zone", "zones", "region"].into_iter().find(|k| *k == key);
        let Some(key) = placement.filter(|_| node.kind.is_component()) else {
            return false;
        };
        if schema::find(specs, key).is_some() {
            return false; // a managed-capable kind: `validate` judges where it sits
        }
        let server = node.parent.map_or_else(
            || "its server".to_string(),
            |p| format!("`{}`", self.graph[p].path),
        );
        let error = ModelError::ZoneOnComponent {
            key,
            at: span(attribute.span),
            component: node.path.clone(),
            hint: format!("set `{key}` on the server {server} instead"),
        };
        self.error(error);
        true
    }

    /// Type a run of attribute statements against `specs`.
    pub(super) fn typed_attrs(
        &mut self,
        specs: &'static [AttrSpec],
        noun: &'static str,
        attributes: impl ExactSizeIterator<Item = &'a ast::Attribute>,
    ) -> Attrs {
        // Room for every attribute written: one at a time, a node of two attributes held
        // room for four (~70 bytes each, on every node of a large design).
        let mut attrs = Attrs::with_capacity(attributes.len());
        for attribute in attributes {
            let key = &attribute.key.name;
            let Some(spec) = schema::find(specs, key) else {
                self.error(unknown_attribute(specs, noun, &attribute.key));
                continue;
            };
            if let Some(first) = attrs.attr(key) {
                let first = first.span;
                self.error(ModelError::DuplicateAttribute {
                    key: key.clone(),
                    at: span(attribute.key.span),
                    first: span(first),
                });
                continue;
            }
            if let Some(value) = self.convert(key, &spec.ty, &attribute.value) {
                attrs.push(Attr {
                    key: spec.key,
                    value,
                    span: attribute.span,
                });
            }
        }
        attrs
    }

    /// Convert one value to `ty`, reporting why when it does not fit.
    fn convert(&mut self, key: &str, ty: &Ty, value: &Value) -> Option<AttrValue> {
        use ValueKind as V;
        let converted = match (ty, &value.kind) {
            (Ty::Text, V::String(s)) => AttrValue::Text(s.clone()),
            (Ty::Text, V::Path(p)) => AttrValue::Text(p.dotted().to_string()),
            (Ty::Word { words, fold }, V::String(_) | V::Path(_)) => {
                return self.word(key, ty, words, *fold, value);
            }
            (Ty::Int, V::Number(n)) => match n.value {
                NumberValue::Integer(i) => AttrValue::Int(i),
                NumberValue::Float(_) => return self.wrong_type(key, ty, value, None),
            },
            (Ty::Number, V::Number(n)) => AttrValue::Number(n.value.as_f64()),
            (Ty::Bool, V::Bool(b)) => AttrValue::Bool(*b),
            (Ty::Ip | Ty::IpOrCidr | Ty::RecordValue | Ty::Source, V::Ip(ip)) => AttrValue::Ip(*ip),
            (Ty::IpOrCidr | Ty::Source, V::Cidr(net)) => AttrValue::Cidr(*net),
            (Ty::Date, V::Date(d)) => AttrValue::Date(*d),
            (Ty::Duration, V::Duration(d)) => AttrValue::Duration(*d),
            (Ty::Port, V::Number(n)) => match n.value {
                NumberValue::Integer(p @ 1..=65535) => AttrValue::Port(p as u16),
                _ => return self.wrong_type(key, ty, value, None),
            },
            (Ty::Ref(kinds), V::Path(p)) => {
                let id = self.resolve(p)?;
                return self.check_kind(key, kinds, id, p);
            }
            (Ty::Hostname | Ty::RecordValue, V::String(s)) => AttrValue::Hostname(s.clone()),
            (Ty::Hostname, V::Path(p)) => AttrValue::Hostname(p.dotted().to_string()),
            (Ty::Protocol, V::String(_) | V::Path(_)) => return self.protocol(value),
            (Ty::Listener, V::Path(p)) => {
                let Some(protocol) = Protocol::known(p.dotted(), None) else {
                    self.error(unknown_protocol(p.dotted(), p.span));
                    return None;
                };
                AttrValue::Listener(protocol)
            }
            (Ty::Listener, V::Protocol(p)) => {
                let port = p.port.map(|port| port.number);
                let protocol = Protocol::known(&p.name.name, port)
                    .or_else(|| port.map(|port| Protocol::custom(&p.name.name, port)));
                AttrValue::Listener(protocol?)
            }
            (Ty::RecordValue, V::Path(p)) => return self.record_value(p),
            (Ty::Source, V::Path(p)) => {
                let id = self.resolve(p)?;
                return self.check_kind(key, SOURCES, id, p);
            }
            (Ty::List(inner), V::List(items)) | (Ty::OneOrList(inner), V::List(items)) => {
                let typed: Vec<_> = items
                    .iter()
                    .filter_map(|item| self.convert(key, inner, item))
                    .collect();
                if typed.len() != items.len() {
                    return None; // errors already reported
                }
                AttrValue::List(typed)
            }
            (Ty::OneOrList(inner), _) => AttrValue::List(vec![self.convert(key, inner, value)?]),
            (Ty::List(inner), _) if fits(inner, value) => {
                let hint = Some("wrap it in brackets to make a list: `[...]`".to_string());
                return self.wrong_type(key, ty, value, hint);
            }
            (Ty::Either(alternatives), _) => match alternatives.iter().find(|t| fits(t, value)) {
                Some(alternative) => return self.convert(key, alternative, value),
                None => return self.wrong_type(key, ty, value, None),
            },
            _ => return self.wrong_type(key, ty, value, None),
        };
        Some(converted)
    }

    fn word(
        &mut self,
        key: &str,
        ty: &Ty,
        words: &'static [&'static str],
        fold: bool,
        value: &Value,
    ) -> Option<AttrValue> {
        let text = match &value.kind {
            ValueKind::String(s) => s.clone(),
            ValueKind::Path(p) => p.dotted().to_string(),
            _ => return self.wrong_type(key, ty, value, None),
        };
        let found = words
            .iter()
            .find(|w| **w == text || (fold && w.eq_ignore_ascii_case(&text)));
        match found {
            Some(word) => Some(AttrValue::Word(word.to_string())),
            None => {
                let hint = did_you_mean(suggest::closest(&text, words.iter().copied()));
                self.wrong_type(key, ty, value, hint)
            }
        }
    }

    fn protocol(&mut self, value: &Value) -> Option<AttrValue> {
        let name = match &value.kind {
            ValueKind::String(s) => s.clone(),
            ValueKind::Path(p) => p.dotted().to_string(),
            _ => return None,
        };
        if Protocol::known(&name, None).is_some() {
            return Some(AttrValue::Protocol(name));
        }
        self.error(unknown_protocol(&name, value.span));
        None
    }

    /// A record's value: an item if one has this name, else a host name if it has a dot.
    fn record_value(&mut self, path: &ast::Path) -> Option<AttrValue> {
        match self.lookup(path) {
            Lookup::Found(id) => Some(AttrValue::Ref(id)),
            Lookup::Ambiguous(ids) => {
                self.error(self.ambiguous(path, &ids));
                None
            }
            Lookup::Missing { parent }
                if path.is_dotted()
                    && parent.is_none_or(|p| !self.graph[p].kind.is_container()) =>
            {
                Some(AttrValue::Hostname(path.dotted().to_string()))
            }
            Lookup::Missing { .. } => {
                let hint = "a host name needs a dot (`www.foobar.com`); an item must be declared";
                self.error(self.unresolved(path, Some(hint.into())));
                None
            }
        }
    }

    fn check_kind(
        &mut self,
        key: &str,
        kinds: &[Kind],
        id: NodeId,
        path: &ast::Path,
    ) -> Option<AttrValue> {
        let node = &self.graph[id];
        if kinds.is_empty() || kinds.contains(&node.kind) {
            return Some(AttrValue::Ref(id));
        }
        let error = ModelError::WrongKind {
            key: key.to_string(),
            expected: kinds
                .iter()
                .map(|k| k.noun())
                .collect::<Vec<_>>()
                .join(" or "),
            name: node.path.clone(),
            found: node.kind.noun(),
            at: span(path.span),
            target: span(node.name_span),
        };
        self.error(error);
        None
    }

    fn wrong_type(
        &mut self,
        key: &str,
        ty: &Ty,
        value: &Value,
        hint: Option<String>,
    ) -> Option<AttrValue> {
        self.error(ModelError::WrongType {
            key: key.to_string(),
            expected: ty.describe(),
            at: span(value.span),
            found: describe_value(value),
            hint,
        });
        None
    }
}

/// Kinds a firewall rule's `from` may name.
const SOURCES: &[Kind] = &[
    Kind::Internet,
    Kind::Server,
    Kind::Cluster,
    Kind::Service,
    Kind::WebServer,
    Kind::AppServer,
    Kind::Database,
    Kind::LoadBalancer,
    Kind::MonitoringAgent,
    Kind::Cache,
    Kind::Queue,
    Kind::ObjectStore,
    Kind::Tunnel,
    Kind::Cdn,
    Kind::Network,
];

/// Whether a value has the right shape for `ty` (used to pick an `Either` alternative).
fn fits(ty: &Ty, value: &Value) -> bool {
    use ValueKind as V;
    match (ty, &value.kind) {
        (Ty::Text | Ty::Word { .. } | Ty::Hostname | Ty::Protocol, V::String(_) | V::Path(_)) => {
            true
        }
        (Ty::Int | Ty::Port, V::Number(n)) => matches!(n.value, NumberValue::Integer(_)),
        (Ty::Number, V::Number(_)) => true,
        (Ty::Bool, V::Bool(_)) => true,
        (Ty::Ip, V::Ip(_)) => true,
        (Ty::IpOrCidr, V::Ip(_) | V::Cidr(_)) => true,
        (Ty::Date, V::Date(_)) => true,
        (Ty::Duration, V::Duration(_)) => true,
        (Ty::Ref(_), V::Path(_)) => true,
        (Ty::Listener, V::Path(_) | V::Protocol(_)) => true,
        (Ty::RecordValue, V::Ip(_) | V::Path(_) | V::String(_)) => true,
        (Ty::Source, V::Path(_) | V::Ip(_) | V::Cidr(_)) => true,
        (Ty::List(_), V::List(_)) => true,
        (Ty::OneOrList(inner), V::List(_)) => fits(&Ty::List(inner), value),
        (Ty::OneOrList(inner), _) => fits(inner, value),
        (Ty::Either(alts), _) => alts.iter().any(|t| fits(t, value)),
        _ => false,
    }
}

fn describe_value(value: &Value) -> String {
    match &value.kind {
        ValueKind::String(_) => "a string".into(),
        ValueKind::Number(n) => match n.value {
            NumberValue::Integer(_) => "a whole number".into(),
            NumberValue::Float(_) => "a decimal number".into(),
        },
        ValueKind::Bool(_) => "a boolean".into(),
        ValueKind::Ip(_) => "an IP address".into(),
        ValueKind::Cidr(_) => "a CIDR block".into(),
        ValueKind::Date(_) => "a date".into(),
        ValueKind::Duration(_) => "a duration".into(),
        ValueKind::Path(p) => format!("the name `{}`", p.dotted()),
        ValueKind::Protocol(p) => format!("the protocol `{}`", p.name.name),
        ValueKind::List(_) => "a list".into(),
    }
}

fn unknown_attribute(specs: &[AttrSpec], noun: &'static str, key: &ast::Ident) -> ModelError {
    let keys = specs.iter().map(|s| s.key);
    let hint = did_you_mean(suggest::closest(&key.name, keys)).or_else(|| {
        let all: Vec<&str> = specs.iter().map(|s| s.key).collect();
        (!all.is_empty()).then(|| format!("{noun} takes: {}", all.join(", ")))
    });
    ModelError::UnknownAttribute {
        key: key.name.clone(),
        noun,
        at: span(key.span),
        hint,
    }
}

pub(super) fn unknown_protocol(name: &str, at: crate::span::Span) -> ModelError {
    let hint = match suggest::closest(name, Protocol::known_names()) {
        Some(close) => {
            format!("did you mean `{close}`? A custom protocol needs a port: `{name}/9000`")
        }
        None => format!("a custom protocol needs a port: `{name}/9000`"),
    };
    ModelError::UnknownProtocol {
        name: name.to_string(),
        at: span(at),
        hint,
    }
}
