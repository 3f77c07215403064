//! A simulated failure as the diagram shows it: what is down, what is cut off from users.
//! Its own file so that both the scene and the stacking of identical servers
//! (`group`) read it without either importing the other.

use crate::model::NodeId;

/// Under a simulated failure: working, taken down, or up but unreachable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum State {
    #[default]
    Up,
    Down,
    CutOff,
}

/// A failure to show on the diagram (`render --fail`).
#[derive(Debug, Clone, Default)]
pub struct Failure {
    /// Everything down: the failed items and what they hold.
    pub down: std::collections::HashSet<NodeId>,
    /// Components still up that users can no longer reach.
    pub cut_off: std::collections::HashSet<NodeId>,
    /// One line for the title block: what failed and what breaks.
    pub summary: String,
}

impl Failure {
    pub fn state(&self, id: NodeId) -> State {
        if self.down.contains(&id) {
            State::Down
        } else if self.cut_off.contains(&id) {
            State::CutOff
        } else {
            State::Up
        }
    }
}
