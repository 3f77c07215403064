//! Where a report's files are, as URIs code-scanning tools accept: relative to the
//! repository root (`%SRCROOT%`, which the SARIF run declares) for files inside it, and
//! absolute `file://` URIs for the rest — whether the file was named by an absolute path,
//! from a subdirectory (`../examples/a.infra`) or from the root.
//!
//! Pure path arithmetic (no file system: the front end says where the working directory
//! and the repository root are), so the core keeps building for WebAssembly.

/// The base id SARIF results use for files under the repository root.
pub const SRCROOT: &str = "%SRCROOT%";

/// Where relative input names are resolved from, and the repository root, both
/// absolute (`/home/me/shop`). Without them, names are used as given.
#[derive(Clone, Debug, Default)]
pub struct Paths {
    pub cwd: Option<String>,
    pub root: Option<String>,
}

/// One file's address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// A relative reference (`examples/a.infra`) when `base` is set; else an absolute
    /// `file://` URI, or the name as given when nothing says where it is.
    pub uri: String,
    pub base: Option<&'static str>,
}

impl Paths {
    /// The file named `name` (as the user wrote it).
    pub fn artifact(&self, name: &str) -> Artifact {
        let absolute = if name.starts_with('/') {
            Some(normalize(name))
        } else {
            self.cwd
                .as_ref()
                .map(|cwd| normalize(&format!("{cwd}/{name}")))
        };
        let Some(absolute) = absolute else {
            return Artifact {
                uri: encode(&normalize(name)),
                base: None,
            };
        };
        if let Some(root) = &self.root {
            let root = normalize(root);
            let inside = if root == "/" {
                absolute.strip_prefix('/')
            } else {
                absolute
                    .strip_prefix(&root)
                    .and_then(|rest| rest.strip_prefix('/'))
            };
            if let Some(relative) = inside {
                return Artifact {
                    uri: encode(relative),
                    base: Some(SRCROOT),
                };
            }
        }
        Artifact {
            uri: format!("file://{}", encode(&absolute)),
            base: None,
        }
    }

    /// The root as a `file://` URI ending in `/`, as `originalUriBaseIds` wants it.
    pub fn root_uri(&self) -> Option<String> {
        let root = normalize(self.root.as_ref()?);
        let root = root.trim_end_matches('/');
        Some(format!("file://{}/", encode(root)))
    }
}

/// `path` relative to the folder `from` (both absolute, or both relative to one place),
/// lexically: `/a/b` from `/a/c` is `../b`.
pub fn relative(from: &str, path: &str) -> String {
    let from = normalize(from);
    let path = normalize(path);
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

/// `a/./b/../c` → `a/c`, lexically; a leading `..` of a relative path stays.
pub fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Percent-encode what a URI path cannot hold.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths() -> Paths {
        Paths {
            cwd: Some("/repo/sub".to_string()),
            root: Some("/repo".to_string()),
        }
    }

    fn under_root(uri: &str) -> Artifact {
        Artifact {
            uri: uri.to_string(),
            base: Some(SRCROOT),
        }
    }

    #[test]
    fn every_path_form_inside_the_root_is_root_relative() {
        let paths = paths();
        assert_eq!(paths.artifact("a.infra"), under_root("sub/a.infra"));
        assert_eq!(
            paths.artifact("../examples/a.infra"),
            under_root("examples/a.infra")
        );
        assert_eq!(
            paths.artifact("./x/../a b.infra"),
            under_root("sub/a%20b.infra")
        );
        assert_eq!(
            paths.artifact("/repo/examples/a.infra"),
            under_root("examples/a.infra")
        );
        assert_eq!(paths.root_uri().as_deref(), Some("file:///repo/"));
    }

    #[test]
    fn files_outside_the_root_get_file_uris() {
        let paths = paths();
        let outside = Artifact {
            uri: "file:///tmp/a.infra".to_string(),
            base: None,
        };
        assert_eq!(paths.artifact("/tmp/a.infra"), outside);
        assert_eq!(paths.artifact("../../tmp/a.infra"), outside);
        assert_eq!(
            paths.artifact("/repository/a.infra").base,
            None,
            "a prefix is not a parent"
        );
        let no_root = Paths {
            cwd: Some("/work".to_string()),
            root: None,
        };
        assert_eq!(no_root.artifact("a.infra").uri, "file:///work/a.infra");
    }

    #[test]
    fn relative_paths_climb_out_of_the_folder() {
        assert_eq!(relative("/a/c", "/a/b/x.infra"), "../b/x.infra");
        assert_eq!(relative("/a", "/a/b/x.infra"), "b/x.infra");
        assert_eq!(relative("/a/./c/..", "/a/x.infra"), "x.infra");
    }

    #[test]
    fn without_a_working_directory_names_stay_relative() {
        let paths = Paths::default();
        assert_eq!(paths.artifact("examples/a.infra").uri, "examples/a.infra");
        assert_eq!(paths.artifact("examples/a.infra").base, None);
    }
}
