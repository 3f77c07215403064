//! Which format an input is in, told from its content (`--from` overrides).

use crate::source::Sources;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Infra,
    /// A draw.io diagram: `.drawio`/`.xml`, compressed pages, `.drawio.svg`, `.drawio.png`.
    Drawio,
    /// Terraform configuration: `.tf` files (HCL), with `.tfvars`.
    Terraform,
    /// `terraform show -json` (plan or state) or a raw `.tfstate` (v4).
    TerraformJson,
}

impl Format {
    /// The format of `sources`: Terraform when any file is `.tf`; otherwise from how the
    /// first file's text begins.
    pub fn detect(sources: &Sources) -> Format {
        if sources.files().any(|s| is_terraform_file(&s.name)) {
            return Format::Terraform;
        }
        let text = sources.primary().map_or("", |s| &s.text);
        Format::of_text(text)
    }

    /// The format of one text.
    pub fn of_text(text: &str) -> Format {
        let head = text.trim_start_matches('\u{feff}').trim_start();
        let start: String = head.chars().take(4096).collect();
        if head.starts_with('<') {
            if start.contains("<mxfile") || start.contains("<mxGraphModel") {
                return Format::Drawio;
            }
            if start.contains("<svg") && (start.contains("content=") || head.contains("mxfile")) {
                return Format::Drawio;
            }
        }
        if head.starts_with('{')
            && (start.contains("\"terraform_version\"") || start.contains("\"format_version\""))
        {
            return Format::TerraformJson;
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

/// Files a Terraform configuration is read from.
pub fn is_terraform_file(name: &str) -> bool {
    name.ends_with(".tf") || name.ends_with(".tfvars")
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
        assert_eq!(Format::of_text("server web {}"), Format::Infra);
        assert_eq!(Format::of_text("{ a = 1 }"), Format::Infra);
    }
}
