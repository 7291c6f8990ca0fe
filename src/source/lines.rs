//! Where the lines of a text start, kept sparse: the start of every 64th line, and of any
//! line that begins 4 KiB or more after the last one kept. A pretty-printed plan of a
//! million lines needs a few thousand marks instead of a million offsets; any other line
//! start lies within 4 KiB after a mark, so a lookup reads at most that much of the text.
//!
//! `\r\n`, `\n` and a lone `\r` (old Mac files) each end a line, as YAML counts them and as
//! editors show them; the `\r` of a `\r\n` starts nothing.

use super::saturate;

/// A line start kept in the index.
#[derive(Clone, Copy, Debug)]
struct Mark {
    /// Byte offset where the line starts.
    start: u32,
    /// The line's index, from 0.
    line: u32,
}

/// Every line start is within this many bytes after a mark.
const MARK_BYTES: usize = 4096;
/// Every line whose index is a multiple of this is marked.
const MARK_LINES: usize = 64;

/// The sparse index of the lines of one text.
#[derive(Clone, Debug)]
pub(super) struct LineIndex {
    /// Marks in text order; the first is line 0 at offset 0.
    marks: Vec<Mark>,
    /// How many lines the text has (a final line without a line ending counts).
    lines: usize,
}

impl LineIndex {
    /// The index of `bytes`.
    pub(super) fn new(bytes: &[u8]) -> LineIndex {
        let mut marks = vec![Mark { start: 0, line: 0 }];
        let mut lines = 1;
        let mut last_mark = 0;
        for start in line_breaks(bytes, 0) {
            if lines % MARK_LINES == 0 || start - last_mark >= MARK_BYTES {
                marks.push(Mark {
                    start: saturate(start),
                    line: saturate(lines),
                });
                last_mark = start;
            }
            lines += 1;
        }
        marks.shrink_to_fit();
        LineIndex { marks, lines }
    }

    /// How many lines the text has.
    pub(super) fn lines(&self) -> usize {
        self.lines
    }

    /// Byte offset where the line with index `line` (from 0) starts, if the text has it.
    pub(super) fn line_start(&self, bytes: &[u8], line: usize) -> Option<usize> {
        if line >= self.lines {
            return None;
        }
        let mark = self.marks[self.marks.partition_point(|m| m.line as usize <= line) - 1];
        let skip = line - mark.line as usize;
        let from = mark.start as usize;
        if skip == 0 {
            return Some(from);
        }
        let window = &bytes[..bytes.len().min(from + MARK_BYTES + 1)];
        line_breaks(window, from).nth(skip - 1)
    }

    /// Index (from 0) of the line holding byte `offset` (at most the text's length).
    pub(super) fn line_of(&self, bytes: &[u8], offset: usize) -> usize {
        let at = self.marks.partition_point(|m| m.start as usize <= offset) - 1;
        let mark = self.marks[at];
        let from = mark.start as usize;
        // The lines between this mark and the next start within MARK_BYTES of it; when
        // there are none (the next mark is the next line), nothing needs reading.
        let between = self
            .marks
            .get(at + 1)
            .map_or(usize::MAX, |next| (next.line - mark.line) as usize - 1);
        if between == 0 {
            return mark.line as usize;
        }
        let end = offset.min(from + MARK_BYTES);
        let window = &bytes[..bytes.len().min(end + 1)];
        let starts = line_breaks(window, from)
            .take(between)
            .take_while(|&start| start <= offset)
            .count();
        mark.line as usize + starts
    }
}

/// The starts of the lines after the first that begin after `from` in `bytes`. A `\r` that
/// ends `bytes` counts as a line end even where the text goes on with `\n`: the windows
/// passed here end past every break their caller needs.
fn line_breaks(bytes: &[u8], from: usize) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', &bytes[from..])
        .map(move |i| i + from)
        .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every line start, one by one: what the sparse index must agree with.
    fn every_start(bytes: &[u8]) -> Vec<usize> {
        let mut starts = vec![0];
        starts.extend(line_breaks(bytes, 0));
        starts
    }

    fn agrees(bytes: &[u8]) {
        let index = LineIndex::new(bytes);
        let starts = every_start(bytes);
        assert_eq!(index.lines(), starts.len());
        for (line, &start) in starts.iter().enumerate() {
            assert_eq!(index.line_start(bytes, line), Some(start), "line {line}");
        }
        assert_eq!(index.line_start(bytes, starts.len()), None);
        for offset in 0..=bytes.len() {
            let expected = starts.partition_point(|&s| s <= offset) - 1;
            assert_eq!(index.line_of(bytes, offset), expected, "offset {offset}");
        }
    }

    #[test]
    fn many_short_lines_agree_with_every_start() {
        let text: String = (0..1000).map(|i| format!("line {i}\n")).collect();
        agrees(text.as_bytes());
        assert!(LineIndex::new(text.as_bytes()).marks.len() <= 1000 / MARK_LINES + 1);
    }

    #[test]
    fn long_lines_and_every_line_ending_agree_with_every_start() {
        let mut text = String::new();
        for i in 0..300 {
            let ending = ["\n", "\r\n", "\r"][i % 3];
            let length = if i % 50 == 7 { 9000 } else { i % 17 };
            text.push_str(&"x".repeat(length));
            text.push_str(ending);
        }
        text.push_str(&"y".repeat(5000));
        agrees(text.as_bytes());
    }

    #[test]
    fn one_long_line_reads_no_text_to_place_an_offset() {
        let text = format!("{}\n{}", "a".repeat(100_000), "b".repeat(100_000));
        let index = LineIndex::new(text.as_bytes());
        assert_eq!(index.line_of(text.as_bytes(), 99_999), 0);
        assert_eq!(index.line_of(text.as_bytes(), 100_001), 1);
        assert_eq!(index.line_start(text.as_bytes(), 1), Some(100_001));
    }

    proptest! {
        #[test]
        fn any_text_agrees_with_every_start(
            pieces in proptest::collection::vec((0usize..5000, 0usize..4), 0..40)
        ) {
            let mut text = Vec::new();
            for (length, ending) in pieces {
                text.extend(std::iter::repeat_n(b'z', length % 97 + if length > 4000 { length } else { 0 }));
                text.extend_from_slice([&b"\n"[..], b"\r\n", b"\r", b""][ending]);
            }
            agrees(&text);
        }
    }
}
