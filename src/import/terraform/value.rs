//! Values of a Terraform configuration as far as they can be known without running it:
//! literals, what variables and locals evaluate to, and references to other resources,
//! which stay references (`aws_lb.front.arn`) because their values exist only once
//! applied. What cannot be known is [`Val::Unknown`] with the reason.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Val>),
    Object(BTreeMap<String, Val>),
    /// An attribute of another resource: `aws_lb_target_group.web.arn`.
    Ref(Reference),
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reference {
    /// The resource instance's address: `aws_instance.web[0]`, `module.app.aws_lb.this`.
    pub address: String,
    /// What of it: `arn`, `id`, `dns_name` (empty: the resource itself).
    pub attribute: String,
}

impl Val {
    pub fn str(&self) -> Option<&str> {
        match self {
            Val::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn number(&self) -> Option<f64> {
        match self {
            Val::Number(n) => Some(*n),
            Val::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn bool(&self) -> Option<bool> {
        match self {
            Val::Bool(b) => Some(*b),
            Val::String(s) if s == "true" => Some(true),
            Val::String(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    /// A key of an object (`Null` when absent or not an object).
    pub fn get(&self, key: &str) -> &Val {
        match self {
            Val::Object(map) => map.get(key).unwrap_or(&Val::Null),
            _ => &Val::Null,
        }
    }

    /// The items of a list, a one-item list for anything else but null.
    pub fn items(&self) -> &[Val] {
        match self {
            Val::List(items) => items,
            Val::Null => &[],
            other => std::slice::from_ref(other),
        }
    }

    /// Nested blocks of a kind (`ingress`, `listener`), as Terraform keeps them: a list
    /// of objects (a single object counts as one).
    pub fn blocks(&self, key: &str) -> &[Val] {
        self.get(key).items()
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Val::Null)
    }

    /// The value as JSON, as `jsonencode` makes it; `None` when part of it is known
    /// only once applied.
    pub fn to_json(&self) -> Option<serde_json::Value> {
        use serde_json::Value as J;
        Some(match self {
            Val::Null => J::Null,
            Val::Bool(b) => J::Bool(*b),
            Val::Number(n) => serde_json::Number::from_f64(*n).map_or(J::Null, J::Number),
            Val::String(s) => J::String(s.clone()),
            Val::List(items) => J::Array(items.iter().map(Val::to_json).collect::<Option<_>>()?),
            Val::Object(map) => J::Object(
                map.iter()
                    .map(|(k, v)| Some((k.clone(), v.to_json()?)))
                    .collect::<Option<_>>()?,
            ),
            Val::Ref(_) | Val::Unknown(_) => return None,
        })
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, Val::Unknown(_))
    }

    /// Every reference in the value, depth first.
    pub fn references(&self) -> Vec<&Reference> {
        let mut out = Vec::new();
        self.collect_references(&mut out);
        out
    }

    fn collect_references<'a>(&'a self, out: &mut Vec<&'a Reference>) {
        match self {
            Val::Ref(r) => out.push(r),
            Val::List(items) => items.iter().for_each(|v| v.collect_references(out)),
            Val::Object(map) => map.values().for_each(|v| v.collect_references(out)),
            _ => {}
        }
    }

    /// Terraform's string form of a scalar, for interpolation.
    pub fn to_text(&self) -> Option<String> {
        match self {
            Val::String(s) => Some(s.clone()),
            Val::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(format!("{}", *n as i64)),
            Val::Number(n) => Some(n.to_string()),
            Val::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// From JSON (a plan's or state's values).
    pub fn from_json(json: &serde_json::Value) -> Val {
        use serde_json::Value as J;
        match json {
            J::Null => Val::Null,
            J::Bool(b) => Val::Bool(*b),
            J::Number(n) => Val::Number(n.as_f64().unwrap_or(0.0)),
            J::String(s) => Val::String(s.clone()),
            J::Array(items) => Val::List(items.iter().map(Val::from_json).collect()),
            J::Object(map) => Val::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Val::from_json(v)))
                    .collect(),
            ),
        }
    }
}
