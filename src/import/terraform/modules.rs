//! Where a configuration's local modules live: `source = "./modules/web"` or
//! `"../../applications/webapp"`, joined to the calling module's directory as Terraform
//! does — lexically, so `envs/prod/../../apps/web` and `apps/web` are one directory.
//!
//! The CLI follows these to read module directories outside the one the user gave; the
//! HCL reader resolves calls with the same [`join`], so the names always agree.

use hcl_edit::expr::Expression;
use hcl_edit::structure::Structure;

/// `infra` + `./modules/web` → `infra/modules/web`; `..` past the start is kept
/// (`.` + `../m` → `../m`), `..` past `/` is dropped, `.` is the empty path.
pub fn join(dir: &str, source: &str) -> String {
    let absolute = source.starts_with('/') || (dir.starts_with('/') && !source.is_empty());
    let mut parts: Vec<&str> = Vec::new();
    let start = if source.starts_with('/') { "" } else { dir };
    for part in start.split('/').chain(source.split('/')) {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(p) if *p != ".." => {
                    parts.pop();
                }
                None if absolute => {}
                _ => parts.push(".."),
            },
            p => parts.push(p),
        }
    }
    match (absolute, parts.is_empty()) {
        (true, _) => format!("/{}", parts.join("/")),
        (false, true) => ".".into(),
        (false, false) => parts.join("/"),
    }
}

/// A path in the one spelling [`join`] gives: `./infra/` → `infra`.
pub fn normalise(path: &str) -> String {
    join(".", path)
}

/// The directory a file name is in: `infra/main.tf` → `infra`, `main.tf` → `.`.
pub fn dir_of(name: &str) -> String {
    match normalise(name).rsplit_once('/') {
        Some(("", _)) => "/".to_string(),
        Some((dir, _)) => dir.to_string(),
        None => ".".to_string(),
    }
}

/// Whether a module `source` names a local directory (Terraform: `./` or `../`).
pub fn is_local(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../")
}

/// The local module sources a `.tf` file's `module` blocks name as plain strings (an
/// interpolated source cannot be known without evaluating, and Terraform forbids it).
/// Text that is not HCL has none: the importer reports it.
pub fn local_sources(text: &str) -> Vec<String> {
    let Ok(parsed) = super::hcl::duplicates::parse(text, &Default::default()) else {
        return Vec::new();
    };
    let body = parsed.body;
    body.iter()
        .filter_map(|s| match s {
            Structure::Block(b) if b.ident.value().as_str() == "module" => {
                match &b.body.get_attribute("source")?.value {
                    Expression::String(s) if is_local(s.value()) => Some(s.value().to_string()),
                    _ => None,
                }
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths_join_like_terraform() {
        assert_eq!(join("infra", "./modules/web"), "infra/modules/web");
        assert_eq!(
            join("infra/envs/prod", "../../modules/web"),
            "infra/modules/web"
        );
        assert_eq!(join(".", "./m"), "m");
        assert_eq!(join(".", "../m"), "../m");
        assert_eq!(join("../x", "../../m"), "../../m");
        assert_eq!(join("/srv/tf/prod", "../../apps/web"), "/srv/apps/web");
        assert_eq!(join("/", "../m"), "/m");
        assert_eq!(normalise("./infra/"), "infra");
        assert_eq!(normalise("."), ".");
        assert_eq!(normalise("a/./b//c/.."), "a/b");
    }

    #[test]
    fn files_are_in_their_normalised_directory() {
        assert_eq!(dir_of("infra/main.tf"), "infra");
        assert_eq!(dir_of("./main.tf"), ".");
        assert_eq!(dir_of("env/prod/../../apps/web/main.tf"), "apps/web");
        assert_eq!(dir_of("/main.tf"), "/");
    }

    #[test]
    fn only_literal_local_sources_are_followed() {
        let text = r#"
module "web" { source = "../../applications/webapp" }
module "net" { source = "./net" }
module "vpc" { source = "terraform-aws-modules/vpc/aws" }
module "odd" { source = "${path.module}/x" }
"#;
        assert_eq!(local_sources(text), ["../../applications/webapp", "./net"]);
        assert!(local_sources("module {").is_empty());
    }
}
