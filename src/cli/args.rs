//! Command-line arguments (clap derive).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// infrac — compile `.infra` designs into diagrams, findings and explanations.
#[derive(Debug, Parser)]
#[command(name = "infrac", version, about, max_term_width = 100)]
pub struct Cli {
    /// When to use colour: auto (only on a terminal, and not if NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compile designs and report every error.
    Check(CheckArgs),
    /// Rewrite designs in canonical layout.
    Fmt(FmtArgs),
    /// Print the resolved model of a design.
    Graph(GraphArgs),
    /// Draw designs as SVG or PNG diagrams, or export them as DOT, Mermaid or draw.io.
    Render(RenderArgs),
    /// Explain designs in prose: components, request path, DNS, security, monitoring, issues.
    Explain(ExplainArgs),
    /// Explain what changed between two designs: items and findings, as a story.
    Diff(DiffArgs),
    /// Simulate failures: which user journeys still work when items go down.
    Whatif(WhatifArgs),
    /// Live preview: recompile on save and show the diagram, findings and explanation.
    Watch(WatchArgs),
    /// Language server over stdio: diagnostics, go to definition, hover, completion.
    Lsp(LspArgs),
    /// List the lint rules, or print one rule's documentation.
    Rules(RulesArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page (roff): infrac(1), or a command's, infrac-check(1).
    Man(ManArgs),
    /// Read a draw.io diagram or Terraform and write the equivalent `.infra`.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
#[command(after_help = "Install, for example:\n  \
    infrac completions bash > ~/.local/share/bash-completion/completions/infrac\n  \
    infrac completions zsh > \"${fpath[1]}/_infrac\"\n  \
    infrac completions fish > ~/.config/fish/completions/infrac.fish")]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Read it with `infrac man | man -l -`, or install it:\n  \
    infrac man > /usr/local/share/man/man1/infrac.1\n  \
    infrac man check > /usr/local/share/man/man1/infrac-check.1"
)]
pub struct ManArgs {
    /// A command: print its own page (infrac-COMMAND(1)) instead of infrac(1).
    pub command: Option<String>,
}

/// The format of an input, when its content should not decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum From {
    Infra,
    Drawio,
    Terraform,
    TerraformJson,
}

impl std::convert::From<From> for crate::Format {
    fn from(from: From) -> Self {
        match from {
            From::Infra => crate::Format::Infra,
            From::Drawio => crate::Format::Drawio,
            From::Terraform => crate::Format::Terraform,
            From::TerraformJson => crate::Format::TerraformJson,
        }
    }
}

/// Where designs come from: `.infra`, draw.io, Terraform.
#[derive(Debug, Args)]
pub struct FromArgs {
    /// Read inputs as this format instead of telling it from their content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<From>,
}

impl FromArgs {
    pub fn format(&self) -> Option<crate::Format> {
        self.from.map(Into::into)
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A draw.io file (.drawio, .xml, .drawio.svg, .drawio.png), a Terraform directory or
    /// .tf file, or Terraform JSON (`terraform show -json`, .tfstate); `-` reads stdin.
    pub input: PathBuf,

    /// Write the `.infra` here (atomically); a directory when the input has several pages.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub from: FromArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories (searched for *.infra; a directory of *.tf files is one
    /// Terraform design); draw.io and Terraform JSON files too; `-` reads standard input.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Write the report to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Report only the findings that are not in this baseline (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record every finding in this file as accepted for now, instead of reporting them;
    /// later runs with --baseline report only new findings.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,

    /// Exit 0 even when findings reach the deny level (designs that do not compile and
    /// usage errors still fail).
    #[arg(long)]
    pub exit_zero: bool,

    #[command(flatten)]
    pub lint: LintArgs,

    #[command(flatten)]
    pub from: FromArgs,
}

/// How findings are judged: shared by every command that lints.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Make a rule an error (repeatable); `--deny warnings` fails the run on warnings too.
    #[arg(long, value_name = "RULE")]
    pub deny: Vec<String>,

    /// Make a rule a warning (repeatable).
    #[arg(long, value_name = "RULE")]
    pub warn: Vec<String>,

    /// Switch a rule off (repeatable).
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,

    /// Judge certificate expiry as of this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,

    /// Read settings from this file instead of the infrac.toml nearest each input (found
    /// by walking up from the input's folder).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Files or directories (searched for *.infra); `-` reads standard input.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,

    /// Write here (atomically): a file for one design, a directory for several.
    /// Without it, one design's SVG, DOT or Mermaid goes to standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = RenderFormat::Svg)]
    pub format: RenderFormat,

    /// Colours of the SVG and PNG.
    #[arg(long, value_enum, default_value_t = Theme::Light)]
    pub theme: Theme,

    /// Draw the design only, without the linter's findings.
    #[arg(long)]
    pub no_findings: bool,

    /// Show a failure: grey out what these items take down (servers, components,
    /// clusters, or a tier: lb, web, app, db) and redden what users can no longer reach.
    #[arg(long, value_name = "NAME[,NAME...]", value_delimiter = ',')]
    pub fail: Vec<String>,

    /// Draw every server; by default three or more identical servers (same components,
    /// same flows with identical partners) are drawn as one stacked box, "web × 40".
    #[arg(long)]
    pub expand: bool,

    #[command(flatten)]
    pub lint: LintArgs,

    #[command(flatten)]
    pub from: FromArgs,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A rule's name: print its documentation.
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files or directories (searched for *.infra); `-` formats standard input to standard output.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,

    /// Change nothing; exit 1 if any file is not formatted.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The design to dump; `-` reads standard input.
    pub input: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Json)]
    pub format: GraphFormat,

    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub from: FromArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Sarif,
    Github,
    /// JUnit XML, for GitLab, Jenkins and other CI servers' test reports.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Json,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Files or directories (searched for *.infra); `-` reads standard input.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,

    /// Write here (atomically): a file for one design, a directory for several. Markdown
    /// written to a file gets its diagram beside it (`NAME.svg`), referenced from the text.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Markdown, or one self-contained HTML page with the diagram inline.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Md)]
    pub format: ExplainFormat,

    /// Colours of the diagram.
    #[arg(long, value_enum, default_value_t = Theme::Light)]
    pub theme: Theme,

    /// The inputs are the steps of one exercise, in order: each write-up also says what
    /// was added since the one before and why. Needs `-o DIR`.
    #[arg(long)]
    pub series: bool,

    /// With `--series`: write the exercise's answer files (`0-simple_web_stack`, …, named
    /// from each design's file name or title), each with its diagram as PNG beside it.
    #[arg(long, requires = "series")]
    pub handin: bool,

    #[command(flatten)]
    pub lint: LintArgs,

    #[command(flatten)]
    pub from: FromArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The design before.
    pub old: PathBuf,
    /// The design after.
    pub new: PathBuf,

    /// Markdown prose, or JSON for tools.
    #[arg(long, value_enum, default_value_t = DiffFormat::Md)]
    pub format: DiffFormat,

    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub lint: LintArgs,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("scenario").required(true).args(["fail", "fail_each"])))]
pub struct WhatifArgs {
    /// The design; `-` reads standard input.
    pub input: PathBuf,

    /// Take these down together: servers, components, clusters, or a whole tier
    /// (`lb`, `web`, `app`, `db`). Comma-separated or repeated.
    #[arg(long, value_name = "NAME[,NAME...]", value_delimiter = ',')]
    pub fail: Vec<String>,

    /// Fail every server, cluster and component alone; a table of blast radius, worst first.
    #[arg(long)]
    pub fail_each: bool,

    /// With `--fail-each`: also the pairs of servers that break a journey together but
    /// neither alone. Costs one pass per server over the stretch of traffic it shares
    /// with its alternatives — quadratic in the largest redundant tier, seconds at a few
    /// thousand servers.
    #[arg(long, requires = "fail_each")]
    pub pairs: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Md)]
    pub format: DiffFormat,

    #[command(flatten)]
    pub lint: LintArgs,

    #[command(flatten)]
    pub from: FromArgs,
}

#[derive(Debug, Args)]
pub struct LspArgs {
    #[command(flatten)]
    pub lint: LintArgs,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The design to watch.
    pub input: PathBuf,

    /// Port on 127.0.0.1 (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,

    #[command(flatten)]
    pub lint: LintArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Md,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    Svg,
    Png,
    Dot,
    Mermaid,
    /// An editable draw.io file of infrac's layout (reads back with `infrac import`).
    Drawio,
}

impl RenderFormat {
    pub fn extension(self) -> &'static str {
        match self {
            RenderFormat::Svg => "svg",
            RenderFormat::Png => "png",
            RenderFormat::Dot => "dot",
            RenderFormat::Mermaid => "mmd",
            RenderFormat::Drawio => "drawio",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Theme {
    Light,
    Dark,
}

impl std::convert::From<Theme> for crate::render::ThemeName {
    fn from(theme: Theme) -> Self {
        match theme {
            Theme::Light => crate::render::ThemeName::Light,
            Theme::Dark => crate::render::ThemeName::Dark,
        }
    }
}
