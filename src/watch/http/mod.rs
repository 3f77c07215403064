//! Just enough HTTP/1.1 for a preview on loopback, with every size bounded: a request
//! head of at most [`head::MAX_HEAD_BYTES`], no body ever read, one answer per
//! connection. The page needs two GET routes; nothing more is worth a general server.

pub mod head;
pub mod policy;
pub mod response;

pub use head::{Head, HeadError};
pub use response::{Response, Status};
