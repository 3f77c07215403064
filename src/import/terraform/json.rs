//! Terraform as JSON: `terraform show -json` of a state (`values`) or a plan
//! (`planned_values`, with `configuration` for the references a plan cannot resolve yet),
//! and raw `.tfstate` files (version 4). In a state, references are concrete ids and
//! ARNs, matched to the resources that have them.

use super::aws;
use super::resource::Resource;
use super::value::{Reference, Val};
use crate::import::{Format, ImportError, ImportErrorKind, Imported, Input, Report};
use crate::span::Span;
use serde_json::Value as J;

pub fn import(input: &Input) -> Result<Imported, ImportError> {
    let (base, source) = input
        .sources
        .based()
        .next()
        .ok_or_else(|| ImportError::new(ImportErrorKind::Empty, "no input"))?;
    let text = &source.text;
    let json: J = serde_json::from_str(text).map_err(|e| {
        let at = base + crate::span::offset_at(text, e.line(), e.column());
        ImportError::new(ImportErrorKind::Unreadable, format!("not valid JSON: {e}"))
            .at(Span::new(at, at), "here")
    })?;
    let locate = Locator { text, base };
    let mut resources = Vec::new();
    let what = if let Some(list) = json
        .get("resources")
        .filter(|_| json.get("version").and_then(J::as_u64) == Some(4))
    {
        state_v4(list, &locate, &mut resources);
        "a state file (v4)"
    } else if let Some(root) = json.pointer("/values/root_module") {
        module(root, &locate, &mut resources);
        "terraform show -json of a state"
    } else if let Some(root) = json.pointer("/planned_values/root_module") {
        module(root, &locate, &mut resources);
        if let Some(config) = json.pointer("/configuration/root_module") {
            references(config, "", &Default::default(), &mut resources);
        }
        "terraform show -json of a plan"
    } else {
        return Err(ImportError::new(
            ImportErrorKind::Empty,
            "Terraform JSON without resources (no `values`, `planned_values` or v4 `resources`)",
        )
        .help("give `terraform show -json` of a plan or state, or a .tfstate file"));
    };
    let mut report = Report::new(Format::TerraformJson, input.name());
    report.contents = format!(
        "{what} with {}",
        crate::import::report::count(resources.len(), "resource")
    );
    let builder = aws::map(&resources, input.sources.clone(), &mut report);
    Ok(Imported { builder, report })
}

/// Finds where a resource is written, for its line and column: the text has no spans
/// once parsed, so the resource's own `"address"` (or type, name and index key) is
/// searched for.
struct Locator<'t> {
    text: &'t str,
    base: usize,
}

impl Locator<'_> {
    fn find(&self, needles: &[String]) -> Span {
        let mut from = 0;
        for needle in needles {
            match self.text[from..].find(needle.as_str()) {
                Some(i) => from += i,
                None => break,
            }
        }
        let end = self.text[from..]
            .find('\n')
            .map_or(self.text.len(), |i| from + i);
        Span::new(
            self.base + from,
            self.base + end.max(from + 1).min(self.text.len().max(from + 1)),
        )
    }
}

fn quoted(key: &str, value: &str) -> String {
    format!(
        "\"{key}\": {}",
        serde_json::to_string(value).unwrap_or_default()
    )
}

/// `values.root_module` (and its `child_modules`).
fn module(m: &J, locate: &Locator, out: &mut Vec<Resource>) {
    for r in m
        .get("resources")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        let Some(address) = r.get("address").and_then(J::as_str) else {
            continue;
        };
        let kind = r.get("type").and_then(J::as_str).unwrap_or("").to_string();
        out.push(Resource {
            address: address.to_string(),
            name: r.get("name").and_then(J::as_str).unwrap_or("").to_string(),
            kind,
            values: r.get("values").map_or(Val::Null, Val::from_json),
            span: locate.find(&[quoted("address", address)]),
            data: r.get("mode").and_then(J::as_str) == Some("data"),
        });
    }
    for child in m
        .get("child_modules")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        module(child, locate, out);
    }
}

/// A raw state: `resources[].instances[].attributes`.
fn state_v4(list: &J, locate: &Locator, out: &mut Vec<Resource>) {
    for r in list.as_array().into_iter().flatten() {
        let kind = r.get("type").and_then(J::as_str).unwrap_or("").to_string();
        let name = r.get("name").and_then(J::as_str).unwrap_or("").to_string();
        let module = r
            .get("module")
            .and_then(J::as_str)
            .map(|m| format!("{m}."))
            .unwrap_or_default();
        let data = r.get("mode").and_then(J::as_str) == Some("data");
        let prefix = if data { "data." } else { "" };
        for instance in r
            .get("instances")
            .and_then(J::as_array)
            .into_iter()
            .flatten()
        {
            let key = match instance.get("index_key") {
                Some(J::Number(n)) => format!("[{n}]"),
                Some(J::String(s)) => format!("[{}]", serde_json::to_string(s).unwrap_or_default()),
                _ => String::new(),
            };
            let mut needles = vec![quoted("type", &kind), quoted("name", &name)];
            if let Some(k) = instance.get("index_key") {
                needles.push(format!("\"index_key\": {k}"));
            }
            out.push(Resource {
                address: format!("{module}{prefix}{kind}.{name}{key}"),
                kind: kind.clone(),
                name: name.clone(),
                values: instance.get("attributes").map_or(Val::Null, Val::from_json),
                span: locate.find(&needles),
                data,
            });
        }
    }
}

/// A plan knows references only in `configuration`: fill each value the plan leaves
/// unknown with the reference its expression names.
/// `vars`: what the module call passed each variable, as references.
fn references(
    config: &J,
    prefix: &str,
    vars: &std::collections::BTreeMap<String, Vec<Reference>>,
    out: &mut [Resource],
) {
    for r in config
        .get("resources")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        let Some(address) = r.get("address").and_then(J::as_str) else {
            continue;
        };
        let full = format!("{prefix}{address}");
        let Some(expressions) = r.get("expressions") else {
            continue;
        };
        for resource in out
            .iter_mut()
            .filter(|x| x.address == full || x.address.starts_with(&format!("{full}[")))
        {
            fill(&mut resource.values, expressions, prefix, vars);
        }
    }
    if let Some(J::Object(calls)) = config.get("module_calls") {
        for (name, call) in calls {
            let mut passed = std::collections::BTreeMap::new();
            if let Some(J::Object(exprs)) = call.get("expressions") {
                for (var, e) in exprs {
                    let refs = reference_list(e, prefix, vars);
                    passed.insert(var.clone(), refs);
                }
            }
            if let Some(m) = call.get("module") {
                references(m, &format!("{prefix}module.{name}."), &passed, out);
            }
        }
    }
}

/// The references an expression names; `var.x` is what the module call passed as `x`.
fn reference_list(
    e: &J,
    prefix: &str,
    vars: &std::collections::BTreeMap<String, Vec<Reference>>,
) -> Vec<Reference> {
    let mut out = Vec::new();
    for r in e
        .get("references")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
        .filter_map(J::as_str)
    {
        if let Some(var) = r.strip_prefix("var.") {
            out.extend(
                vars.get(var.split('.').next().unwrap_or(var))
                    .cloned()
                    .unwrap_or_default(),
            );
        } else if let Some(reference) = parse_reference(r, prefix) {
            out.push(reference);
        }
    }
    out
}

fn fill(
    values: &mut Val,
    expressions: &J,
    prefix: &str,
    vars: &std::collections::BTreeMap<String, Vec<Reference>>,
) {
    let J::Object(map) = expressions else { return };
    if !matches!(values, Val::Object(_)) {
        *values = Val::Object(Default::default());
    }
    let Val::Object(target) = values else { return };
    for (key, expr) in map {
        match expr {
            J::Object(e) if e.contains_key("references") => {
                let current = target.get(key);
                if current.is_some_and(|v| *v != Val::Null) {
                    continue;
                }
                let refs = reference_list(expr, prefix, vars);
                if let Some(first) = refs.into_iter().next().map(Val::Ref) {
                    target.insert(key.clone(), first);
                }
            }
            J::Array(blocks) => {
                let entry = target
                    .entry(key.clone())
                    .or_insert_with(|| Val::List(Vec::new()));
                if let Val::List(items) = entry {
                    for (i, block) in blocks.iter().enumerate() {
                        if items.len() <= i {
                            items.push(Val::Object(Default::default()));
                        }
                        fill(&mut items[i], block, prefix, vars);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `aws_lb.front.arn` → the resource and attribute; `var.x`, `local.y` are not resources.
fn parse_reference(text: &str, prefix: &str) -> Option<Reference> {
    let parts: Vec<&str> = text.split('.').collect();
    let (data, rest) = match parts.first() {
        Some(&"data") => (true, &parts[1..]),
        Some(&("var" | "local" | "each" | "count" | "path" | "module" | "self")) => return None,
        _ => (false, &parts[..]),
    };
    let [kind, name, attribute @ ..] = rest else {
        return None;
    };
    // `aws_instance.app[count.index]`: the resource; each instance matches its own below.
    let name = name.split('[').next().unwrap_or(name);
    Some(Reference {
        address: format!("{prefix}{}{kind}.{name}", if data { "data." } else { "" }),
        attribute: attribute.join("."),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_resources() {
        assert_eq!(
            parse_reference("aws_lb.front.arn", ""),
            Some(Reference {
                address: "aws_lb.front".into(),
                attribute: "arn".into()
            })
        );
        assert_eq!(parse_reference("var.x", ""), None);
        assert_eq!(
            parse_reference("aws_lb.front", "module.a.").map(|r| r.address),
            Some("module.a.aws_lb.front".into())
        );
    }
}
