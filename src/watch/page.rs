//! The preview page: the report's look, and a script that long-polls for new versions
//! and swaps the content in place (no reload, scroll position kept).

use super::Snapshot;
use crate::explain::html::page;

const SCRIPT: &str = r#"<script>
let version = Number(document.body.dataset.version);
async function poll() {
  try {
    const response = await fetch("/state?since=" + version, { cache: "no-store" });
    if (!response.ok) throw new Error(String(response.status));
    const state = await response.json();
    if (state.version !== version) {
      version = state.version;
      document.getElementById("content").innerHTML = state.html;
      document.title = state.title;
      document.body.dataset.version = String(version);
    }
  } catch (e) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  poll();
}
poll();
</script>
"#;

const STYLE: &str = "<style>pre.errors{background:#fff5f5;border:1px solid #d32f2f;padding:1rem;overflow-x:auto}</style>\n";

pub fn shell(snapshot: &Snapshot) -> String {
    // The script runs after the content it updates.
    let content = format!("<div id=\"content\">{}</div>\n{SCRIPT}", snapshot.page.html);
    page(&snapshot.page.title, &content, STYLE).replacen(
        "<body>",
        &format!("<body data-version=\"{}\">", snapshot.version),
        1,
    )
}
