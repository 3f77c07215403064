use crate::import::{ImportError, ImportErrorKind, Imported, Input};
pub fn import(_input: &Input) -> Result<Imported, ImportError> {
    Err(ImportError::new(ImportErrorKind::Unreadable, "todo"))
}
