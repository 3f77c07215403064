//! draw.io: stub.
use crate::model::Design;
use crate::render::Diagram;
pub fn drawio(_design: &Design, _diagram: &Diagram) -> String {
    String::new()
}
