//! A copy of the source with its long lines cut, for reports with a label near one.
//!
//! The copy holds only the runs of lines an excerpt can show: each label's lines and
//! [`CONTEXT_LINES`] around them, runs closer than [`MERGE_WITHIN`] lines joined. Each
//! run is a file of its own in the copy, which remembers the uncut line it starts with,
//! so excerpts keep their line numbers. A finding labelled both on a cluster member and
//! on the cluster's long backend list, thousands of lines apart, so costs its labels'
//! lines, not the lines between them: copying everything from the first label to the
//! last made human `check` on a wide cluster grow with findings × file size.

use super::{CONTEXT_LINES, File, LONG_LINE, MERGE_WITHIN, Snippets};
use miette::LabeledSpan;
use std::sync::Arc;

/// Bytes kept on each side of a label's ends on a cut line.
const KEEP: usize = 60;

const ELLIPSIS: &str = "…";

/// A piece of a line kept in a cut copy: (offset in the source, offset in the cut
/// copy, length).
type Piece = (usize, usize, usize);

/// Where the pieces of a cut copy came from.
#[derive(Debug)]
pub(super) struct Origin {
    /// (offset in the source file, offset in the cut run, length) of every piece kept.
    pieces: Vec<Piece>,
    source: File,
}

impl Origin {
    /// The byte column that `offset` in the cut copy had in the source.
    pub(super) fn column(&self, offset: usize) -> Option<usize> {
        let (from, to, _) = self
            .pieces
            .iter()
            .find(|(_, to, len)| (*to..=to + len).contains(&offset))?;
        let original = from + (offset - to);
        Some(original - self.source.line_start(original))
    }
}

/// One run of lines kept from a file.
struct Run {
    /// The offset in the source file of the run's first line.
    start: usize,
    file: File,
    /// The pieces kept, as in [`Origin`].
    pieces: Vec<Piece>,
}

/// A file of the copy: where it starts in the source's offsets and in the copy's.
struct Placed {
    from: usize,
    base: usize,
    file: File,
    /// The pieces kept, with their source offsets in the source's offset space; empty
    /// for a file copied whole.
    pieces: Vec<Piece>,
}

impl Placed {
    /// Where `p` (an offset in the source, at or past `self.from`) is in the copy.
    fn moved(&self, p: usize) -> usize {
        if self.pieces.is_empty() {
            return self.base + p.saturating_sub(self.from);
        }
        let at = self
            .pieces
            .iter()
            .find(|(from, _, len)| (*from..=from + len).contains(&p))
            .map_or(self.file.text.len(), |(from, to, _)| to + (p - from));
        self.base + at
    }
}

/// A copy of `source` in which every file with a label on or next to a line longer than
/// [`LONG_LINE`] is reduced to the runs of lines around its labels, with such lines cut
/// to their start and the parts around the labels' ends, and the labels moved into it;
/// `None` when no label is near such a line (then the source is drawn as it is).
pub(super) fn cut_long_lines(
    source: &Snippets,
    labels: &[LabeledSpan],
) -> Option<(Snippets, Vec<LabeledSpan>)> {
    let mut placed = Vec::with_capacity(source.files.len());
    let mut any_cut = false;
    let mut next_base = 0;
    let mut place = |placed: &mut Vec<Placed>, from, file: File, pieces| {
        let len = file.text.len();
        placed.push(Placed {
            from,
            base: next_base,
            file,
            pieces,
        });
        // One spare byte between files, as the source map leaves.
        next_base += len + 1;
    };
    for (base, file) in &source.files {
        let spans = spans_in(labels, *base, file.text.len());
        let Some(runs) = cut_file(file, &spans) else {
            place(&mut placed, *base, file.clone(), Vec::new());
            continue;
        };
        any_cut = true;
        for run in runs {
            let pieces = run
                .pieces
                .iter()
                .map(|&(from, to, len)| (base + from, to, len))
                .collect();
            place(&mut placed, base + run.start, run.file, pieces);
        }
    }
    if !any_cut {
        return None;
    }
    let moved = |p: usize| {
        let i = placed.partition_point(|f| f.from <= p).saturating_sub(1);
        placed.get(i).map_or(p, |f| f.moved(p))
    };
    let labels = labels
        .iter()
        .map(|l| {
            let (start, end) = (moved(l.offset()), moved(l.offset() + l.len()));
            let span = (start, end.saturating_sub(start));
            let label = l.label().map(str::to_string);
            if l.primary() {
                LabeledSpan::new_primary_with_span(label, span)
            } else {
                LabeledSpan::new_with_span(label, span)
            }
        })
        .collect();
    let snippets = Snippets {
        files: placed.into_iter().map(|f| (f.base, f.file)).collect(),
    };
    Some((snippets, labels))
}

/// The labels' spans in the file of `len` bytes at `base`, as offsets in the file: a
/// label starting in it up to its end (clamped to the file), a label only ending in it
/// as its end.
fn spans_in(labels: &[LabeledSpan], base: usize, len: usize) -> Vec<(usize, usize)> {
    let inside = |p: usize| (base..=base + len).contains(&p);
    labels
        .iter()
        .filter_map(|l| {
            let (start, end) = (l.offset(), l.offset() + l.len());
            match (inside(start), inside(end)) {
                (true, _) => Some((start - base, end.min(base + len) - base)),
                (false, true) => Some((end - base, end - base)),
                _ => None,
            }
        })
        .collect()
}

/// The runs of `file` around the label spans `spans` (offsets in the file), their long
/// lines cut; `None` when no label end is on or next to a long line.
fn cut_file(file: &File, spans: &[(usize, usize)]) -> Option<Vec<Run>> {
    let ends: Vec<usize> = spans.iter().flat_map(|&(s, e)| [s, e]).collect();
    let near_long_line = |p: usize| {
        let line = file.line_of(p);
        (line.saturating_sub(CONTEXT_LINES)..=line + CONTEXT_LINES)
            .any(|i| file.line_length(i) > LONG_LINE)
    };
    if !ends.iter().any(|&p| near_long_line(p)) {
        return None;
    }
    let last_line = file.starts.len() - 1;
    let mut lines: Vec<(usize, usize)> = spans
        .iter()
        .map(|&(s, e)| {
            let first = file.line_of(s).saturating_sub(CONTEXT_LINES);
            (first, (file.line_of(e) + CONTEXT_LINES).min(last_line))
        })
        .collect();
    lines.sort_unstable();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (first, last) in lines {
        match runs.last_mut() {
            Some(run) if first <= run.1 + 1 + MERGE_WITHIN => run.1 = run.1.max(last),
            _ => runs.push((first, last)),
        }
    }
    Some(
        runs.into_iter()
            .map(|(first, last)| cut_run(file, first, last, &ends))
            .collect(),
    )
}

/// Lines `first..=last` of `file`, the ones longer than [`LONG_LINE`] cut to their start
/// and the parts around the label ends `ends` on them.
fn cut_run(file: &File, first: usize, last: usize, ends: &[usize]) -> Run {
    let text = &*file.text;
    let mut cut = String::new();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut keep = |cut: &mut String, from: usize, to: usize| {
        pieces.push((from, cut.len(), to - from));
        cut.push_str(&text[from..to]);
    };
    for i in first..=last {
        let start = file.starts[i];
        let next = file.starts.get(i + 1).copied().unwrap_or(text.len());
        let content_end = start + text[start..next].trim_end_matches(['\r', '\n']).len();
        if content_end - start <= LONG_LINE {
            keep(&mut cut, start, next);
            continue;
        }
        let mut ranges: Vec<(usize, usize)> = vec![(start, start + KEEP)];
        ranges.extend(
            ends.iter()
                .filter(|&&p| (start..=content_end).contains(&p))
                .map(|&p| (p.saturating_sub(KEEP).max(start), p + KEEP)),
        );
        let ranges = merged(text, ranges, content_end);
        let mut at = start;
        for (from, to) in ranges {
            if from > at {
                cut.push_str(ELLIPSIS);
            }
            keep(&mut cut, from, to);
            at = to;
        }
        if at < content_end {
            cut.push_str(ELLIPSIS);
        }
        keep(&mut cut, content_end, next);
    }
    let mut copy = File::new(file.name.clone(), cut.into());
    copy.first_line = first;
    copy.origin = Some(Arc::new(Origin {
        pieces: pieces.clone(),
        source: file.clone(),
    }));
    Run {
        start: file.starts[first],
        file: copy,
        pieces,
    }
}

/// Sorted, merged ranges, clipped to `end` and widened to character boundaries.
fn merged(text: &str, mut ranges: Vec<(usize, usize)>, end: usize) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (from, to) in ranges {
        let from = floor_boundary(text, from);
        let to = ceil_boundary(text, to.min(end));
        match out.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => out.push((from, to)),
        }
    }
    out
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}
