//! A cell's `style` string: `rounded=1;whiteSpace=wrap;shape=mxgraph.aws4.rds;` — named
//! styles (`ellipse`, `text`, `swimlane`) and `key=value` pairs.

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Style {
    /// Entries without `=`, lowercased: `ellipse`, `text`, `edgelabel`, `group`.
    pub names: Vec<String>,
    pub pairs: Vec<(String, String)>,
}

impl Style {
    pub fn parse(text: &str) -> Style {
        let mut style = Style::default();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            match part.split_once('=') {
                Some((k, v)) => style
                    .pairs
                    .push((k.trim().to_string(), v.trim().to_string())),
                None => style.names.push(part.to_ascii_lowercase()),
            }
        }
        style
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn has(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// The shape's names, lowercased: `shape`, `resIcon`, `grIcon`, `prIcon` and the
    /// named styles — what the shape libraries put their identity in.
    pub fn shape_words(&self) -> String {
        let mut words: Vec<String> = ["shape", "resIcon", "grIcon", "prIcon"]
            .iter()
            .filter_map(|k| self.get(k))
            .map(str::to_ascii_lowercase)
            .collect();
        words.extend(self.names.iter().cloned());
        words.join(" ")
    }

    /// A frame that holds other shapes: a container, a group, a swimlane.
    pub fn is_container(&self) -> bool {
        self.get("container") == Some("1")
            || self.has("group")
            || self.has("swimlane")
            || self
                .get("shape")
                .is_some_and(|s| s.contains("group") || s == "swimlane")
    }

    /// Free text: the `text` style, or no fill and no outline.
    pub fn is_text(&self) -> bool {
        self.has("text")
            || self.has("edgelabel")
            || (self.get("strokeColor") == Some("none")
                && matches!(self.get("fillColor"), Some("none") | None)
                && self.get("shape").is_none()
                && !self.has("ellipse"))
    }
}
