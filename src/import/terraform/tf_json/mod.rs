//! Terraform's JSON configuration syntax: `*.tf.json` files (CDK for Terraform's
//! `cdk.tf.json`, generated configurations) and `*.tfvars.json`, read into the same
//! `hcl_edit` bodies a `.tf` file parses into, so one evaluator (variables, locals,
//! `count`, `for_each`, modules, templates) reads both syntaxes and the AWS mapping sees
//! the same resources however a configuration is written.
//!
//! ```text
//! {"resource": {"aws_instance": {"web": {"ami": "${var.ami}"}}}}
//!   ≡ resource "aws_instance" "web" { ami = "${var.ami}" }
//! ```
//!
//! The root is an object of top-level block types; each label is one more level of
//! object (`resource` → type → name → body), and at any level an array of objects
//! stands for several. Strings in expressions are templates ([`expr`]). Spans are the
//! JSON text's: each block is the `"name": {…}` property that declares it, so findings
//! and errors land on that line.

mod body;
mod expr;

use body::{COMMENT, Context, items};
use hcl_edit::structure::{Block, BlockLabel, Body};
use hcl_edit::{Decorated, Ident};
use jsonc_parser::ast::{Object, ObjectProp, Value};
use std::ops::Range;

/// Something wrong with the text, at a byte offset into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub at: usize,
    pub message: String,
}

impl Located {
    pub fn new(at: usize, message: String) -> Located {
        Located { at, message }
    }
}

/// A JSON file as a body, with the span in the JSON text of each of its structures (in
/// order): `hcl_edit` keeps spans only for what it parsed itself.
pub struct Parsed {
    pub body: Body,
    pub spans: Vec<Range<usize>>,
}

/// Files in the JSON syntax.
pub fn is_json_file(name: &str) -> bool {
    name.ends_with(".tf.json") || name.ends_with(".tfvars.json")
}

/// The top-level block types and how many labels each has; Terraform has no others
/// that say anything about infrastructure (`moved`, `import`, `check` are skipped).
fn labels_of(block: &str) -> Option<(usize, Context)> {
    Some(match block {
        "resource" | "data" => (2, Context::Resource),
        "module" => (1, Context::Resource),
        "output" | "provider" => (1, Context::Expressions),
        "variable" => (1, Context::Literal),
        "locals" => (0, Context::Expressions),
        "terraform" => (0, Context::Literal),
        _ => return None,
    })
}

/// Parse a `.tf.json` (`vars`: a `.tfvars.json`, whose properties are variable values).
pub fn parse(text: &str, vars: bool) -> Result<Parsed, Located> {
    let root = json(text)?;
    let Value::Object(root) = root else {
        return Err(Located::new(
            body::range_start(&root),
            "a Terraform JSON file holds one object: its top-level blocks, by type".into(),
        ));
    };
    let mut parsed = Parsed {
        body: Body::new(),
        spans: Vec::new(),
    };
    for prop in &root.properties {
        let name = prop.name.as_str();
        if name == COMMENT {
            continue;
        }
        if vars {
            let value = expr::expression(&prop.value, expr::Mode::Literal)?;
            parsed.body.push(body::attribute(name, value));
            parsed.spans.push(prop.range.start..prop.range.end);
            continue;
        }
        let Some((labels, context)) = labels_of(name) else {
            continue;
        };
        blocks(name, prop, labels, context, &mut Vec::new(), &mut parsed)?;
    }
    Ok(parsed)
}

/// The blocks one property declares: `labels` more levels of objects keyed by label,
/// then the body (or an array of either).
fn blocks(
    kind: &str,
    prop: &ObjectProp,
    labels: usize,
    context: Context,
    given: &mut Vec<String>,
    out: &mut Parsed,
) -> Result<(), Located> {
    for value in items(&prop.value) {
        let Value::Object(object) = value else {
            return Err(Located::new(
                body::range_start(value),
                expected(kind, labels, given.len()),
            ));
        };
        if labels == 0 {
            out.body.push(block(kind, given, object, context)?);
            out.spans.push(prop.range.start..prop.range.end);
            continue;
        }
        for inner in &object.properties {
            if inner.name.as_str() == COMMENT {
                continue;
            }
            given.push(inner.name.as_str().to_string());
            blocks(kind, inner, labels - 1, context, given, out)?;
            given.pop();
        }
    }
    Ok(())
}

fn block(
    kind: &str,
    labels: &[String],
    object: &Object,
    context: Context,
) -> Result<Block, Located> {
    let mut block = Block::new(Ident::new_unchecked(kind));
    block.labels = labels
        .iter()
        .map(|l| BlockLabel::String(Decorated::new(l.clone())))
        .collect();
    block.body = body::body(object, context)?;
    Ok(block)
}

/// What a level of a block holds, for the error when it holds something else.
fn expected(kind: &str, labels: usize, given: usize) -> String {
    let what = match (kind, labels, given) {
        (_, 0, _) => "the block's body",
        ("resource" | "data", _, 0) => "resource types",
        _ => "names",
    };
    format!("`{kind}` here is an object (or an array of objects) of {what}")
}

/// The text as a JSON tree with byte ranges. Strict JSON only, as Terraform reads it:
/// serde_json checks it first (its messages say what was expected, and it bounds how
/// deep the text nests), then jsonc-parser, held to the same strictness, gives the ranges.
fn json(text: &str) -> Result<Value<'_>, Located> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let at = crate::span::offset_at(text, e.line(), e.column());
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        return Err(Located::new(at, format!("not valid JSON: {message}")));
    }
    let strict = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed =
        jsonc_parser::parse_to_ast(text, &jsonc_parser::CollectOptions::default(), &strict)
            .map_err(|e| Located::new(e.range().start, format!("not valid JSON: {}", e.kind())))?;
    parsed
        .value
        .ok_or_else(|| Located::new(0, "not valid JSON: no value".into()))
}

/// The local module sources a `.tf.json` file's `module` blocks name (for the CLI to
/// read directories outside the one given); text that is not JSON has none.
pub fn local_sources(text: &str) -> Vec<String> {
    let Ok(parsed) = parse(text, false) else {
        return Vec::new();
    };
    parsed
        .body
        .blocks()
        .filter(|b| b.ident.value().as_str() == "module")
        .filter_map(|b| match &b.body.get_attribute("source")?.value {
            hcl_edit::expr::Expression::String(s) if super::modules::is_local(s.value()) => {
                Some(s.value().to_string())
            }
            _ => None,
        })
        .collect()
}

/// The spans of a JSON file's blocks, by the block's address in its body (a parsed body
/// is not changed, so its blocks stay where they are): `hcl_edit` keeps the spans of
/// what it parsed itself and gives no way to set a built block's.
pub type Spans = std::collections::HashMap<usize, Range<usize>>;

/// Whether a file is in the JSON syntax: by its name, as Terraform tells; a file named
/// otherwise (standard input) when it is a JSON object, which no HCL body begins with.
pub fn is_json(name: &str, text: &str) -> bool {
    is_json_file(name)
        || (!name.ends_with(".tf")
            && !name.ends_with(".tfvars")
            && text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('{'))
}

/// A JSON file as the HCL reader takes it: its body and its blocks' spans; an error
/// names the file and points at the place (`base`: the file's offset in the sources).
pub fn read(
    name: &str,
    text: &str,
    base: usize,
    vars: bool,
) -> Result<(Body, Spans), crate::import::ImportError> {
    use crate::import::{ImportError, ImportErrorKind};
    let parsed = parse(text, vars).map_err(|e| {
        let at = base + e.at.min(text.len());
        ImportError::new(
            ImportErrorKind::Unreadable,
            format!("{name}: {}", e.message),
        )
        .at(crate::span::Span::new(at, at), "here")
    })?;
    let spans = parsed
        .body
        .iter()
        .zip(parsed.spans)
        .filter_map(|(s, r)| match s {
            hcl_edit::structure::Structure::Block(b) => Some((b as *const Block as usize, r)),
            _ => None,
        })
        .collect();
    Ok((parsed.body, spans))
}

/// The span of a block of a JSON file, relative to the file.
pub fn span_of(spans: &Spans, block: &Block) -> Option<Range<usize>> {
    spans.get(&(block as *const Block as usize)).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcl_edit::expr::Expression;

    fn blocks(text: &str) -> Vec<(String, Vec<String>, Range<usize>)> {
        let parsed = parse(text, false).expect("parses");
        parsed
            .body
            .blocks()
            .zip(parsed.spans)
            .map(|(b, span)| {
                let labels = b.labels.iter().map(|l| l.as_str().to_string()).collect();
                (b.ident.value().to_string(), labels, span)
            })
            .collect()
    }

    #[test]
    fn labels_are_levels_of_objects_or_arrays_of_them() {
        let text = r#"{"resource": [{"aws_instance": {"a": {}, "//": "x", "b": [{}, {}]}}, {"aws_lb": {"c": {}}}], "locals": [{"x": 1}, {"y": 2}], "moved": {}}"#;
        let found: Vec<(String, Vec<String>)> =
            blocks(text).into_iter().map(|(k, l, _)| (k, l)).collect();
        let want = |k: &str, l: &[&str]| (k.to_string(), l.iter().map(|s| s.to_string()).collect());
        assert_eq!(
            found,
            vec![
                want("resource", &["aws_instance", "a"]),
                want("resource", &["aws_instance", "b"]),
                want("resource", &["aws_instance", "b"]),
                want("resource", &["aws_lb", "c"]),
                want("locals", &[]),
                want("locals", &[]),
            ]
        );
    }

    #[test]
    fn a_block_spans_the_property_that_names_it() {
        let text = "{\"resource\": {\"aws_instance\": {\n  \"web\": {\"ami\": \"x\"}}}}";
        let (_, _, span) = &blocks(text)[0];
        assert_eq!(&text[span.clone()], "\"web\": {\"ami\": \"x\"}");
    }

    #[test]
    fn strings_are_templates_where_terraform_reads_expressions() {
        let literal = |text: &str| match expr::template(text) {
            Ok(Expression::String(s)) => s.value().clone(),
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(literal("plain"), "plain");
        assert_eq!(literal("$${not} %%{this}"), "${not} %{this}");
        assert!(matches!(
            expr::template("web-${count.index}"),
            Ok(Expression::StringTemplate(_))
        ));
        assert!(expr::template("${").is_err());
        // A variable's default and a .tfvars.json value are literal text.
        let parsed = parse(r#"{"a": "${x}"}"#, true).expect("parses");
        let value = &parsed.body.get_attribute("a").expect("a").value;
        assert!(matches!(value, Expression::String(s) if s.value() == "${x}"));
    }

    #[test]
    fn broken_json_says_where() {
        let text = "{\"resource\": {\n  \"aws_instance\": x}}";
        let e = parse(text, false).err().expect("an error");
        assert!(
            e.message.starts_with("not valid JSON: expected value"),
            "{e:?}"
        );
        assert_eq!(&text[..e.at], "{\"resource\": {\n  \"aws_instance\": ");
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(&deep, false).is_err(), "nesting is bounded");
    }

    #[test]
    fn local_module_sources_are_found() {
        let text = r#"{"module": {"a": {"source": "./a"}, "b": {"source": "hashicorp/x"}, "c": [{"source": "../c"}]}}"#;
        assert_eq!(local_sources(text), ["./a", "../c"]);
        assert!(local_sources("{").is_empty());
    }
}
