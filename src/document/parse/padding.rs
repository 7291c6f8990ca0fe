//! Spaces inserted at the start of lines, and the way back to the original text.
//!
//! To accept a line that is indented less than YAML allows (see `reindent`), the parser
//! reads a copy of the text in which that line starts with extra spaces. Every inserted
//! space sits in the leading whitespace of a line, so each position of the copy has one
//! obvious position in the original: positions after an insertion move back by its
//! length, and positions inside the inserted spaces fall on the line's start. saphyr
//! reports character indices of the copy; [`Padding::original_char_index`] turns them
//! into character indices of the original before they become byte offsets.

/// The spaces inserted into one text, ordered by the line they pad.
#[derive(Debug, Default)]
pub(super) struct Padding {
    lines: Vec<PaddedLine>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct PaddedLine {
    /// Byte offset of the line's start in the original text.
    line_start: usize,
    /// Spaces inserted there.
    count: usize,
    /// Character index of the line's start in the original text.
    char_index: usize,
    /// Character index of the first inserted space in the padded copy.
    padded_index: usize,
}

impl Padding {
    /// Whether nothing is inserted (the text is read as written).
    pub(super) fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// How many lines are padded.
    pub(super) fn len(&self) -> usize {
        self.lines.len()
    }

    /// The spaces inserted at the start of the line starting at byte `line_start`.
    pub(super) fn count_at(&self, line_start: usize) -> usize {
        self.lines
            .binary_search_by_key(&line_start, |line| line.line_start)
            .map_or(0, |found| self.lines[found].count)
    }

    /// Inserts `count` more spaces at the start of each line of `additions` (byte offsets of
    /// line starts in `text`, the original).
    pub(super) fn add(&mut self, text: &str, additions: &[(usize, usize)]) {
        for &(line_start, count) in additions {
            match self
                .lines
                .binary_search_by_key(&line_start, |line| line.line_start)
            {
                Ok(found) => self.lines[found].count += count,
                Err(at) => self.lines.insert(
                    at,
                    PaddedLine {
                        line_start,
                        count,
                        char_index: 0,
                        padded_index: 0,
                    },
                ),
            }
        }
        self.index_characters(text);
    }

    /// Fills in the character indices, walking the text once.
    fn index_characters(&mut self, text: &str) {
        let ascii = text.is_ascii();
        let (mut byte, mut chars, mut inserted) = (0, 0, 0);
        for line in &mut self.lines {
            chars += if ascii {
                line.line_start - byte
            } else {
                text.get(byte..line.line_start)
                    .map_or(0, |s| s.chars().count())
            };
            byte = line.line_start;
            line.char_index = chars;
            line.padded_index = chars + inserted;
            inserted += line.count;
        }
    }

    /// The padded copy of `text`.
    pub(super) fn apply(&self, text: &str) -> String {
        let inserted: usize = self.lines.iter().map(|line| line.count).sum();
        let mut padded = String::with_capacity(text.len() + inserted);
        let mut copied = 0;
        for line in &self.lines {
            padded.push_str(text.get(copied..line.line_start).unwrap_or(""));
            padded.extend(std::iter::repeat_n(' ', line.count));
            copied = line.line_start;
        }
        padded.push_str(text.get(copied..).unwrap_or(""));
        padded
    }

    /// The character index in the original text of character `index` of the padded copy.
    pub(super) fn original_char_index(&self, index: usize) -> usize {
        let after = self
            .lines
            .partition_point(|line| line.padded_index <= index);
        let Some(line) = after.checked_sub(1).and_then(|last| self.lines.get(last)) else {
            return index;
        };
        if index < line.padded_index + line.count {
            line.char_index
        } else {
            index - (line.padded_index - line.char_index) - line.count
        }
    }

    /// The byte offsets of the padded lines' starts, in line order.
    pub(super) fn line_starts(&self) -> impl Iterator<Item = usize> {
        self.lines.iter().map(|line| line.line_start)
    }

    /// Indices (in line order) of the padded lines that start strictly inside `start..end`,
    /// byte offsets of the original text.
    pub(super) fn lines_inside(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let first = self.lines.partition_point(|line| line.line_start <= start);
        let past = self.lines.partition_point(|line| line.line_start < end);
        first..past.max(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn padding(text: &str, additions: &[(usize, usize)]) -> Padding {
        let mut padding = Padding::default();
        padding.add(text, additions);
        padding
    }

    /// Checks `original_char_index` against a character-by-character walk: each inserted
    /// space stands for its line's start, every other character for itself.
    fn assert_maps_back(text: &str, padding: &Padding) {
        let mut expected = Vec::new();
        for (index, (byte, _)) in text.char_indices().enumerate() {
            expected.extend(std::iter::repeat_n(index, padding.count_at(byte) + 1));
        }
        expected.push(text.chars().count());
        assert_eq!(expected.len(), padding.apply(text).chars().count() + 1);
        for (index, &original) in expected.iter().enumerate() {
            assert_eq!(
                padding.original_char_index(index),
                original,
                "index {index}"
            );
        }
    }

    #[test]
    fn nothing_inserted_changes_nothing() {
        let padding = Padding::default();
        assert!(padding.is_empty());
        assert_eq!(padding.apply("a\nb"), "a\nb");
        assert_eq!(padding.original_char_index(2), 2);
        assert_eq!(padding.count_at(2), 0);
    }

    #[test]
    fn spaces_go_to_line_starts_and_map_back() {
        let text = "a: [\nb,\r\n  c]\n";
        let padding = padding(text, &[(9, 1), (5, 2)]);
        assert_eq!(padding.apply(text), "a: [\n  b,\r\n   c]\n");
        assert_eq!(padding.len(), 2);
        assert_eq!(padding.count_at(5), 2);
        assert_eq!(padding.count_at(9), 1);
        assert_eq!(padding.original_char_index(5), 5);
        assert_eq!(padding.original_char_index(6), 5);
        assert_eq!(padding.original_char_index(7), 5);
        assert_eq!(padding.original_char_index(8), 6);
        assert_maps_back(text, &padding);
    }

    #[test]
    fn padding_a_line_again_adds_up() {
        let text = "x\ny\nz";
        let mut padding = padding(text, &[(2, 1)]);
        padding.add(text, &[(2, 2), (4, 1)]);
        assert_eq!(padding.apply(text), "x\n   y\n z");
        assert_maps_back(text, &padding);
    }

    #[test]
    fn multi_byte_text_maps_by_characters() {
        let text = "é: \"€\n𝄞\n  ü\"\n";
        let second = text.find('𝄞').unwrap();
        let third = text.find("  ü").unwrap();
        let padding = padding(text, &[(second, 3), (third, 1)]);
        assert_eq!(padding.apply(text), "é: \"€\n   𝄞\n   ü\"\n");
        assert_maps_back(text, &padding);
    }

    #[test]
    fn lines_inside_a_range_are_found_by_their_starts() {
        let text = "a\nb\nc\nd\n";
        let padding = padding(text, &[(2, 1), (4, 1), (6, 1)]);
        assert_eq!(padding.lines_inside(0, 8), 0..3);
        assert_eq!(padding.lines_inside(2, 6), 1..2);
        assert_eq!(padding.lines_inside(1, 5), 0..2);
        assert_eq!(padding.lines_inside(6, 8), 3..3);
        assert_eq!(padding.lines_inside(7, 3), 3..3);
    }
}
