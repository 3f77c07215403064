//! Labels as people read them: HTML labels (`html=1`) reduced to their text, entities
//! decoded, and `%name%` placeholders of data-carrying shapes filled in.
//!
//! draw.io's labels are small fragments (`<b>nginx</b><br>10.0.0.2`), so a tag stripper
//! that turns block tags and `<br>` into line breaks is all that is needed here.

/// The text of an HTML label: tags dropped, `<br>` and block ends as line breaks.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..open]));
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if matches!(
            name,
            "br" | "div" | "p" | "li" | "tr" | "h1" | "h2" | "h3" | "hr"
        ) {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(&decode_entities(rest));
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `&amp;` `&lt;` `&gt;` `&quot;` `&#39;` `&nbsp;` and numeric references.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let Some(semi) = tail[..tail.len().min(12)].find(';') else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `%name%` in the label of a shape with data, replaced by the property's value.
pub fn fill_placeholders(label: &str, data: &[(String, String)]) -> String {
    let mut out = label.to_string();
    for (key, value) in data {
        out = out.replace(&format!("%{key}%"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_labels_become_lines_of_text() {
        assert_eq!(
            html_to_text("<b>Nginx</b><br>10.0.0.2&nbsp;(web)"),
            "Nginx\n10.0.0.2 (web)"
        );
        assert_eq!(
            html_to_text("<div>MySQL</div><div><i>Primary</i></div>"),
            "MySQL\nPrimary"
        );
        assert_eq!(
            html_to_text("a &lt; b &amp;&#35; c &bogus; <unclosed"),
            "a < b &# c &bogus;"
        );
        assert_eq!(
            fill_placeholders(
                "%name% on %ip%",
                &[("name".into(), "web".into()), ("ip".into(), "1".into())]
            ),
            "web on 1"
        );
    }
}
