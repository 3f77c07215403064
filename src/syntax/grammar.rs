//! The pest parser generated from `grammar/infra.pest`, the grammar of record. The
//! tree builder (`parser`) and the error describer (`parse_error`) both drive it.

#[derive(pest_derive::Parser)]
#[grammar = "grammar/infra.pest"]
pub(super) struct InfraParser;
