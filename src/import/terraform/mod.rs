//! Terraform: `.tf` configurations (HCL, with variables, locals, `count`, `for_each`,
//! `dynamic` blocks and local modules) and `terraform show -json` plans and state or a
//! raw `.tfstate`, both read into resource instances that [`aws`] maps to a design.

mod aws;
pub mod hcl;
pub mod json;
pub mod modules;
mod resource;
mod value;

pub use resource::Resource;
pub use value::{Reference, Val};

/// Files a Terraform configuration is read from.
pub fn is_configuration(name: &str) -> bool {
    name.ends_with(".tf") || name.ends_with(".tfvars")
}
