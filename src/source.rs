//! Input files and positions inside them.
//!
//! Every value the scanner reads keeps a [`Span`] (a byte range) into the [`SourceFile`] it
//! came from; line and column are computed only when something is shown to a user, so the
//! hot path carries two integers per value and nothing else.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod lines;

use lines::LineIndex;

/// A byte range `start..end` inside one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: saturate(start),
            end: saturate(end.max(start)),
        }
    }

    /// The same span moved `base` bytes further into the file.
    pub fn shifted(self, base: usize) -> Span {
        Span::new(self.start as usize + base, self.end as usize + base)
    }

    /// The byte range, for slicing the source text.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

fn saturate(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// A 1-based line and a 1-based column counted in Unicode code points (SARIF's
/// `unicodeCodePoints` column kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Position {
    /// Line number, from 1.
    pub line: u32,
    /// Column number in code points, from 1.
    pub column: u32,
}

/// Index of a file in the scan's file list; stable for one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct FileId(pub u32);

/// One input: its path as the user named it, its text, and an index of its lines.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as shown to users (relative when the user gave a relative path).
    pub path: PathBuf,
    /// The file's text, without a leading byte order mark.
    pub text: String,
    /// Where the lines start, worked out on first use ([`SourceFile::index_lines`]).
    line_index: OnceLock<LineIndex>,
    /// Whether the text is all ASCII (columns are then byte distances), found on first use.
    is_ascii: OnceLock<bool>,
    /// Code points before each 1 KiB block of the text, built on first use for files with
    /// very long lines (`terraform show -json` writes a whole plan on one line).
    char_checkpoints: OnceLock<Vec<u32>>,
}

const CHECKPOINT_BLOCK: usize = 1024;

impl SourceFile {
    /// Wraps text read from `path`; a UTF-8 byte order mark is dropped.
    pub fn new(path: impl Into<PathBuf>, text: String) -> SourceFile {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        };
        SourceFile {
            path: path.into(),
            text,
            line_index: OnceLock::new(),
            is_ascii: OnceLock::new(),
            char_checkpoints: OnceLock::new(),
        }
    }

    /// Where each line starts. Worked out on first use: a file read only for its values
    /// (most files of a scan have no finding) never needs it, and a large one can have it
    /// worked out beside its loading ([`SourceFile::index_lines`]).
    fn lines(&self) -> &LineIndex {
        self.line_index
            .get_or_init(|| LineIndex::new(self.text.as_bytes()))
    }

    /// Works out the index of lines now (it is otherwise worked out on first use).
    pub fn index_lines(&self) {
        self.lines();
    }

    /// Byte offset where the line with index `line_index` (from 0) starts.
    fn start_of(&self, line_index: usize) -> Option<usize> {
        self.lines().line_start(self.text.as_bytes(), line_index)
    }

    /// The path for messages, with forward slashes.
    pub fn display_path(&self) -> String {
        display_path(&self.path)
    }

    /// Line and column of a byte offset (clamped to the text).
    pub fn position(&self, offset: u32) -> Position {
        let offset = (offset as usize).min(self.text.len());
        let line_index = self.line_index(offset);
        let line_start = self.start_of(line_index).unwrap_or(0);
        let column = self.code_points_between(line_start, offset);
        Position {
            line: saturate(line_index + 1),
            column: saturate(column + 1),
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: u32) -> &str {
        let index = (line as usize).saturating_sub(1);
        let Some(start) = self.start_of(index) else {
            return "";
        };
        let end = self.start_of(index + 1).unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// Byte offset where a 1-based line starts, if the text has that line.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.start_of((line as usize).checked_sub(1)?)
    }

    /// The smallest character boundary at or after `offset` (clamped to the text).
    pub fn ceil_char_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset += 1;
        }
        offset
    }

    /// Index (from 0) of the line holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.lines().line_of(self.text.as_bytes(), offset)
    }

    /// Byte range of the line with index `line_index` (from 0), line ending included.
    pub fn line_range(&self, line_index: usize) -> std::ops::Range<usize> {
        let start = self.start_of(line_index).unwrap_or(self.text.len());
        let end = self.start_of(line_index + 1).unwrap_or(self.text.len());
        start..end
    }

    /// How many lines the text has (a final line without a line ending counts).
    pub fn number_of_lines(&self) -> usize {
        self.lines().lines()
    }

    fn code_points_between(&self, start: usize, end: usize) -> usize {
        let bytes = &self.text.as_bytes()[start..end];
        if *self.is_ascii.get_or_init(|| self.text.is_ascii()) {
            return end - start;
        }
        if end - start < 4 * CHECKPOINT_BLOCK {
            return count_code_points(bytes);
        }
        // Long line: count whole blocks from the checkpoint table, then the rest.
        let checkpoints = self.char_checkpoints.get_or_init(|| {
            let mut counts = Vec::with_capacity(self.text.len() / CHECKPOINT_BLOCK + 1);
            let mut total = 0u32;
            counts.push(0);
            for block in self.text.as_bytes().chunks(CHECKPOINT_BLOCK) {
                total = total.saturating_add(saturate(count_code_points(block)));
                counts.push(total);
            }
            counts
        });
        let first_block = start.div_ceil(CHECKPOINT_BLOCK);
        let last_block = end / CHECKPOINT_BLOCK;
        if first_block >= last_block {
            return count_code_points(bytes);
        }
        let head = count_code_points(&self.text.as_bytes()[start..first_block * CHECKPOINT_BLOCK]);
        let middle = (checkpoints[last_block] - checkpoints[first_block]) as usize;
        let tail = count_code_points(&self.text.as_bytes()[last_block * CHECKPOINT_BLOCK..end]);
        head + middle + tail
    }
}

/// Counts code points by counting the bytes that start one (not UTF-8 continuation bytes).
fn count_code_points(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// A path for messages and reports: forward slashes, no leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    match text.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_indexed_ahead_or_on_first_use_give_the_same_positions() {
        let text = "a\r\nbé\rc\n\nlast".to_owned();
        let ahead = SourceFile::new("f", text.clone());
        ahead.index_lines();
        let lazy = SourceFile::new("f", text.clone());
        for offset in 0..=text.len() as u32 {
            assert_eq!(
                ahead.position(offset),
                lazy.position(offset),
                "offset {offset}"
            );
        }
        assert_eq!(lazy.number_of_lines(), 5);
        assert_eq!(lazy.line_text(2), "bé");
        assert_eq!(lazy.position(9).line, 4);
    }

    #[test]
    fn positions_count_lines_and_code_points() {
        let file = SourceFile::new("t.yaml", "a: 1\nb: \"é x\"\r\nc: 3".to_owned());
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        let x = file.text.find('x').unwrap() as u32;
        assert_eq!(file.position(x), Position { line: 2, column: 7 });
        assert_eq!(file.line_text(2), "b: \"é x\"");
        let c = file.text.find('c').unwrap() as u32;
        assert_eq!(file.position(c), Position { line: 3, column: 1 });
    }

    #[test]
    fn lone_carriage_returns_end_lines_too() {
        let file = SourceFile::new("t.yaml", "a: 1\rb: 2\r\rc: 3\r\nd: 4\n".to_owned());
        let line_of = |text: &str| file.position(file.text.find(text).unwrap() as u32);
        assert_eq!(line_of("b"), Position { line: 2, column: 1 });
        assert_eq!(line_of("c"), Position { line: 4, column: 1 });
        assert_eq!(line_of("d"), Position { line: 5, column: 1 });
        assert_eq!(file.line_text(2), "b: 2");
        assert_eq!(file.line_text(3), "");
        assert_eq!(file.line_text(4), "c: 3");
        assert_eq!(file.number_of_lines(), 6);
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let file = SourceFile::new("t.json", "\u{feff}{}".to_owned());
        assert_eq!(file.text, "{}");
    }

    #[test]
    fn long_lines_use_checkpoints_and_agree_with_counting() {
        let mut text = String::new();
        for i in 0..40_000 {
            text.push_str(if i % 3 == 0 { "ü" } else { "abc" });
        }
        let file = SourceFile::new("plan.json", text.clone());
        for offset in [0usize, 70_000, 65_536, 131_071, text.len()] {
            let offset = (0..=offset)
                .rev()
                .find(|&o| text.is_char_boundary(o))
                .unwrap();
            let expected = text[..offset].chars().count() + 1;
            assert_eq!(file.position(offset as u32).column as usize, expected);
        }
    }

    #[test]
    fn ascii_text_counts_columns_in_bytes() {
        let text = format!("{{\n{}x", "a".repeat(100_000));
        let file = SourceFile::new("plan.json", text.clone());
        let x = text.find('x').unwrap() as u32;
        assert_eq!(
            file.position(x),
            Position {
                line: 2,
                column: 100_001
            }
        );
    }

    #[test]
    fn display_paths_use_forward_slashes() {
        assert_eq!(display_path(Path::new("./a/b.json")), "a/b.json");
        assert_eq!(display_path(Path::new("a\\b.json")), "a/b.json");
    }
}
