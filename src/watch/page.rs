//! The preview page: the report's look, and a script that long-polls for new versions
//! and swaps the content in place (no reload, scroll position kept) — or says that a
//! save changed nothing on the page.

use super::Snapshot;
use crate::explain::html::page;

const SCRIPT: &str = r#"<script>
let version = Number(document.body.dataset.version);
let build = Number(document.body.dataset.build);
async function poll() {
  try {
    const response = await fetch("/state?since=" + version + "&build=" + build, { cache: "no-store" });
    if (!response.ok) throw new Error(String(response.status));
    const state = await response.json();
    const status = document.getElementById("infrac-status");
    if (state.version !== version) {
      version = state.version;
      document.getElementById("content").innerHTML = state.html;
      document.title = state.title;
      document.body.dataset.version = String(version);
      status.textContent = "";
    } else if (state.unchanged) {
      status.textContent = "Saved — nothing on this page changed.";
    }
    build = state.build;
    document.body.dataset.build = String(build);
  } catch (e) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  poll();
}
poll();
</script>
"#;

const STYLE: &str = "<style>pre.errors{background:#fff5f5;border:1px solid #d32f2f;padding:1rem;overflow-x:auto}#infrac-status{color:#555;font-size:.9rem;min-height:1.2em}</style>\n";

pub fn shell(snapshot: &Snapshot) -> String {
    // The script runs after the content it updates.
    let content = format!(
        "<p id=\"infrac-status\" role=\"status\"></p>\n<div id=\"content\">{}</div>\n{SCRIPT}",
        snapshot.page.html
    );
    page(&snapshot.page.title, &content, STYLE).replacen(
        "<body>",
        &format!(
            "<body data-version=\"{}\" data-build=\"{}\">",
            snapshot.version, snapshot.builds
        ),
        1,
    )
}
