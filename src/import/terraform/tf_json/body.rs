//! Block bodies of the JSON syntax: each property is an argument, except what Terraform
//! gives a meaning of its own — `"//"` is a comment, `dynamic` holds dynamic blocks (by
//! label, each with `for_each`, `iterator` and a `content` body), `depends_on` and
//! `provider` name things, and `lifecycle`, `provisioner` and `connection` are blocks
//! the reader skips in HCL too. Any other nested block stays an object (one block) or an
//! array of objects (several): without the provider's schema, a nested block and an
//! object-valued argument look alike in JSON, and the AWS mapping reads nested blocks as
//! "a list of objects, or one object", so both spellings mean the same.

use super::Located;
use super::expr::{self, Mode};
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, BlockLabel, Body};
use hcl_edit::{Decorated, Ident};
use jsonc_parser::ast::{Object, Value};

/// What a body is of, which decides how its properties are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// `resource`, `data`, `module` and a dynamic block's `content`: meta-arguments apply.
    Resource,
    /// `locals`, `output`, `provider`: every property is an expression.
    Expressions,
    /// `variable`, `terraform` and `.tfvars.json`: literal values.
    Literal,
}

/// The property name Terraform reads as a comment in a body.
pub const COMMENT: &str = "//";

pub fn body(object: &Object, context: Context) -> Result<Body, Located> {
    let mode = match context {
        Context::Literal => Mode::Literal,
        _ => Mode::Expression,
    };
    let mut body = Body::new();
    for prop in &object.properties {
        let name = prop.name.as_str();
        if name == COMMENT {
            continue;
        }
        if context == Context::Resource {
            match name {
                "lifecycle" | "provisioner" | "connection" => continue,
                "dynamic" => {
                    for block in dynamic(&prop.value)? {
                        body.push(block);
                    }
                    continue;
                }
                "depends_on" => {
                    let mut list = hcl_edit::expr::Array::new();
                    for item in items(&prop.value) {
                        list.push(expr::reference(item)?);
                    }
                    body.push(attribute(name, Expression::from(list)));
                    continue;
                }
                "provider" => {
                    body.push(attribute(name, expr::reference(&prop.value)?));
                    continue;
                }
                _ => {}
            }
        }
        body.push(attribute(name, expr::expression(&prop.value, mode)?));
    }
    Ok(body)
}

/// `"dynamic": {"ingress": {"for_each": …, "iterator": "rule", "content": {…}}}`: one
/// HCL `dynamic "ingress"` block per object (an array gives several).
fn dynamic(value: &Value) -> Result<Vec<Block>, Located> {
    let mut out = Vec::new();
    let Value::Object(labels) = value else {
        return Err(Located::new(
            range_start(value),
            "`dynamic` holds an object of block types".into(),
        ));
    };
    for prop in &labels.properties {
        let label = prop.name.as_str();
        if label == COMMENT {
            continue;
        }
        for spec in items(&prop.value) {
            let Value::Object(spec) = spec else {
                return Err(Located::new(
                    range_start(spec),
                    format!("dynamic \"{label}\" is an object with `for_each` and `content`"),
                ));
            };
            let mut inner = Body::new();
            for part in &spec.properties {
                let key = part.name.as_str();
                match key {
                    COMMENT => {}
                    "iterator" => inner.push(attribute(key, expr::reference(&part.value)?)),
                    "content" => {
                        for content in items(&part.value) {
                            let Value::Object(content) = content else {
                                return Err(Located::new(
                                    range_start(content),
                                    "a dynamic block's `content` is an object".into(),
                                ));
                            };
                            let mut block = Block::new(Ident::new("content"));
                            block.body = body(content, Context::Resource)?;
                            inner.push(block);
                        }
                    }
                    _ => inner.push(attribute(
                        key,
                        expr::expression(&part.value, Mode::Expression)?,
                    )),
                }
            }
            let mut block = Block::new(Ident::new("dynamic"));
            block.labels = vec![BlockLabel::String(Decorated::new(label.to_string()))];
            block.body = inner;
            out.push(block);
        }
    }
    Ok(out)
}

/// The items of an array, or the value itself: where Terraform takes either.
pub fn items<'v, 'a>(value: &'v Value<'a>) -> Vec<&'v Value<'a>> {
    match value {
        Value::Array(array) => array.elements.iter().collect(),
        other => vec![other],
    }
}

/// An argument. JSON names need not be HCL identifiers; the evaluator reads the name
/// as text, so it is kept as written.
pub fn attribute(name: &str, value: Expression) -> Attribute {
    Attribute::new(Ident::new_unchecked(name), value)
}

pub fn range_start(value: &Value) -> usize {
    use jsonc_parser::common::Ranged;
    value.range().start
}
