//! `.drawio.png`: a PNG picture of the diagram that carries the diagram itself in a text
//! chunk (`tEXt`/`zTXt`/`iTXt` with the keyword `mxfile`, URL-encoded XML; older files
//! used `mxGraphModel`).

use std::io::Cursor;

pub const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Decompressed text chunks and pixels are bounded: a hostile PNG cannot make us
/// allocate more than this.
const LIMIT: usize = 64 << 20;

/// The diagram XML embedded in a PNG, or why there is none.
pub fn diagram(bytes: &[u8]) -> Result<String, String> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_limits(png::Limits { bytes: LIMIT });
    let mut reader = decoder
        .read_info()
        .map_err(|e| format!("not a readable PNG: {e}"))?;
    if let Some(text) = embedded(reader.info()) {
        return Ok(text);
    }
    // Text chunks after the image data are only seen once the image has been read.
    let size = reader.output_buffer_size().unwrap_or(0);
    if size > 0 && size <= LIMIT {
        let mut buf = vec![0; size];
        if reader.next_frame(&mut buf).is_ok()
            && reader.finish().is_ok()
            && let Some(text) = embedded(reader.info())
        {
            return Ok(text);
        }
    }
    Err(
        "a PNG without an embedded draw.io diagram (export it from draw.io with \
         \"Include a copy of my diagram\")"
            .to_string(),
    )
}

fn embedded(info: &png::Info) -> Option<String> {
    let wanted = |keyword: &str| keyword == "mxfile" || keyword == "mxGraphModel";
    let texts = info
        .uncompressed_latin1_text
        .iter()
        .filter(|c| wanted(&c.keyword))
        .map(|c| c.text.clone())
        .chain(
            info.compressed_latin1_text
                .iter()
                .filter(|c| wanted(&c.keyword))
                .filter_map(|c| {
                    let mut c = c.clone();
                    c.decompress_text_with_limit(LIMIT).ok()?;
                    c.get_text().ok()
                }),
        )
        .chain(
            info.utf8_text
                .iter()
                .filter(|c| wanted(&c.keyword))
                .filter_map(|c| {
                    let mut c = c.clone();
                    c.decompress_text_with_limit(LIMIT).ok()?;
                    c.get_text().ok()
                }),
        );
    texts
        .map(|text| super::decode::unescape_url(text.trim()))
        .find(|text| text.trim_start().starts_with('<'))
}
