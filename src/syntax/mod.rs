//! Stage 1: source text → spanned AST ([`parse`]), and back again ([`format`]).

pub mod ast;
mod descent;
mod error;
mod format;
mod grammar;
pub mod incremental;
pub mod limits;
mod literal;
mod parse_error;
mod parser;
mod print;

pub use error::SyntaxError;
pub use format::{format, quote};
pub use parser::{BATCH_BYTES, parse, parse_reference};
pub use print::print;
