//! Printing a syntax tree that has no source text — one an importer built — as `.infra`.
//!
//! [`format`](super::format) needs the text a tree was parsed from (to keep comments and
//! one-line blocks); a built tree has none. So the tree is written plainly, one statement
//! per line, with a comment before each block that names where it came from, and then
//! parsed and formatted: the result is canonical `.infra`, a fixed point of `infrac fmt`,
//! and known to parse.

use super::ast::*;
use super::format::{quote, scalar};
use super::{SyntaxError, format, parse};

/// `file` as formatted `.infra`; `comment` gives the comment line (without `#`) written
/// before a block, if any. An error means the tree holds something `.infra` cannot say
/// (a name that is not an identifier, say): the importer built a bad tree.
pub fn print(
    file: &File,
    comment: &dyn Fn(&Block) -> Option<String>,
) -> Result<String, Vec<SyntaxError>> {
    let mut plain = String::new();
    statements(&file.statements, 0, comment, &mut plain);
    let parsed = parse(&plain)?;
    Ok(format(&plain, &parsed))
}

fn statements(
    list: &[Statement],
    depth: usize,
    comment: &dyn Fn(&Block) -> Option<String>,
    out: &mut String,
) {
    let indent = "  ".repeat(depth);
    for statement in list {
        match statement {
            Statement::Attribute(a) => {
                out.push_str(&format!("{indent}{} = {}\n", a.key.name, value(&a.value)));
            }
            Statement::Block(b) => {
                if let Some(text) = comment(b) {
                    for line in text.lines() {
                        out.push_str(&format!("{indent}# {line}\n"));
                    }
                }
                let mut head = b.kind.name.clone();
                if let Some(name) = &b.name {
                    head.push(' ');
                    head.push_str(&name.name);
                }
                if let Some(label) = &b.label {
                    head.push(' ');
                    head.push_str(&quote(&label.value));
                }
                out.push_str(&format!("{indent}{head} {{\n"));
                statements(&b.body, depth + 1, comment, out);
                out.push_str(&format!("{indent}}}\n"));
            }
            Statement::Flow(f) => {
                let hops: Vec<String> = f.hops.iter().map(target).collect();
                let mut line = hops.join(" -> ");
                if let Some(p) = &f.protocol {
                    line.push_str(" : ");
                    line.push_str(&p.name.name);
                    if let Some(port) = p.port {
                        line.push_str(&format!("/{}", port.number));
                    }
                }
                if let Some(body) = &f.body {
                    let attrs: Vec<String> = body
                        .statements
                        .iter()
                        .filter_map(|s| match s {
                            Statement::Attribute(a) => {
                                Some(format!("{} = {}", a.key.name, value(&a.value)))
                            }
                            _ => None,
                        })
                        .collect();
                    line.push_str(&format!(" {{ {} }}", attrs.join(", ")));
                }
                out.push_str(&format!("{indent}{line}\n"));
            }
        }
    }
}

fn target(target: &Target) -> String {
    match target {
        Target::Path(p) => p.text.clone(),
        Target::List { paths, .. } => {
            let names: Vec<&str> = paths.iter().map(|p| p.text.as_str()).collect();
            format!("[{}]", names.join(", "))
        }
    }
}

fn value(v: &Value) -> String {
    match &v.kind {
        ValueKind::List(items) => {
            let items: Vec<String> = items.iter().map(value).collect();
            format!("[{}]", items.join(", "))
        }
        kind => scalar(kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parsed_file_prints_back_to_its_formatted_self() {
        let text = "server web { ip = 10.0.0.1\n web_server nginx { software = nginx } }\n\
                    internet -> web.nginx : https/8443 { access = read }\n";
        let file = parse(text).expect("parses");
        let printed = print(&file, &|b| Some(format!("from {}", b.kind.name))).expect("prints");
        assert!(printed.contains("# from server\nserver web {"), "{printed}");
        assert!(printed.contains("  # from web_server\n"), "{printed}");
        let again = parse(&printed).expect("parses again");
        assert_eq!(format(&printed, &again), printed, "a fixed point of fmt");
    }
}
