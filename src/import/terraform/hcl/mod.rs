//! Terraform configurations in HCL: the root module's `.tf` files, its `.tfvars`, and the
//! local modules it calls (with `.tf.json` and `.tfvars.json`, read into the same bodies
//! by [`tf_json`](super::tf_json)), evaluated into resource instances (`count`, `for_each`,
//! `dynamic` blocks expanded; references kept as references) for the AWS mapping.

pub(in crate::import::terraform) mod duplicates;
mod eval;
mod functions;

use super::modules::{dir_of, is_local, join, normalise};
use super::resource::Resource;
use super::value::Val;
use crate::import::{Format, ImportError, ImportErrorKind, Imported, Input, Report};
use crate::span::Span;
use eval::{Bindings, Instances, Scope};
use hcl_edit::Span as _;
use hcl_edit::structure::{Block, Body, Structure};
use std::collections::BTreeMap;

/// Module calls nested deeper than this are not followed (a module that calls itself).
const MAX_MODULE_DEPTH: usize = 8;
/// Instances of one resource or module beyond this are not imported (reported).
const MAX_INSTANCES: usize = 1000;
/// Instances of everything, over all module instances.
const MAX_TOTAL_INSTANCES: usize = 5_000;

/// One parsed file.
struct File {
    name: String,
    dir: String,
    base: usize,
    body: Body,
    vars: bool,
    /// A JSON file's block spans ([`tf_json::read`](super::tf_json::read)).
    json_spans: super::tf_json::Spans,
}

pub fn import(input: &Input) -> Result<Imported, ImportError> {
    let mut files = Vec::new();
    let mut aliases = BTreeMap::new();
    let mut repeated = Vec::new();
    for (base, source) in input.sources.based() {
        let vars = source.name.ends_with(".tfvars") || source.name.ends_with(".tfvars.json");
        let json = super::tf_json::is_json(&source.name, &source.text);
        if !super::is_configuration(&source.name) && !json && input.sources.files().count() > 1 {
            continue;
        }
        let (body, json_spans) = if json {
            super::tf_json::read(&source.name, &source.text, base, vars)?
        } else {
            let parsed = duplicates::parse(&source.text, &aliases).map_err(|e| {
                let at = base + e.location().offset().min(source.text.len());
                ImportError::new(
                    ImportErrorKind::Unreadable,
                    format!("{}: not valid HCL: {}", source.name, e.message()),
                )
                .at(Span::new(at, at), "here")
            })?;
            aliases.extend(parsed.aliases);
            repeated.extend(parsed.repeated.into_iter().map(|r| (base, r)));
            (parsed.body, Default::default())
        };
        files.push(File {
            dir: dir_of(&source.name),
            name: source.name.clone(),
            base,
            body,
            vars,
            json_spans,
        });
    }
    let root = root_module(&files, input.sources.name());
    let mut report = Report::new(Format::Terraform, input.name());
    for (base, r) in repeated {
        let element = crate::source::Element {
            id: format!("`{}`", r.key),
            label: None,
        };
        let span = Some(Span::new(base + r.start, base + r.end));
        if r.attribute {
            report.not_mapped(
                element,
                span,
                "set twice in one block, which Terraform refuses (\"Attribute redefined\"): \
                 the first is read, this one is not",
            );
        } else {
            report.guess(
                element,
                span,
                "written twice in one object: the last value is kept, as Terraform does",
            );
        }
    }
    let aliases = std::rc::Rc::new(aliases);
    let mut tfvars = BTreeMap::new();
    let budget = std::rc::Rc::new(std::cell::Cell::new(eval::BUDGET));
    let root_scope = Scope::new(String::new(), root.clone(), budget.clone(), aliases.clone());
    for file in files.iter().filter(|f| f.vars && f.dir == root) {
        let name = file.name.strip_suffix(".json").unwrap_or(&file.name);
        let auto = name.ends_with("terraform.tfvars") || name.ends_with(".auto.tfvars");
        if !auto && files.iter().filter(|f| f.vars).count() > 1 {
            continue;
        }
        if let Val::Object(map) = root_scope.body(&file.body, &Bindings::default()) {
            tfvars.extend(map);
        }
    }
    let mut reader = Reader {
        budget,
        aliases,
        instances: 0,
        capped: false,
        files: &files,
        resources: Vec::new(),
        report: &mut report,
        blocks: 0,
    };
    reader.module(&root, String::new(), tfvars, 0);
    let blocks = reader.blocks;
    let resources = reader.resources;
    report.contents = format!(
        "{} with {} ({} instances)",
        crate::import::report::count(files.len(), "file"),
        crate::import::report::count(blocks, "resource block"),
        resources.iter().filter(|r| !r.data).count()
    );
    let builder = super::aws::map(&resources, input.sources.clone(), &mut report);
    Ok(Imported { builder, report })
}

/// The root module: the directory the configuration was given as (the sources' name),
/// which a module outside it may be as shallow as; else, for sources named otherwise,
/// the shallowest directory with `.tf` files.
fn root_module(files: &[File], name: &str) -> String {
    let given = normalise(name);
    let modules = || files.iter().filter(|f| !f.vars).map(|f| &f.dir);
    if modules().any(|d| *d == given) {
        return given;
    }
    modules()
        .min_by_key(|d| (d.matches('/').count(), d.as_str()))
        .cloned()
        .unwrap_or_default()
}

struct Reader<'f, 'r> {
    budget: std::rc::Rc<std::cell::Cell<usize>>,
    /// Placeholders of keys written twice → the keys (see [`duplicates`]).
    aliases: std::rc::Rc<BTreeMap<String, String>>,
    /// Resource and module instances read so far, over all modules.
    instances: usize,
    /// The instance limit was reached (reported once).
    capped: bool,
    files: &'f [File],
    resources: Vec<Resource>,
    report: &'r mut Report,
    blocks: usize,
}

impl<'f> Reader<'f, '_> {
    fn blocks_in(&self, dir: &str) -> Vec<(&'f File, &'f Block)> {
        self.files
            .iter()
            .filter(|f| !f.vars && f.dir == dir)
            .flat_map(|f| {
                f.body.iter().filter_map(move |s| match s {
                    Structure::Block(b) => Some((f, b)),
                    _ => None,
                })
            })
            .collect()
    }

    fn span(file: &File, block: &Block) -> Span {
        let r = block
            .span()
            .or_else(|| super::tf_json::span_of(&file.json_spans, block))
            .unwrap_or(0..0);
        Span::new(file.base + r.start, file.base + r.end)
    }

    /// Read one module instance; returns its outputs.
    fn module(
        &mut self,
        dir: &str,
        prefix: String,
        given: BTreeMap<String, Val>,
        depth: usize,
    ) -> BTreeMap<String, Val> {
        let blocks = self.blocks_in(dir);
        let mut scope = Scope::new(
            prefix.clone(),
            dir.to_string(),
            self.budget.clone(),
            self.aliases.clone(),
        );
        let none = Bindings::default();
        for (_, block) in blocks
            .iter()
            .filter(|(_, b)| b.ident.value().as_str() == "variable")
        {
            let Some(name) = block.labels.first().map(|l| l.as_str().to_string()) else {
                continue;
            };
            let default = block.body.get_attribute("default").map(|a| {
                Scope::new(
                    String::new(),
                    dir.into(),
                    self.budget.clone(),
                    self.aliases.clone(),
                )
                .eval(&a.value, &none)
            });
            if let Some(v) = given.get(&name).cloned().or(default) {
                scope.vars.insert(name, v);
            }
        }
        for (_, block) in blocks
            .iter()
            .filter(|(_, b)| b.ident.value().as_str() == "locals")
        {
            for s in block.body.iter() {
                if let Structure::Attribute(a) = s {
                    scope
                        .locals
                        .insert(a.key.value().as_str().to_string(), &a.value);
                }
            }
        }
        // Declarations first: references need each resource's instances.
        let mut declared: Vec<(&File, &Block, String, bool)> = Vec::new();
        for (file, block) in &blocks {
            let ident = block.ident.value().as_str();
            let data = ident == "data";
            if ident != "resource" && !data {
                continue;
            }
            let [kind, name] = [0, 1].map(|i| block.labels.get(i).map(|l| l.as_str().to_string()));
            let (Some(kind), Some(name)) = (kind, name) else {
                continue;
            };
            let local = if data {
                format!("data.{kind}.{name}")
            } else {
                format!("{kind}.{name}")
            };
            let instances = self.instances(&scope, block, &format!("{prefix}{local}"), file);
            scope.resources.insert(local.clone(), instances);
            declared.push((file, block, local, data));
        }
        if depth < MAX_MODULE_DEPTH {
            for (file, block) in blocks
                .iter()
                .filter(|(_, b)| b.ident.value().as_str() == "module")
            {
                self.call(&mut scope, file, block, &prefix, depth);
            }
        }
        for (file, block, local, data) in declared {
            if !data {
                self.blocks += 1;
            }
            let span = Self::span(file, block);
            let kind = block.labels[0].as_str().to_string();
            let name = block.labels[1].as_str().to_string();
            let address = format!("{prefix}{local}");
            let keyed: Vec<(String, Bindings)> = match scope.resources.get(&local) {
                Some(Instances::Count(n)) => (0..*n)
                    .map(|i| {
                        (
                            format!("[{i}]"),
                            Bindings {
                                count: Some(Val::Number(i as f64)),
                                ..Bindings::default()
                            },
                        )
                    })
                    .collect(),
                Some(Instances::Keys(keys)) => {
                    let values = self.for_each_values(&scope, block);
                    keys.iter()
                        .map(|k| {
                            let value = values.get(k).cloned().unwrap_or(Val::String(k.clone()));
                            (
                                format!("[\"{k}\"]"),
                                Bindings {
                                    each: Some((Val::String(k.clone()), value)),
                                    ..Bindings::default()
                                },
                            )
                        })
                        .collect()
                }
                _ => vec![(String::new(), Bindings::default())],
            };
            for (key, bindings) in keyed {
                let values = scope.body(&block.body, &bindings);
                self.resources.push(Resource {
                    address: format!("{address}{key}"),
                    kind: kind.clone(),
                    name: name.clone(),
                    values,
                    span,
                    data,
                });
            }
        }
        let mut outputs = BTreeMap::new();
        for (_, block) in blocks
            .iter()
            .filter(|(_, b)| b.ident.value().as_str() == "output")
        {
            if let (Some(name), Some(value)) =
                (block.labels.first(), block.body.get_attribute("value"))
            {
                outputs.insert(name.as_str().to_string(), scope.eval(&value.value, &none));
            }
        }
        outputs
    }

    /// How many instances a block declares: `count`, `for_each`, or one.
    fn instances(&mut self, scope: &Scope, block: &Block, address: &str, file: &File) -> Instances {
        let counted = self.count(scope, block, address, file);
        let n = match &counted {
            Instances::One => 1,
            Instances::Count(n) => *n,
            Instances::Keys(k) => k.len(),
        };
        // Modules of counted modules multiply: the whole import is bounded too.
        let left = MAX_TOTAL_INSTANCES.saturating_sub(self.instances);
        self.instances += n.min(left);
        if n <= left {
            return counted;
        }
        if std::mem::replace(&mut self.capped, true) {
            return Instances::Count(left);
        }
        let element = crate::source::Element {
            id: address.to_string(),
            label: None,
        };
        self.report.not_mapped(
            element,
            Some(Self::span(file, block)),
            format!("more than {MAX_TOTAL_INSTANCES} instances in the whole configuration: the rest are not imported"),
        );
        match counted {
            Instances::Keys(mut k) if left > 0 => {
                k.truncate(left);
                Instances::Keys(k)
            }
            _ => Instances::Count(left),
        }
    }

    fn count(&mut self, scope: &Scope, block: &Block, address: &str, file: &File) -> Instances {
        let none = Bindings::default();
        let span = Self::span(file, block);
        let element = crate::source::Element {
            id: address.to_string(),
            label: None,
        };
        if let Some(count) = block.body.get_attribute("count") {
            return match scope.eval(&count.value, &none) {
                Val::Number(n) if n >= 0.0 => {
                    let n = n as usize;
                    if n > MAX_INSTANCES {
                        self.report.not_mapped(
                            element,
                            Some(span),
                            format!(
                                "count = {n}: only the first {MAX_INSTANCES} instances are imported"
                            ),
                        );
                    }
                    Instances::Count(n.min(MAX_INSTANCES))
                }
                Val::Unknown(why) => {
                    self.report.not_mapped(
                        element,
                        Some(span),
                        format!("count is unknown ({why}): one instance imported"),
                    );
                    Instances::One
                }
                _ => Instances::One,
            };
        }
        if block.body.has_attribute("for_each") {
            let values = self.for_each_values(scope, block);
            if values.is_empty()
                && !block
                    .body
                    .get_attribute("for_each")
                    .is_some_and(|a| scope.eval(&a.value, &none).is_known())
            {
                self.report.not_mapped(
                    element,
                    Some(span),
                    "for_each over values known only once applied: one instance imported",
                );
                return Instances::One;
            }
            return Instances::Keys(values.keys().take(MAX_INSTANCES).cloned().collect());
        }
        Instances::One
    }

    fn for_each_values(&self, scope: &Scope, block: &Block) -> BTreeMap<String, Val> {
        let Some(attr) = block.body.get_attribute("for_each") else {
            return BTreeMap::new();
        };
        match scope.eval(&attr.value, &Bindings::default()) {
            Val::Object(map) => map,
            Val::List(items) => items
                .into_iter()
                .filter_map(|v| v.to_text().map(|k| (k, v)))
                .collect(),
            _ => BTreeMap::new(),
        }
    }

    /// A `module` block: a local source is read as a child module instance (per `count`
    /// or `for_each` key); anything else is reported.
    fn call(&mut self, scope: &mut Scope, file: &File, block: &Block, prefix: &str, depth: usize) {
        let Some(name) = block.labels.first().map(|l| l.as_str().to_string()) else {
            return;
        };
        let span = Self::span(file, block);
        let address = format!("{prefix}module.{name}");
        let none = Bindings::default();
        let source = block
            .body
            .get_attribute("source")
            .map(|a| scope.eval(&a.value, &none));
        let source = source.as_ref().and_then(Val::str).unwrap_or("");
        let element = crate::source::Element {
            id: address.clone(),
            label: Some(source.to_string()),
        };
        if !is_local(source) {
            self.report
                .not_mapped(element, Some(span), remote_module(source));
            return;
        }
        let dir = join(&scope.dir, source);
        if !self.files.iter().any(|f| f.dir == dir) {
            self.report.not_mapped(
                element,
                Some(span),
                format!("a local module whose directory {dir} has no .tf files here"),
            );
            return;
        }
        let instances = self.instances(scope, block, &address, file);
        let keyed: Vec<(String, Bindings)> = match &instances {
            Instances::Count(n) => (0..*n)
                .map(|i| {
                    (
                        format!("[{i}]"),
                        Bindings {
                            count: Some(Val::Number(i as f64)),
                            ..Bindings::default()
                        },
                    )
                })
                .collect(),
            Instances::Keys(keys) => {
                let values = self.for_each_values(scope, block);
                keys.iter()
                    .map(|k| {
                        let value = values.get(k).cloned().unwrap_or(Val::String(k.clone()));
                        (
                            format!("[\"{k}\"]"),
                            Bindings {
                                each: Some((Val::String(k.clone()), value)),
                                ..Bindings::default()
                            },
                        )
                    })
                    .collect()
            }
            Instances::One => vec![(String::new(), Bindings::default())],
        };
        let mut outputs = BTreeMap::new();
        for (key, bindings) in keyed {
            let mut given = BTreeMap::new();
            for s in block.body.iter() {
                if let Structure::Attribute(a) = s {
                    let k = a.key.value().as_str();
                    if !matches!(
                        k,
                        "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
                    ) {
                        given.insert(k.to_string(), scope.eval(&a.value, &bindings));
                    }
                }
            }
            let child = format!("{address}{key}.");
            let out = self.module(&dir, child, given, depth + 1);
            let slot = match &instances {
                Instances::One => String::new(),
                Instances::Count(_) => format!("{:08}", outputs.len()),
                Instances::Keys(_) => key
                    .trim_start_matches("[\"")
                    .trim_end_matches("\"]")
                    .to_string(),
            };
            outputs.insert(slot, out);
        }
        scope.modules.insert(name, (instances, outputs));
    }
}

/// Why a module call that is not a local directory is not read, and how to include it:
/// its source is fetched by `terraform init`, which the importer does not run, but a
/// plan or state (`terraform show -json`) lists the resources it makes.
fn remote_module(source: &str) -> String {
    let from = if source.is_empty() {
        "a module with no literal source".to_string()
    } else if source.contains("::") || source.starts_with("git") || source.contains("github.com") {
        format!("a module from a repository ({source})")
    } else if source.starts_with("http")
        || source.starts_with("s3::")
        || source.starts_with("gcs::")
    {
        format!("a module from an archive ({source})")
    } else {
        format!("a module from the Terraform Registry ({source})")
    };
    format!(
        "{from}, not read: the resources it makes are not in the design and references to \
         its outputs stay unknown. To include them, import the plan or state \
         (`terraform show -json`), which lists them"
    )
}
