//! Exit codes (LANGUAGE.md §5).

/// How a run ended. The worst outcome over all inputs wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Clean.
    Ok = 0,
    /// Findings at or above the deny level; for `fmt --check`, a file would change.
    Findings = 1,
    /// An input could not be compiled.
    Compile = 2,
    /// Bad usage, or a file could not be read or written.
    Usage = 3,
}
