//! Terraform: configurations (`.tf` in HCL and `.tf.json` in its JSON syntax, with
//! variables, locals, `count`, `for_each`, `dynamic` blocks and local modules) and `terraform show -json` plans and state or a
//! raw `.tfstate`, both read into resource instances that [`aws`] maps to a design.

mod aws;
pub mod hcl;
pub mod json;
pub mod modules;
mod resource;
pub mod tf_json;
mod value;

pub use resource::Resource;
pub use value::{Reference, Val};

/// Files a Terraform configuration is read from: `.tf` and `.tfvars`, and the same in
/// the JSON syntax (`.tf.json`, `.tfvars.json`).
pub fn is_configuration(name: &str) -> bool {
    name.ends_with(".tf") || name.ends_with(".tfvars") || tf_json::is_json_file(name)
}
