//! Evaluating HCL expressions as far as a configuration alone allows: variables (their
//! defaults, `.tfvars`, a module call's arguments), locals, `count.index`, `each`,
//! conditionals, `for` expressions, splats, templates and the common functions.
//! Attributes of resources stay [`Reference`]s; what cannot be known is
//! [`Val::Unknown`] with the reason, never a guess.

use super::super::value::{Reference, Val};
use super::functions;
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::structure::{Body, Structure};
use hcl_edit::template::Element;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Collections larger than this are cut: a `range(1e9)` must not hang the import.
pub const MAX_ITEMS: usize = 10_000;
/// Deepest nesting of locals referring to locals, and of expressions.
const MAX_DEPTH: usize = 64;
/// Expressions evaluated in one import, over every module instance: nested `for`
/// expressions over large ranges stop here instead of running for hours.
pub const BUDGET: usize = 500_000;

/// How a resource is declared, for references to it: its instances' keys.
#[derive(Debug, Clone, PartialEq)]
pub enum Instances {
    One,
    Count(usize),
    Keys(Vec<String>),
}

/// A module call's outputs: instance key (empty for one instance) → output → value.
pub type ModuleOutputs = BTreeMap<String, BTreeMap<String, Val>>;

/// What a module instance knows: its variables, locals, resources and child modules.
pub struct Scope<'a> {
    /// `module.app.` for a child module instance, empty at the root.
    pub prefix: String,
    /// The module's directory, for `path.module`.
    pub dir: String,
    pub vars: BTreeMap<String, Val>,
    /// Local expressions, by name.
    pub locals: BTreeMap<String, &'a Expression>,
    pub local_values: RefCell<BTreeMap<String, Val>>,
    /// Resources declared (`aws_instance.web`, `data.aws_ami.x`) and their instances.
    pub resources: BTreeMap<String, Instances>,
    /// Child module instances' outputs, by call name: instance key → output → value.
    pub modules: BTreeMap<String, (Instances, ModuleOutputs)>,
    depth: RefCell<usize>,
    /// Evaluations left, shared by every scope of the import.
    budget: std::rc::Rc<std::cell::Cell<usize>>,
    /// Placeholders of object keys written twice → the keys (see `duplicates`).
    aliases: std::rc::Rc<BTreeMap<String, String>>,
}

/// Names bound while evaluating: `count.index`, `each.key`, `for` variables, a dynamic
/// block's iterator.
#[derive(Debug, Clone, Default)]
pub struct Bindings {
    pub count: Option<Val>,
    pub each: Option<(Val, Val)>,
    pub names: Vec<(String, Val)>,
}

impl Bindings {
    pub fn with(&self, name: &str, value: Val) -> Bindings {
        let mut b = self.clone();
        b.names.push((name.to_string(), value));
        b
    }

    fn lookup(&self, name: &str) -> Option<&Val> {
        self.names
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

impl<'a> Scope<'a> {
    pub fn new(
        prefix: String,
        dir: String,
        budget: std::rc::Rc<std::cell::Cell<usize>>,
        aliases: std::rc::Rc<BTreeMap<String, String>>,
    ) -> Scope<'a> {
        Scope {
            prefix,
            dir,
            vars: BTreeMap::new(),
            locals: BTreeMap::new(),
            local_values: RefCell::new(BTreeMap::new()),
            resources: BTreeMap::new(),
            modules: BTreeMap::new(),
            depth: RefCell::new(0),
            budget,
            aliases,
        }
    }

    pub fn eval(&self, expr: &Expression, b: &Bindings) -> Val {
        let depth = *self.depth.borrow();
        if depth > MAX_DEPTH {
            return Val::Unknown("an expression nested too deeply".into());
        }
        let left = self.budget.get();
        if left == 0 {
            return Val::Unknown("more to evaluate than infrac does in one import".into());
        }
        self.budget.set(left - 1);
        *self.depth.borrow_mut() = depth + 1;
        let value = self.eval_inner(expr, b);
        *self.depth.borrow_mut() = depth;
        value
    }

    fn eval_inner(&self, expr: &Expression, b: &Bindings) -> Val {
        match expr {
            Expression::Null(_) => Val::Null,
            Expression::Bool(v) => Val::Bool(*v.value()),
            Expression::Number(n) => Val::Number(n.value().as_f64().unwrap_or(0.0)),
            Expression::String(s) => Val::String(s.value().clone()),
            Expression::Array(items) => Val::List(
                items
                    .iter()
                    .take(MAX_ITEMS)
                    .map(|e| self.eval(e, b))
                    .collect(),
            ),
            Expression::Object(object) => {
                let mut map = BTreeMap::new();
                for (key, value) in object.iter().take(MAX_ITEMS) {
                    // A key written twice was renamed to parse; its value goes under
                    // the key, over the earlier one: the last wins, as in Terraform.
                    let key = match key {
                        ObjectKey::Ident(i) => {
                            let name = i.value().as_str();
                            Some(
                                self.aliases
                                    .get(name)
                                    .map_or(name, String::as_str)
                                    .to_string(),
                            )
                        }
                        ObjectKey::Expression(e) => self.eval(e, b).to_text(),
                    };
                    if let Some(key) = key {
                        map.insert(key, self.eval(value.expr(), b));
                    }
                }
                Val::Object(map)
            }
            Expression::StringTemplate(t) => self.template(t.iter(), b),
            Expression::HeredocTemplate(h) => self.template(h.template.iter(), b),
            Expression::Parenthesis(p) => self.eval(p.inner(), b),
            Expression::Variable(v) => self.variable(v.value().as_str(), &[], b),
            Expression::Conditional(c) => match self.eval(&c.cond_expr, b).bool() {
                Some(true) => self.eval(&c.true_expr, b),
                Some(false) => self.eval(&c.false_expr, b),
                None => {
                    let (t, f) = (self.eval(&c.true_expr, b), self.eval(&c.false_expr, b));
                    if t == f {
                        t
                    } else {
                        Val::Unknown(
                            "a condition that depends on values known only once applied".into(),
                        )
                    }
                }
            },
            Expression::FuncCall(call) => {
                let args: Vec<Val> = call.args.iter().map(|a| self.eval(a, b)).collect();
                let args = if call.args.expand_final() {
                    let mut args = args;
                    match args.pop() {
                        Some(Val::List(last)) => args.extend(last),
                        Some(other) => args.push(other),
                        None => {}
                    }
                    args
                } else {
                    args
                };
                functions::call(call.name.name.value().as_str(), args)
            }
            Expression::Traversal(t) => match &t.expr {
                Expression::Variable(v) => self.variable(v.value().as_str(), &t.operators, b),
                other => {
                    let base = self.eval(other, b);
                    self.apply(base, &t.operators, b)
                }
            },
            Expression::UnaryOp(op) => {
                let v = self.eval(&op.expr, b);
                match op.operator.value() {
                    UnaryOperator::Neg => v.number().map_or(unknown(&v), |n| Val::Number(-n)),
                    UnaryOperator::Not => v.bool().map_or(unknown(&v), |x| Val::Bool(!x)),
                }
            }
            Expression::BinaryOp(op) => {
                let l = self.eval(&op.lhs_expr, b);
                let r = self.eval(&op.rhs_expr, b);
                binary(*op.operator.value(), &l, &r)
            }
            Expression::ForExpr(f) => self.for_expr(f, b),
        }
    }

    fn template<'t>(&self, elements: impl Iterator<Item = &'t Element>, b: &Bindings) -> Val {
        let elements: Vec<&Element> = elements.collect();
        if let [Element::Interpolation(i)] = elements.as_slice() {
            return self.eval(&i.expr, b);
        }
        let mut out = String::new();
        for element in elements {
            match element {
                Element::Literal(s) => out.push_str(s.value()),
                Element::Interpolation(i) => match self.eval(&i.expr, b) {
                    v @ (Val::String(_) | Val::Number(_) | Val::Bool(_)) => {
                        out.push_str(&v.to_text().unwrap_or_default())
                    }
                    Val::Unknown(why) => return Val::Unknown(why),
                    Val::Ref(r) => {
                        return Val::Unknown(format!("a string made with {}", display(&r)));
                    }
                    _ => return Val::Unknown("a string made from a collection".into()),
                },
                Element::Directive(_) => return Val::Unknown("a template directive (%{ })".into()),
            }
        }
        Val::String(out)
    }

    /// A name at the start of a traversal: `var.x`, `local.x`, `count.index`, a resource.
    fn variable(
        &self,
        name: &str,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        b: &Bindings,
    ) -> Val {
        let attr = |i: usize| match ops.get(i).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.value().as_str().to_string()),
            _ => None,
        };
        if let Some(v) = b.lookup(name) {
            return self.apply(v.clone(), ops, b);
        }
        match name {
            "var" => {
                let Some(key) = attr(0) else {
                    return Val::Unknown("`var` alone".into());
                };
                let v = self.vars.get(&key).cloned().unwrap_or_else(|| {
                    Val::Unknown(format!(
                        "var.{key} has no default and no value in a .tfvars file"
                    ))
                });
                self.apply(v, &ops[1..], b)
            }
            "local" => {
                let Some(key) = attr(0) else {
                    return Val::Unknown("`local` alone".into());
                };
                let v = self.local(&key);
                self.apply(v, &ops[1..], b)
            }
            "count" => match (&b.count, attr(0).as_deref()) {
                (Some(i), Some("index")) => i.clone(),
                _ => Val::Unknown("count.index outside a counted block".into()),
            },
            "each" => match (&b.each, attr(0).as_deref()) {
                (Some((k, _)), Some("key")) => k.clone(),
                (Some((_, v)), Some("value")) => self.apply(v.clone(), &ops[1..], b),
                _ => Val::Unknown("each outside a for_each block".into()),
            },
            "path" => Val::String(self.dir.clone()),
            "terraform" => Val::String("default".into()),
            "self" => Val::Unknown("self".into()),
            "module" => {
                let Some(call) = attr(0) else {
                    return Val::Unknown("`module` alone".into());
                };
                let Some((instances, outputs)) = self.modules.get(&call) else {
                    return Val::Unknown(format!(
                        "module.{call}, which is not a local module read here"
                    ));
                };
                let value = match instances {
                    Instances::One => Val::Object(outputs.get("").cloned().unwrap_or_default()),
                    Instances::Count(_) => {
                        Val::List(outputs.values().map(|o| Val::Object(o.clone())).collect())
                    }
                    Instances::Keys(_) => Val::Object(
                        outputs
                            .iter()
                            .map(|(k, o)| (k.clone(), Val::Object(o.clone())))
                            .collect(),
                    ),
                };
                self.apply(value, &ops[1..], b)
            }
            "data" => {
                let (Some(kind), Some(rname)) = (attr(0), attr(1)) else {
                    return Val::Unknown("`data` without a type and name".into());
                };
                let value = self.resource(&format!("data.{kind}.{rname}"));
                self.apply(value, &ops[2..], b)
            }
            kind if kind.contains('_') => {
                let Some(rname) = attr(0) else {
                    return Val::Unknown(format!("`{kind}` alone"));
                };
                let value = self.resource(&format!("{kind}.{rname}"));
                self.apply(value, &ops[1..], b)
            }
            other => Val::Unknown(format!("`{other}`, which names nothing here")),
        }
    }

    /// A resource as a value: a reference, or a list or map of references to instances.
    fn resource(&self, local: &str) -> Val {
        let address = format!("{}{local}", self.prefix);
        let r = |key: &str| {
            Val::Ref(Reference {
                address: format!("{address}{key}"),
                attribute: String::new(),
            })
        };
        match self.resources.get(local) {
            None => Val::Unknown(format!("{address}, which is not declared")),
            Some(Instances::One) => r(""),
            Some(Instances::Count(n)) => Val::List((0..*n).map(|i| r(&format!("[{i}]"))).collect()),
            Some(Instances::Keys(keys)) => Val::Object(
                keys.iter()
                    .map(|k| (k.clone(), r(&format!("[\"{k}\"]"))))
                    .collect(),
            ),
        }
    }

    fn local(&self, name: &str) -> Val {
        if let Some(v) = self.local_values.borrow().get(name) {
            return v.clone();
        }
        let Some(expr) = self.locals.get(name) else {
            return Val::Unknown(format!("local.{name}, which is not declared"));
        };
        // A local that refers to itself ends as unknown, not as a stack overflow.
        self.local_values.borrow_mut().insert(
            name.to_string(),
            Val::Unknown(format!("local.{name} refers to itself")),
        );
        let v = self.eval(expr, &Bindings::default());
        self.local_values
            .borrow_mut()
            .insert(name.to_string(), v.clone());
        v
    }

    /// Apply traversal operators: attributes, indexes, splats.
    pub fn apply(
        &self,
        mut v: Val,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        b: &Bindings,
    ) -> Val {
        for (i, op) in ops.iter().enumerate() {
            v = match op.value() {
                TraversalOperator::GetAttr(name) => get_attr(v, name.value().as_str()),
                TraversalOperator::Index(e) => index(v, &self.eval(e, b)),
                TraversalOperator::LegacyIndex(n) => index(v, &Val::Number(*n.value() as f64)),
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let items: Vec<Val> = match v {
                        Val::List(items) => items,
                        Val::Null => Vec::new(),
                        Val::Object(map) => map.into_values().collect(),
                        other => vec![other],
                    };
                    let rest = &ops[i + 1..];
                    return Val::List(
                        items
                            .into_iter()
                            .map(|item| self.apply(item, rest, b))
                            .collect(),
                    );
                }
            };
        }
        v
    }

    fn for_expr(&self, f: &hcl_edit::expr::ForExpr, b: &Bindings) -> Val {
        let collection = self.eval(&f.intro.collection_expr, b);
        let pairs: Vec<(Val, Val)> = match collection {
            Val::List(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Val::Number(i as f64), v))
                .collect(),
            Val::Object(map) => map.into_iter().map(|(k, v)| (Val::String(k), v)).collect(),
            Val::Null => Vec::new(),
            other => return unknown(&other),
        };
        let value_var = f.intro.value_var.value().as_str();
        let key_var = f
            .intro
            .key_var
            .as_ref()
            .map(|k| k.value().as_str().to_string());
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Val> = BTreeMap::new();
        for (key, value) in pairs.into_iter().take(MAX_ITEMS) {
            let mut inner = b.with(value_var, value);
            if let Some(k) = &key_var {
                inner = inner.with(k, key);
            }
            if let Some(cond) = &f.cond {
                match self.eval(&cond.expr, &inner).bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None => {
                        return Val::Unknown("a `for` condition known only once applied".into());
                    }
                }
            }
            let value = self.eval(&f.value_expr, &inner);
            match &f.key_expr {
                None => list.push(value),
                Some(k) => {
                    let Some(key) = self.eval(k, &inner).to_text() else {
                        return Val::Unknown("a `for` key known only once applied".into());
                    };
                    if f.grouping {
                        if let Val::List(items) =
                            map.entry(key).or_insert_with(|| Val::List(Vec::new()))
                        {
                            items.push(value)
                        }
                    } else {
                        map.insert(key, value);
                    }
                }
            }
        }
        if f.key_expr.is_some() {
            Val::Object(map)
        } else {
            Val::List(list)
        }
    }

    /// A block body as an object: attributes, nested blocks as lists of objects, and
    /// `dynamic` blocks expanded.
    pub fn body(&self, body: &Body, b: &Bindings) -> Val {
        let mut map: BTreeMap<String, Val> = BTreeMap::new();
        for structure in body.iter() {
            match structure {
                Structure::Attribute(a) => {
                    map.insert(a.key.value().as_str().to_string(), self.eval(&a.value, b));
                }
                Structure::Block(block) => {
                    let ident = block.ident.value().as_str();
                    if matches!(ident, "lifecycle" | "provisioner" | "connection") {
                        continue;
                    }
                    if ident == "dynamic" {
                        let Some(label) = block.labels.first().map(|l| l.as_str().to_string())
                        else {
                            continue;
                        };
                        for item in self.dynamic(block, &label, b) {
                            push_block(&mut map, &label, item);
                        }
                        continue;
                    }
                    let value = self.body(&block.body, b);
                    push_block(&mut map, ident, value);
                }
            }
        }
        Val::Object(map)
    }

    fn dynamic(&self, block: &hcl_edit::structure::Block, label: &str, b: &Bindings) -> Vec<Val> {
        let attr = |key: &str| block.body.get_attribute(key).map(|a| &a.value);
        let iterator = attr("iterator")
            .and_then(|e| match e {
                Expression::Variable(v) => Some(v.value().as_str().to_string()),
                _ => None,
            })
            .unwrap_or_else(|| label.to_string());
        let Some(content) = block.body.get_blocks("content").next() else {
            return Vec::new();
        };
        let collection = attr("for_each").map_or(Val::Null, |e| self.eval(e, b));
        let pairs: Vec<(Val, Val)> = match collection {
            Val::List(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Val::Number(i as f64), v))
                .collect(),
            Val::Object(map) => map.into_iter().map(|(k, v)| (Val::String(k), v)).collect(),
            _ => {
                return vec![Val::Unknown(format!(
                    "a dynamic \"{label}\" block over values known only once applied"
                ))];
            }
        };
        pairs
            .into_iter()
            .take(MAX_ITEMS)
            .map(|(key, value)| {
                let mut it = BTreeMap::new();
                it.insert("key".to_string(), key);
                it.insert("value".to_string(), value);
                self.body(&content.body, &b.with(&iterator, Val::Object(it)))
            })
            .collect()
    }
}

fn push_block(map: &mut BTreeMap<String, Val>, key: &str, value: Val) {
    match map
        .entry(key.to_string())
        .or_insert_with(|| Val::List(Vec::new()))
    {
        Val::List(items) => items.push(value),
        other => *other = Val::List(vec![other.clone(), value]),
    }
}

fn get_attr(v: Val, name: &str) -> Val {
    match v {
        Val::Object(mut map) => map.remove(name).unwrap_or(Val::Null),
        Val::Ref(mut r) => {
            if r.attribute.is_empty() {
                r.attribute = name.to_string();
            } else {
                r.attribute = format!("{}.{name}", r.attribute);
            }
            Val::Ref(r)
        }
        Val::Unknown(why) => Val::Unknown(why),
        Val::Null => Val::Null,
        other => Val::Unknown(format!("`.{name}` of {}", kind(&other))),
    }
}

fn index(v: Val, key: &Val) -> Val {
    match (v, key) {
        (Val::List(items), k) => match k.number() {
            Some(n) if n >= 0.0 && (n as usize) < items.len() => items[n as usize].clone(),
            Some(_) => Val::Unknown("an index past the end of a list".into()),
            None => Val::Unknown("a list index known only once applied".into()),
        },
        (Val::Object(map), k) => match k.to_text() {
            Some(k) => map.get(&k).cloned().unwrap_or(Val::Null),
            None => Val::Unknown("a map key known only once applied".into()),
        },
        (Val::Ref(mut r), k) if r.attribute.is_empty() => {
            match k.to_text() {
                Some(t) if k.number().is_some() && matches!(k, Val::Number(_)) => {
                    r.address.push_str(&format!("[{t}]"))
                }
                Some(t) => r.address.push_str(&format!("[\"{t}\"]")),
                None => return Val::Unknown("an index known only once applied".into()),
            }
            Val::Ref(r)
        }
        (Val::Ref(r), _) => Val::Ref(r),
        (Val::Unknown(why), _) => Val::Unknown(why),
        (other, _) => Val::Unknown(format!("an index into {}", kind(&other))),
    }
}

fn binary(op: BinaryOperator, l: &Val, r: &Val) -> Val {
    use BinaryOperator::*;
    match op {
        Eq => Val::Bool(l == r),
        NotEq => Val::Bool(l != r),
        And | Or => match (l.bool(), r.bool()) {
            (Some(a), Some(b)) => Val::Bool(if op == And { a && b } else { a || b }),
            _ => Val::Unknown("a condition known only once applied".into()),
        },
        _ => {
            let (Some(a), Some(b)) = (l.number(), r.number()) else {
                return Val::Unknown("arithmetic on values known only once applied".into());
            };
            match op {
                Plus => Val::Number(a + b),
                Minus => Val::Number(a - b),
                Mul => Val::Number(a * b),
                Div if b != 0.0 => Val::Number(a / b),
                Mod if b != 0.0 => Val::Number(a % b),
                Less => Val::Bool(a < b),
                LessEq => Val::Bool(a <= b),
                Greater => Val::Bool(a > b),
                GreaterEq => Val::Bool(a >= b),
                _ => Val::Unknown("a division by zero".into()),
            }
        }
    }
}

fn unknown(v: &Val) -> Val {
    match v {
        Val::Unknown(why) => Val::Unknown(why.clone()),
        other => Val::Unknown(format!("an operation on {}", kind(other))),
    }
}

fn kind(v: &Val) -> &'static str {
    match v {
        Val::Null => "null",
        Val::Bool(_) => "a bool",
        Val::Number(_) => "a number",
        Val::String(_) => "a string",
        Val::List(_) => "a list",
        Val::Object(_) => "an object",
        Val::Ref(_) => "a resource attribute",
        Val::Unknown(_) => "an unknown value",
    }
}

pub fn display(r: &Reference) -> String {
    if r.attribute.is_empty() {
        r.address.clone()
    } else {
        format!("{}.{}", r.address, r.attribute)
    }
}
