//! One resource instance, however it was read (HCL or JSON): what the AWS mapping sees.

use super::value::Val;
use crate::span::Span;

#[derive(Debug, Clone)]
pub struct Resource {
    /// `aws_instance.web[0]`, `module.app.aws_lb.this`.
    pub address: String,
    /// `aws_instance`.
    pub kind: String,
    /// `web`.
    pub name: String,
    /// Attributes, nested blocks as lists of objects.
    pub values: Val,
    /// The resource block (global offsets): findings point at its line.
    pub span: Span,
    /// A data source (`data.aws_ami.x`) rather than a managed resource.
    pub data: bool,
}

impl Resource {
    /// What people call it: its `Name` tag, else its `name`.
    pub fn label(&self) -> Option<String> {
        let tags = self.values.get("tags");
        tags.get("Name")
            .str()
            .or_else(|| self.values.get("name").str())
            .map(str::to_string)
    }

    pub fn get(&self, key: &str) -> &Val {
        self.values.get(key)
    }
}
