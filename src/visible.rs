//! Untrusted text made visible: everything people read (the text report, diagnostics and
//! their code frames, GitHub annotations, Markdown, `rules explain`/`test`, `graph`) passes
//! through here, so that a scanned file cannot drive the reader's terminal or CI log.
//!
//! Inputs are written by whoever opens a pull request. A Sid holding `ESC [2J` would clear
//! the screen, `ESC ] 0 ; … BEL` retitle the window, a carriage return overwrite a line,
//! U+202E reorder what is shown. Every such character is written as a Rust-style escape,
//! `\u{1b}`; a byte that is not UTF-8 as `\x9b`. Only the newlines of our own layout, and
//! the colour codes a renderer sets through [`WriteColor`], reach a terminal.
//!
//! JSON and SARIF are data: serde escapes control characters there, and consumers must
//! see the true text, so they do not use this module.

use std::borrow::Cow;
use std::io::{self, Write};

use codespan_reporting::term::termcolor::{ColorSpec, WriteColor};

/// Whether `c` must not reach a terminal as it is: C0 and C1 controls, DEL, and the
/// invisible format characters that can reorder or hide text (bidi embeddings, overrides,
/// isolates and marks, zero-width characters, line and paragraph separators, the byte
/// order mark, interlinear annotations, tag characters).
pub fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{ad}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// Appends the visible form of `c`: `\u{1b}` for a hidden character, `c` itself otherwise.
pub fn push_visible(out: &mut String, c: char) {
    if is_hidden(c) {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// `text` for one line: every hidden character escaped, newlines too.
pub fn line(text: &str) -> Cow<'_, str> {
    escaped(text, false)
}

/// `text` of several lines: every hidden character escaped except the newline.
pub fn lines(text: &str) -> Cow<'_, str> {
    escaped(text, true)
}

fn escaped(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let kept = |c: char| keep_newlines && c == '\n';
    if !text.chars().any(|c| is_hidden(c) && !kept(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if kept(c) {
            out.push(c);
        } else {
            push_visible(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// A writer that makes everything written through it visible (newlines kept), while the
/// colours set with [`WriteColor`] go to the terminal unchanged.
///
/// Each write is escaped on its own; the renderers write whole `str` pieces, so a
/// character is never split between two writes (if one were, its bytes would show as
/// `\x..` escapes, still harmless).
pub struct Visible<W> {
    inner: W,
}

impl<W: WriteColor> Visible<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Visible<W> {
        Visible { inner }
    }

    /// The wrapped writer.
    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: WriteColor> Write for Visible<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.inner.write_all(lines(text).as_bytes())?;
                    break;
                }
                Err(error) => {
                    let (valid, after) = rest.split_at(error.valid_up_to());
                    // `valid` is UTF-8 by construction; the fallback never runs.
                    let text = std::str::from_utf8(valid).unwrap_or_default();
                    self.inner.write_all(lines(text).as_bytes())?;
                    let bad = error.error_len().unwrap_or(after.len());
                    for byte in &after[..bad] {
                        write!(self.inner, "\\x{byte:02x}")?;
                    }
                    rest = &after[bad..];
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: WriteColor> WriteColor for Visible<W> {
    fn supports_color(&self) -> bool {
        self.inner.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        self.inner.set_color(spec)
    }

    fn reset(&mut self) -> io::Result<()> {
        self.inner.reset()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codespan_reporting::term::termcolor::{Buffer, Color};

    #[test]
    fn controls_bidi_and_invisible_characters_are_escaped() {
        assert_eq!(line("\u{1b}[2Jpwn"), "\\u{1b}[2Jpwn");
        assert_eq!(line("a\u{1b}]0;pwn\u{7}b"), "a\\u{1b}]0;pwn\\u{7}b");
        assert_eq!(line("ok\rfake"), "ok\\u{d}fake");
        assert_eq!(line("x\u{202e}y\u{2066}z"), "x\\u{202e}y\\u{2066}z");
        assert_eq!(
            line("\u{9b}\u{7f}\u{200b}\u{feff}"),
            "\\u{9b}\\u{7f}\\u{200b}\\u{feff}"
        );
        assert_eq!(line("one\ntwo"), "one\\u{a}two");
        assert_eq!(lines("one\ntwo\t"), "one\ntwo\\u{9}");
    }

    #[test]
    fn plain_text_is_borrowed_untouched() {
        let text = "arn:aws:iam::123456789012:role/Support – é 漢 😀 \\u{1b}";
        assert!(matches!(line(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn the_writer_escapes_text_and_bad_bytes_but_keeps_colours_and_newlines() {
        let mut writer = Visible::new(Buffer::ansi());
        writer
            .set_color(ColorSpec::new().set_fg(Some(Color::Red)))
            .unwrap();
        writer.write_all(b"a\x1b[2J\n\x9bb\xe2\x80").unwrap();
        writer.reset().unwrap();
        let written = String::from_utf8(writer.into_inner().into_inner()).unwrap();
        assert_eq!(
            written,
            "\u{1b}[0m\u{1b}[31ma\\u{1b}[2J\n\\x9bb\\xe2\\x80\u{1b}[0m"
        );
    }
}
