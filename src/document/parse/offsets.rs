//! Character indices to byte offsets.
//!
//! saphyr reports positions as character indices, while [`crate::source::Span`] holds byte
//! offsets. Events arrive almost in text order, so a cursor that walks from the previous
//! position converts every index in amortised constant time; ASCII text (most templates)
//! skips the walk altogether.
//!
//! When the parser reads a padded copy of the text (see `padding`), the indices are the
//! copy's; they are first taken back to the original, so every offset the tree builder
//! sees is an offset of the original text.

use super::padding::Padding;

/// Converts character indices of one text into byte offsets.
pub(super) struct CharOffsets<'t> {
    text: &'t str,
    padding: &'t Padding,
    ascii: bool,
    char_index: usize,
    byte_offset: usize,
}

impl<'t> CharOffsets<'t> {
    /// A converter for indices of `text` read with `padding` inserted.
    pub(super) fn new(text: &'t str, padding: &'t Padding) -> CharOffsets<'t> {
        CharOffsets {
            text,
            padding,
            ascii: text.is_ascii(),
            char_index: 0,
            byte_offset: 0,
        }
    }

    /// The byte offset in the original text of character `index` of the text as read (the
    /// text's length for an index past the end).
    pub(super) fn byte_offset(&mut self, index: usize) -> usize {
        let index = if self.padding.is_empty() {
            index
        } else {
            self.padding.original_char_index(index)
        };
        if self.ascii {
            return index.min(self.text.len());
        }
        if index >= self.char_index {
            let ahead = index - self.char_index;
            let rest = &self.text[self.byte_offset..];
            match rest.char_indices().nth(ahead) {
                Some((offset, _)) => {
                    self.byte_offset += offset;
                    self.char_index = index;
                }
                None => {
                    self.char_index += rest.chars().count();
                    self.byte_offset = self.text.len();
                }
            }
        } else {
            let behind = self.char_index - index;
            let before = &self.text[..self.byte_offset];
            let stepped: usize = before.chars().rev().take(behind).map(char::len_utf8).sum();
            self.byte_offset -= stepped;
            self.char_index = index;
        }
        self.byte_offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected(text: &str, index: usize) -> usize {
        text.char_indices()
            .nth(index)
            .map_or(text.len(), |(offset, _)| offset)
    }

    #[test]
    fn ascii_indices_are_byte_offsets() {
        let no_padding = Padding::default();
        let mut offsets = CharOffsets::new("abc", &no_padding);
        assert_eq!(offsets.byte_offset(2), 2);
        assert_eq!(offsets.byte_offset(9), 3);
    }

    #[test]
    fn multi_byte_text_is_walked_forward_and_back() {
        let text = "aé€𝄞b\r\nü";
        let no_padding = Padding::default();
        let mut offsets = CharOffsets::new(text, &no_padding);
        for index in [0, 3, 1, 4, 7, 2, 5, 6, 0, 8, 20, 4] {
            assert_eq!(
                offsets.byte_offset(index),
                expected(text, index),
                "index {index}"
            );
        }
    }

    #[test]
    fn indices_of_a_padded_copy_become_original_offsets() {
        let text = "é: [\n1]";
        let mut padding = Padding::default();
        padding.add(text, &[(text.find('1').unwrap(), 2)]);
        let mut offsets = CharOffsets::new(text, &padding);
        // The copy is "é: [\n  1]": its `1` is character 7, its `]` character 8.
        assert_eq!(offsets.byte_offset(8), text.find(']').unwrap());
        assert_eq!(offsets.byte_offset(7), text.find('1').unwrap());
        assert_eq!(offsets.byte_offset(5), text.find('1').unwrap());
        assert_eq!(offsets.byte_offset(3), text.find('[').unwrap());
    }
}
