//! JSON values as the HCL expressions Terraform reads them as. In expression context a
//! JSON string is a template (`"web-${count.index}"`, `"${var.ports}"`), and so is an
//! object's property name; numbers, bools, null, arrays and objects are what they say.
//! Where Terraform takes a literal (a variable's `default`, `.tfvars.json`), strings stay
//! strings: `"${x}"` there is the text `${x}`.

use super::Located;
use hcl_edit::expr::{Array, Expression, Object, ObjectKey, ObjectValue};
use hcl_edit::template::{Element, StringTemplate};
use hcl_edit::{Decorated, Ident};
use jsonc_parser::ast::Value;

/// Whether strings are templates (expressions) or text (literal values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Expression,
    Literal,
}

/// A JSON value as an expression.
pub fn expression(value: &Value, mode: Mode) -> Result<Expression, Located> {
    Ok(match value {
        Value::NullKeyword(_) => Expression::null(),
        Value::BooleanLit(b) => Expression::from(b.value),
        Value::NumberLit(n) => number(n.value),
        Value::StringLit(s) => match mode {
            Mode::Literal => Expression::from(s.value.to_string()),
            Mode::Expression => {
                template(&s.value).map_err(|why| Located::new(s.range.start, why))?
            }
        },
        Value::Array(items) => {
            let mut array = Array::new();
            for item in &items.elements {
                array.push(expression(item, mode)?);
            }
            Expression::from(array)
        }
        Value::Object(object) => {
            let mut out = Object::new();
            for prop in &object.properties {
                let name = prop.name.as_str();
                let key = match mode {
                    Mode::Literal => key(name),
                    Mode::Expression => match template(name) {
                        Ok(Expression::String(s)) => key(s.value()),
                        Ok(other) => ObjectKey::Expression(other),
                        Err(why) => return Err(Located::new(prop.range.start, why)),
                    },
                };
                out.insert(key, ObjectValue::new(expression(&prop.value, mode)?));
            }
            Expression::from(out)
        }
    })
}

/// A JSON string as Terraform parses it in expression context: a template. Text with no
/// interpolation is a plain string (so `$${` is the text `${`, as in HCL).
pub fn template(text: &str) -> Result<Expression, String> {
    if !text.contains("${") && !text.contains("%{") {
        return Ok(Expression::from(text.to_string()));
    }
    let parsed = hcl_edit::parser::parse_template(text)
        .map_err(|e| format!("not a valid template: {}", e.message()))?;
    let elements: Vec<Element> = parsed.into_iter().collect();
    if elements.iter().all(|e| matches!(e, Element::Literal(_))) {
        let text: String = elements
            .iter()
            .filter_map(|e| match e {
                Element::Literal(s) => Some(s.value().as_str()),
                _ => None,
            })
            .collect();
        return Ok(Expression::from(text));
    }
    Ok(Expression::from(StringTemplate::from(elements)))
}

/// A string that names something (`depends_on`, `provider`, a dynamic block's `iterator`):
/// Terraform reads it as an expression, not a template (`"aws_instance.web"`).
pub fn reference(value: &Value) -> Result<Expression, Located> {
    match value {
        Value::StringLit(s) => {
            let inner = s.value.trim();
            let inner = inner
                .strip_prefix("${")
                .and_then(|i| i.strip_suffix('}'))
                .unwrap_or(inner);
            hcl_edit::parser::parse_expr(inner).map_err(|e| {
                Located::new(s.range.start, format!("not a reference: {}", e.message()))
            })
        }
        other => expression(other, Mode::Expression),
    }
}

/// An object key: bare when HCL could write it bare, quoted otherwise (`"kubernetes.io/x"`).
fn key(name: &str) -> ObjectKey {
    match Ident::try_new(name) {
        Ok(ident) => ObjectKey::Ident(Decorated::new(ident)),
        Err(_) => ObjectKey::Expression(Expression::from(name.to_string())),
    }
}

/// A JSON number. Integers stay integers; one too large for a float is null, as no
/// Terraform number it could be compared with.
fn number(text: &str) -> Expression {
    if let Ok(i) = text.parse::<i64>() {
        return Expression::from(i);
    }
    text.parse::<f64>()
        .map_or_else(|_| Expression::null(), Expression::from)
}
