//! "Did you mean …?" — the closest known word to a misspelt one.

/// The candidate most similar to `word`, if any is similar enough to be a likely typo.
///
/// Jaro-Winkler favours shared prefixes (`algoritm` → `algorithm`); the edit-distance
/// check catches short words where one slip changes a large share (`dbs` → `db`).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| {
            let lower = c.to_ascii_lowercase();
            let similarity = strsim::jaro_winkler(&word_lower, &lower);
            let distance = strsim::damerau_levenshtein(&word_lower, &lower);
            (c, similarity, distance)
        })
        .filter(|(_, similarity, distance)| *similarity >= 0.85 || *distance <= 1)
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(c, ..)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_typos() {
        let kinds = ["server", "web_server", "app_server", "database"];
        assert_eq!(closest("sever", kinds), Some("server"));
        assert_eq!(closest("databse", kinds), Some("database"));
        assert_eq!(closest("webserver", kinds), Some("web_server"));
        assert_eq!(closest("firewall", kinds), None);
    }

    #[test]
    fn ties_break_by_name_so_hints_are_deterministic() {
        assert_eq!(closest("ab", ["ac", "aa"]), Some("aa"));
    }
}
