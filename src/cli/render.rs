//! `infrac render`: draw each design, or export it as DOT or Mermaid.

use super::args::{RenderArgs, RenderFormat};
use super::check::{config, read_and_check};
use super::exit::Exit;
use super::input::{self, Unit};
use super::output::{Outputs, emit, usage};
use crate::diagnostics::Style;
use crate::render;
use std::io::IsTerminal;

pub fn run(args: &RenderArgs, style: Style) -> Exit {
    let config = match config(&args.lint) {
        Ok(config) => config,
        Err(e) => return usage(&e),
    };
    let inputs = match input::collect_designs(&args.inputs, true) {
        Ok(inputs) => inputs,
        Err(e) => return usage(&e.to_string()),
    };
    let units = input::units(&inputs, args.from.format());
    let outputs = match Outputs::new(args.output.as_deref(), units.len(), "diagrams") {
        Ok(outputs) => outputs,
        Err(e) => return usage(&e),
    };
    if outputs.to_stdout() && args.format == RenderFormat::Png && std::io::stdout().is_terminal() {
        return usage("a PNG is not for the terminal; give `-o FILE.png` or redirect the output");
    }
    units
        .into_iter()
        .map(|unit| render_one(args, &config, unit, &outputs, style))
        .max()
        .unwrap_or(Exit::Ok)
}

fn render_one(
    args: &RenderArgs,
    config: &crate::lint::Config,
    unit: Unit,
    outputs: &Outputs,
    style: Style,
) -> Exit {
    let name = unit.stem();
    let checked = match read_and_check(unit, config, style) {
        Ok(checked) => checked,
        Err(exit) => return exit,
    };
    let failure = match failure(args, &checked) {
        Ok(failure) => failure,
        Err(e) => return usage(&e),
    };
    let diagram = checked.diagram(
        &name,
        render::Options {
            // A draw.io file is edited box by box: every server its own.
            expand: args.expand || args.format == RenderFormat::Drawio,
            failure: failure.as_ref(),
            hide_findings: args.no_findings,
        },
    );
    let theme = args.theme.into();
    let bytes = match args.format {
        RenderFormat::Svg => render::svg(&diagram, theme).into_bytes(),
        RenderFormat::Dot => render::export::dot::dot(&diagram.scene).into_bytes(),
        RenderFormat::Mermaid => render::export::mermaid::mermaid(&diagram.scene).into_bytes(),
        RenderFormat::Drawio => {
            render::export::drawio::drawio(&checked.design, &diagram).into_bytes()
        }
        #[cfg(feature = "png")]
        RenderFormat::Png => match render::png::raster(&render::svg(&diagram, theme)) {
            Ok(png) => {
                if png.reduced() {
                    super::stdio::err(&format!(
                        "note: {}: the diagram is too large for a PNG at full size; drawn at {:.0} % ({} × {} px, the limit is {} px a side and {} megapixels) — the SVG has every detail\n",
                        name,
                        png.scale / render::png::SCALE * 100.0,
                        png.width,
                        png.height,
                        render::png::MAX_SIDE,
                        render::png::MAX_PIXELS / 1_000_000,
                    ));
                }
                png.bytes
            }
            Err(e) => return usage(&format!("{name}: {e}")),
        },
        #[cfg(not(feature = "png"))]
        RenderFormat::Png => return usage(super::output::NO_PNG),
    };
    let size = checked.sources.len();
    crate::drop_in_background((checked, diagram), size);
    emit(
        outputs.target(&name, args.format.extension()).as_deref(),
        &bytes,
    )
}

/// The failure `--fail` asks to show, simulated on this design and worded as the watch
/// preview words it (`preview::failure_shown` owns that).
fn failure(args: &RenderArgs, checked: &crate::Checked) -> Result<Option<render::Failure>, String> {
    if args.fail.is_empty() {
        return Ok(None);
    }
    let names: Vec<&str> = args.fail.iter().map(String::as_str).collect();
    let simulation = checked.simulate(&names)?;
    Ok(Some(crate::preview::failure_shown(&simulation)))
}
