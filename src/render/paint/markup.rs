//! SVG elements written out as they are built.
//!
//! Why not the `svg` crate any more: it keeps the whole document as a tree of boxed
//! nodes, each with a hash map of owned attribute names, and escapes every value through
//! three chained `str::replace` copies; painting a 100-server diagram spent two thirds of
//! `infrac render`'s instructions there (callgrind), and the tree of a 1000-server one
//! held many times the size of the finished text. Here an element keeps its attributes
//! (a few, with `&'static` names) until it is added to its parent, and is then written
//! into the parent's text at once and dropped: what stays in memory is markup.
//!
//! The text is the one the `svg` crate wrote (attributes sorted by name, one child per
//! line, text content bare inside `<title>` and on its own line inside `<text>`), so
//! every snapshot and every tool reading the diagrams see the same bytes.

use super::number;
use std::fmt::Write;

/// Attribute names in byte order, as `str`'s own order, compared inline: names are a
/// few bytes long, and `str::cmp` called `memcmp` for each pair.
fn name_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes().cmp(b.bytes())
}

/// Whether two attribute names are one, compared inline (see [`name_order`]).
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().eq(b.bytes())
}

/// An attribute: its name, where its value lies in the element's `values`, and whether
/// the value is plain (needs no escaping).
#[derive(Debug, Clone, Copy)]
struct Attribute {
    name: &'static str,
    start: usize,
    end: usize,
    plain: bool,
}

/// An element being built: its attributes, and its children already written out.
///
/// The attribute values are written one after another into `values`, each named with
/// its range there: two allocations per element, not one per attribute.
#[derive(Debug, Clone)]
pub struct Element {
    name: &'static str,
    attributes: Vec<Attribute>,
    values: String,
    body: String,
    has_children: bool,
    /// The last child was text written without a line break (closes without one too).
    ends_bare: bool,
}

impl Element {
    fn named(name: &'static str) -> Element {
        Element {
            name,
            attributes: Vec::new(),
            values: String::new(),
            body: String::new(),
            has_children: false,
            ends_bare: false,
        }
    }

    /// With `name` set to `value` (replacing an earlier value of `name`).
    pub fn set<V: Value>(mut self, name: &'static str, value: V) -> Element {
        if self.values.is_empty() {
            // Room for a typical shape's attributes: growing from nothing took three
            // reallocations per element, a tenth of a small render's instructions.
            self.values.reserve(64);
            self.attributes.reserve(6);
        }
        let start = self.values.len();
        value.write(&mut self.values);
        let end = self.values.len();
        let attribute = Attribute {
            name,
            start,
            end,
            plain: V::PLAIN,
        };
        match self.attributes.iter_mut().find(|a| same_name(a.name, name)) {
            Some(slot) => *slot = attribute,
            None => self.attributes.push(attribute),
        }
        self
    }

    /// With `child` written after the children so far.
    pub fn add(mut self, child: Element) -> Element {
        if !self.has_children {
            self.body.reserve(256);
        }
        self.has_children = true;
        self.ends_bare = false;
        self.body.push('\n');
        child.write_to(&mut self.body);
        self
    }

    /// With a text child. Inside `<svg>` and `<text>` it stands on its own line, as the
    /// `svg` crate wrote it; elsewhere (`<title>`) it is bare.
    fn add_text(mut self, content: &str) -> Element {
        self.has_children = true;
        self.ends_bare = !matches!(self.name, "svg" | "text");
        if !self.ends_bare {
            self.body.push('\n');
        }
        escape_text(content, &mut self.body);
        self
    }

    /// With the children of `fragment` after the children so far.
    pub fn add_fragment(mut self, fragment: &Fragment) -> Element {
        if !fragment.0.is_empty() {
            self.has_children = true;
            self.ends_bare = false;
            self.body.push_str(&fragment.0);
        }
        self
    }

    fn write_to(mut self, out: &mut String) {
        out.reserve(self.body.len() + self.values.len() + 12 * self.attributes.len() + 8);
        self.write_start(out);
        if !self.has_children {
            out.push_str("/>");
            return;
        }
        out.push('>');
        out.push_str(&self.body);
        if !self.ends_bare {
            out.push('\n');
        }
        end_tag(self.name, out);
    }

    /// `<name attributes`, the attributes sorted by name.
    fn write_start(&mut self, out: &mut String) {
        out.push('<');
        out.push_str(self.name);
        self.attributes
            .sort_unstable_by(|a, b| name_order(a.name, b.name));
        for a in &self.attributes {
            out.push(' ');
            out.push_str(a.name);
            out.push_str("=\"");
            let value = &self.values[a.start..a.end];
            if a.plain {
                out.push_str(value);
            } else {
                escape_attribute(value, out);
            }
            out.push('"');
        }
    }

    /// This element, to be written straight into `out`: see [`Open`]. Every attribute
    /// must be set by now.
    pub fn open(self, out: &mut String) -> Open<'_> {
        Open {
            out,
            name: self.name,
            waiting: Some(self),
        }
    }

    /// The element as markup.
    pub fn finish(self) -> String {
        let mut out = String::with_capacity(self.body.len() + 256);
        self.write_to(&mut out);
        out
    }
}

/// Children written out once, to be added to many elements — an icon's shapes, the same
/// in every box that shows the icon. Made only from elements, so it is markup this
/// module wrote.
#[derive(Debug, Clone)]
pub struct Fragment(String);

impl Fragment {
    /// The children of `element` (its own name and attributes are dropped).
    pub fn children_of(element: Element) -> Fragment {
        Fragment(element.body)
    }
}

/// An element written straight into the document as its children come, not kept and
/// copied into its parent: for the document and its outer groups, whose attributes are
/// known before their first child. Each byte of a diagram was copied once per level of
/// nesting, and those copies were a tenth of the peak memory of a 1000-server render;
/// now only the element being added waits in memory. A child opened from it borrows
/// it, so elements close in the order they were opened.
///
/// The text is the same as the element's own: the start tag is written at the first
/// child, and an element closed without children is written whole (`<g/>`).
pub struct Open<'a> {
    out: &'a mut String,
    name: &'static str,
    /// The element until its start tag is written.
    waiting: Option<Element>,
}

impl Open<'_> {
    /// Writes `child` after the children so far.
    pub fn add(&mut self, child: Element) {
        self.start();
        self.out.push('\n');
        child.write_to(self.out);
    }

    /// Starts `child` after the children so far; its own children follow through it.
    pub fn open(&mut self, child: Element) -> Open<'_> {
        self.start();
        self.out.push('\n');
        child.open(self.out)
    }

    /// Writes the end tag (or the whole element, if it has had no child here). Dropping
    /// does the same, so an early return cannot leave an element unclosed; this says it.
    pub fn close(self) {}

    fn start(&mut self) {
        if let Some(mut element) = self.waiting.take() {
            element.write_start(self.out);
            self.out.push('>');
            self.out.push_str(&element.body);
        }
    }
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        match self.waiting.take() {
            Some(element) => element.write_to(self.out),
            None => {
                self.out.push('\n');
                end_tag(self.name, self.out);
            }
        }
    }
}

fn end_tag(name: &str, out: &mut String) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn escape_text(text: &str, out: &mut String) {
    escape(text, out, false);
}

fn escape_attribute(text: &str, out: &mut String) {
    escape(text, out, true);
}

/// `text` with `&`, `<`, `>` (and with `quotes`, `"` and `'`) as entities. Most labels
/// need none: one pass over the bytes, which the compiler vectorises, says so before any
/// byte is looked at one by one.
fn escape(text: &str, out: &mut String, quotes: bool) {
    let special = |b: u8| matches!(b, b'&' | b'<' | b'>') || (quotes && matches!(b, b'"' | b'\''));
    let bytes = text.as_bytes();
    if !bytes.iter().fold(false, |any, &b| any | special(b)) {
        out.push_str(text);
        return;
    }
    let mut start = 0;
    for (at, &b) in bytes.iter().enumerate() {
        if !special(b) {
            continue;
        }
        // Every special byte is ASCII, so `start` and `at` are character boundaries.
        out.push_str(&text[start..at]);
        out.push_str(match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&apos;",
        });
        start = at + 1;
    }
    out.push_str(&text[start..]);
}

/// What an attribute can be set to, written as the `svg` crate wrote it (numbers by
/// `Display`, tuples joined by spaces).
pub trait Value {
    /// Whether what `write` writes is only digits, signs, letters and punctuation that
    /// markup never escapes (numbers, path data): such values skip the escaping scan,
    /// which was a twentieth of a 100-server render.
    const PLAIN: bool = false;
    fn write(self, out: &mut String);
}

impl Value for &str {
    fn write(self, out: &mut String) {
        out.push_str(self);
    }
}

impl Value for &String {
    fn write(self, out: &mut String) {
        out.push_str(self);
    }
}

impl Value for String {
    fn write(self, out: &mut String) {
        out.push_str(&self);
    }
}

macro_rules! display_value {
    ($($t:ty),*) => {$(
        impl Value for $t {
            const PLAIN: bool = true;
            fn write(self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
display_value!(i32, u32, usize, bool);

impl Value for f64 {
    const PLAIN: bool = true;
    fn write(self, out: &mut String) {
        number::write_f64(out, self);
    }
}

impl Value for f32 {
    const PLAIN: bool = true;
    fn write(self, out: &mut String) {
        number::write_f32(out, self);
    }
}

impl<A: Value, B: Value, C: Value, D: Value> Value for (A, B, C, D) {
    const PLAIN: bool = A::PLAIN && B::PLAIN && C::PLAIN && D::PLAIN;
    fn write(self, out: &mut String) {
        self.0.write(out);
        out.push(' ');
        self.1.write(out);
        out.push(' ');
        self.2.write(out);
        out.push(' ');
        self.3.write(out);
    }
}

/// A polygon's or polyline's `points`: `x,y x,y ...`.
impl<const N: usize> Value for [(f64, f64); N] {
    const PLAIN: bool = true;
    fn write(self, out: &mut String) {
        for (i, (x, y)) in self.into_iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            number::write_f64(out, x);
            out.push(',');
            number::write_f64(out, y);
        }
    }
}

/// A `transform` that moves by (x, y), then scales by `scale` unless it is 1.
pub struct Translate {
    pub x: f64,
    pub y: f64,
    pub scale: f64,
}

impl Value for Translate {
    const PLAIN: bool = true;
    fn write(self, out: &mut String) {
        out.push_str("translate(");
        number::write_f64(out, self.x);
        out.push(',');
        number::write_f64(out, self.y);
        out.push(')');
        if (self.scale - 1.0).abs() >= 1e-9 {
            out.push_str(" scale(");
            number::write_f64(out, self.scale);
            out.push(')');
        }
    }
}

/// A path's `d`: absolute moves and lines, `M x,y L x,y ...`.
#[derive(Debug, Clone, Default)]
pub struct Data(String);

impl Data {
    pub fn new() -> Data {
        Data::default()
    }

    pub fn move_to(self, at: (f32, f32)) -> Data {
        self.command('M', at)
    }

    pub fn line_to(self, at: (f32, f32)) -> Data {
        self.command('L', at)
    }

    fn command(mut self, letter: char, (x, y): (f32, f32)) -> Data {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
        self.0.push(letter);
        number::write_f32(&mut self.0, x);
        self.0.push(',');
        number::write_f32(&mut self.0, y);
        self
    }
}

impl Value for Data {
    const PLAIN: bool = true;
    fn write(self, out: &mut String) {
        out.push_str(&self.0);
    }
}

macro_rules! elements {
    ($($(#[$doc:meta])* $tag:ident = $name:literal;)*) => {$(
        $(#[$doc])*
        pub struct $tag;
        impl $tag {
            #[allow(clippy::new_ret_no_self)]
            pub fn new() -> Element {
                Element::named($name)
            }
        }
    )*};
}

elements! {
    /// `<g>`
    Group = "g";
    Path = "path";
    Rectangle = "rect";
    Polygon = "polygon";
    Polyline = "polyline";
    Circle = "circle";
    Ellipse = "ellipse";
    Line = "line";
}

/// `<text>` holding `content`.
pub struct Text;
impl Text {
    #[allow(clippy::new_ret_no_self)]
    pub fn new(content: &str) -> Element {
        Element::named("text").add_text(content)
    }
}

/// `<title>` holding `content` (a tooltip, and the name screen readers say).
pub struct Title;
impl Title {
    #[allow(clippy::new_ret_no_self)]
    pub fn new(content: &str) -> Element {
        Element::named("title").add_text(content)
    }
}

/// The `<svg>` root.
pub struct Document;
impl Document {
    #[allow(clippy::new_ret_no_self)]
    pub fn new() -> Element {
        Element::named("svg").set("xmlns", "http://www.w3.org/2000/svg")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn names_compare_as_str_does(a in "[a-z-]{0,12}", b in "[a-z-]{0,12}") {
            prop_assert_eq!(name_order(&a, &b), a.cmp(&b));
            prop_assert_eq!(same_name(&a, &b), a == b);
            prop_assert!(same_name(&a, &a.clone()));
        }
    }

    #[test]
    fn writes_what_the_svg_crate_wrote() {
        let doc = Document::new()
            .set("width", 10.5)
            .add(Title::new("a < b"))
            .add(
                Group::new()
                    .add(Text::new("x & y").set("x", 1).set("fill", "#fff"))
                    .set("class", "g\"'"),
            )
            .add(Path::new().set("d", Data::new().move_to((1.0, 2.5)).line_to((3.0, 4.0))))
            .add(Group::new())
            .set("viewBox", (0, 0, 2.5, 3));
        assert_eq!(
            doc.finish(),
            "<svg viewBox=\"0 0 2.5 3\" width=\"10.5\" xmlns=\"http://www.w3.org/2000/svg\">\n\
             <title>a &lt; b</title>\n\
             <g class=\"g&quot;&apos;\">\n\
             <text fill=\"#fff\" x=\"1\">\nx &amp; y\n</text>\n\
             </g>\n\
             <path d=\"M1,2.5 L3,4\"/>\n\
             <g/>\n\
             </svg>"
        );
    }

    /// A tree of elements, built whole when `stream` is false and written through
    /// `Open` otherwise; `shape` says how many children each level gets.
    fn tree(shape: &[usize], stream: bool) -> String {
        fn leaf(i: usize) -> Element {
            match i % 3 {
                0 => Path::new().set("d", "M0,0").set("data-i", i),
                1 => Text::new("a & b").set("x", i),
                _ => Group::new().set("class", "empty"),
            }
        }
        fn whole(shape: &[usize], at: usize) -> Element {
            let mut g = Group::new().add(Title::new("t")).set("class", "level");
            for i in 0..shape.first().copied().unwrap_or(0) {
                g = g.add(if shape.len() > 1 {
                    whole(&shape[1..], at + i)
                } else {
                    leaf(at + i)
                });
            }
            g
        }
        fn written(shape: &[usize], at: usize, parent: &mut Open) {
            let mut g = parent.open(Group::new().add(Title::new("t")).set("class", "level"));
            for i in 0..shape.first().copied().unwrap_or(0) {
                if shape.len() > 1 {
                    written(&shape[1..], at + i, &mut g);
                } else {
                    g.add(leaf(at + i));
                }
            }
            g.close();
        }
        if !stream {
            return Document::new().add(whole(shape, 0)).finish();
        }
        let mut out = String::new();
        let mut doc = Document::new().open(&mut out);
        written(shape, 0, &mut doc);
        doc.close();
        out
    }

    #[test]
    fn an_opened_element_writes_what_the_built_one_writes() {
        for shape in [
            &[][..],
            &[0],
            &[1],
            &[3],
            &[2, 0],
            &[2, 3],
            &[1, 2, 3],
            &[3, 0, 2],
        ] {
            assert_eq!(tree(shape, true), tree(shape, false), "shape {shape:?}");
        }
        // Opened and closed with nothing added, an element is written whole.
        let mut out = String::new();
        Group::new().set("class", "x").open(&mut out).close();
        assert_eq!(out, "<g class=\"x\"/>");
    }

    #[test]
    fn plain_values_never_need_escaping() {
        fn written<V: Value>(value: V) -> String {
            assert!(V::PLAIN);
            let mut out = String::new();
            value.write(&mut out);
            out
        }
        let texts = [
            written(-0.0f64),
            written(f64::NAN),
            written(-1e300f64),
            written(f32::NEG_INFINITY),
            written(-7i32),
            written(u32::MAX),
            written(true),
            written((1, -2.5, 3usize, f64::INFINITY)),
            written([(1.5, -2.0), (3.0, 4.25)]),
            written(Translate {
                x: -1.5,
                y: 2.0,
                scale: 0.75,
            }),
            written(Data::new().move_to((-1.0, 2.5)).line_to((1e30, f32::NAN))),
        ];
        for text in texts {
            let mut escaped = String::new();
            escape_attribute(&text, &mut escaped);
            assert_eq!(escaped, text);
        }
    }
}
