//! Which format an input is in, told from its content (`--from` overrides).

use crate::source::Sources;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Infra,
    /// A draw.io diagram: `.drawio`/`.xml`, compressed pages, `.drawio.svg`, `.drawio.png`.
    Drawio,
    /// Terraform configuration: `.tf` files (HCL) and `.tf.json` files (its JSON
    /// syntax), with `.tfvars` and `.tfvars.json`.
    Terraform,
    /// `terraform show -json` (plan or state) or a raw `.tfstate` (v4).
    TerraformJson,
}

impl Format {
    /// The format of `sources`: Terraform when any file is a configuration's (`.tf`,
    /// `.tf.json`, `.tfvars`); otherwise from how the first file's text begins.
    pub fn detect(sources: &Sources) -> Format {
        if sources
            .files()
            .any(|s| crate::import::terraform::is_configuration(&s.name))
        {
            return Format::Terraform;
        }
        let text = sources.primary().map_or("", |s| &s.text);
        Format::of_text(text)
    }

    /// The format of one text.
    pub fn of_text(text: &str) -> Format {
        let head = text.trim_start_matches('\u{feff}').trim_start();
        if head.starts_with('<') {
            let start = first_chars(head, 4096);
            if start.contains("<mxfile") || start.contains("<mxGraphModel") {
                return Format::Drawio;
            }
            if start.contains("<svg") && (start.contains("content=") || head.contains("mxfile")) {
                return Format::Drawio;
            }
        }
        if head.starts_with('{')
            && let Some(format) = json_format(head, first_chars(head, 4096))
        {
            return format;
        }
        if looks_like_hcl(head) {
            return Format::Terraform;
        }
        Format::Infra
    }

    /// The name `--from` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Infra => "infra",
            Format::Drawio => "drawio",
            Format::Terraform => "terraform",
            Format::TerraformJson => "terraform-json",
        }
    }

    /// How messages call it.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Infra => ".infra",
            Format::Drawio => "draw.io",
            Format::Terraform => "Terraform",
            Format::TerraformJson => "Terraform JSON",
        }
    }
}

/// The first `n` characters of `text`, borrowed. Collecting them into a new string, on
/// every `.infra` read, cost half as many instructions as parsing 100 servers.
fn first_chars(text: &str, n: usize) -> &str {
    text.char_indices()
        .nth(n)
        .map_or(text, |(end, _)| &text[..end])
}

/// Top-level keys of Terraform's JSON configuration syntax (a `.tf.json` file).
const CONFIGURATION_KEYS: &[&str] = &[
    "resource",
    "data",
    "module",
    "variable",
    "locals",
    "output",
    "provider",
    "terraform",
];

/// Which Terraform JSON a JSON object is, by its top-level keys: `terraform show -json`
/// and state files carry `format_version` or `terraform_version`; a configuration
/// (`cdk.tf.json`) has block types. Text that is not JSON is told by what it mentions
/// first, so the importer that reads it can say where it is broken.
fn json_format(text: &str, start: &str) -> Option<Format> {
    type Keys = std::collections::BTreeMap<String, serde::de::IgnoredAny>;
    let output = ["format_version", "terraform_version"];
    match serde_json::from_str::<Keys>(text) {
        Ok(keys) if output.iter().any(|k| keys.contains_key(*k)) => Some(Format::TerraformJson),
        Ok(keys) if CONFIGURATION_KEYS.iter().any(|k| keys.contains_key(*k)) => {
            Some(Format::Terraform)
        }
        Ok(_) => None,
        Err(_) => {
            let mentions = |key: &str| start.find(&format!("\"{key}\""));
            let output = output.iter().filter_map(|k| mentions(k)).min();
            let configuration = CONFIGURATION_KEYS.iter().filter_map(|k| mentions(k)).min();
            match (output, configuration) {
                (Some(o), Some(c)) if c < o => Some(Format::Terraform),
                (Some(_), _) => Some(Format::TerraformJson),
                (None, Some(_)) => Some(Format::Terraform),
                (None, None) => None,
            }
        }
    }
}

/// Top-level HCL blocks Terraform has and `.infra` does not: `resource "type" "name" {`.
fn looks_like_hcl(text: &str) -> bool {
    text.lines().take(200).any(|line| {
        let line = line.trim_start();
        [
            "resource \"",
            "module \"",
            "variable \"",
            "provider \"",
            "data \"",
        ]
        .iter()
        .any(|start| line.starts_with(start))
            || line.starts_with("terraform {")
            || line.starts_with("locals {")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_characters_end_on_a_character() {
        assert_eq!(first_chars("", 3), "");
        assert_eq!(first_chars("ab", 3), "ab");
        assert_eq!(first_chars("abc", 3), "abc");
        assert_eq!(first_chars("héllo", 2), "hé");
        assert_eq!(first_chars("日本語です", 3), "日本語");
    }

    #[test]
    fn formats_are_told_from_content() {
        assert_eq!(Format::of_text("<mxfile host=\"x\">"), Format::Drawio);
        assert_eq!(Format::of_text("  <mxGraphModel>"), Format::Drawio);
        assert_eq!(
            Format::of_text("<svg xmlns=\"x\" content=\"&lt;mxfile&gt;\">"),
            Format::Drawio
        );
        assert_eq!(
            Format::of_text("{\"format_version\":\"1.2\",\"terraform_version\":\"1.9\"}"),
            Format::TerraformJson
        );
        assert_eq!(
            Format::of_text("{\n  \"version\": 4,\n  \"terraform_version\": \"1.5.0\"}"),
            Format::TerraformJson
        );
        assert_eq!(
            Format::of_text("# web\nresource \"aws_instance\" \"web\" {}"),
            Format::Terraform
        );
        assert_eq!(
            Format::of_text("{\"resource\": {\"aws_instance\": {\"web\": {}}}}"),
            Format::Terraform
        );
        // A configuration that declares a variable named like an output's key.
        assert_eq!(
            Format::of_text("{\"variable\": {\"format_version\": {}}}"),
            Format::Terraform
        );
        // Broken JSON goes to the importer its keys name, which says where it is broken.
        assert_eq!(
            Format::of_text("{\"resource\": {\"aws_instance\": "),
            Format::Terraform
        );
        assert_eq!(
            Format::of_text("{\"format_version\": \"1.2\", "),
            Format::TerraformJson
        );
        assert_eq!(Format::of_text("{\"name\": \"x\"}"), Format::Infra);
        assert_eq!(Format::of_text("server web {}"), Format::Infra);
        assert_eq!(Format::of_text("{ a = 1 }"), Format::Infra);
    }
}
