//! ## What it does
//! Finds object stores open to the world: `public = true`, or reached by the internet
//! directly rather than through the design's CDN or application.
//!
//! ## Why it matters
//! Public buckets are one of the most common causes of data leaks: whatever lands in
//! them — backups, exports, uploads — can be listed or fetched by anyone who guesses the
//! name. Serving files through a CDN with origin access control keeps the bucket private
//! and still fast.
//!
//! ## Example
//! ```infra
//! object_store assets { managed = true, provider = aws, public = true }
//! ```
//!
//! ## Fix
//! Keep the bucket private (`public = false`) and serve it through the CDN
//! (`cdn -> assets : https`) or signed URLs from the application.

use crate::lint::{Context, Finding, Precision, Rule, Security, Severity};
use crate::model::Kind;

/// The rule's stable name.
pub const NAME: &str = "public-object-store";

pub struct PublicObjectStore;

impl Rule for PublicObjectStore {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn security(&self) -> Option<Security> {
        Some(Security {
            severity: 7.5,
            cwe: 732,
            precision: Precision::High,
        })
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        let from_internet: Vec<_> = cx.analysis.traffic.outgoing(design.internet).into_iter().map(|(to, _)| to).collect();
        design
            .nodes_of(Kind::ObjectStore)
            .filter_map(|(id, node)| {
                let declared = node.attrs.attr("public").filter(|a| a.value == crate::model::value::AttrValue::Bool(true));
                let reached = from_internet.contains(&id);
                let how = match (declared, reached) {
                    (Some(_), _) => "is public: anyone on the internet may read it",
                    (None, true) => "is read by the internet directly",
                    (None, false) => return None,
                };
                let mut finding = cx
                    .finding(self, id, format!("object store {} {how}", cx.name(id)))
                    .help("keep it private and serve it through the CDN or signed URLs");
                if let Some(attr) = declared {
                    finding = finding.at(attr.span);
                }
                Some(finding)
            })
            .collect()
    }
}
