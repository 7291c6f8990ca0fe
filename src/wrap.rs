//! Prose fitted to the reader's terminal: the messages, notes and summary of the text
//! report, the problems on standard error, the summaries of `rules list`.
//!
//! How wide: `COLUMNS` when it is set to a number (how a CI log or a script asks for a
//! width, as it does for `--help`), else the width of the terminal the stream goes to.
//! Output to a pipe or a file without `COLUMNS` is not wrapped: one message stays one line
//! for `grep`, and log viewers fold long lines themselves.
//!
//! Lines break at spaces only, never inside a word: an ARN, a URL, a `file:line:column` or
//! an escape written by [`crate::visible`] (which runs first) is copied and searched whole,
//! so a word longer than the line stands on a line of its own. Widths are display columns
//! (a CJK character or an emoji takes two). Code frames are never passed through here.

use std::borrow::Cow;
use std::io::IsTerminal;

use unicode_width::UnicodeWidthStr;

/// The width output to standard output is wrapped to, if any.
pub fn stdout_width() -> Option<usize> {
    let stdout = std::io::stdout();
    decide(
        std::env::var("COLUMNS").ok().as_deref(),
        stdout.is_terminal(),
        || terminal_size::terminal_size_of(&stdout).map(|(width, _)| usize::from(width.0)),
    )
}

/// The width output to standard error is wrapped to, if any.
pub fn stderr_width() -> Option<usize> {
    let stderr = std::io::stderr();
    decide(
        std::env::var("COLUMNS").ok().as_deref(),
        stderr.is_terminal(),
        || terminal_size::terminal_size_of(&stderr).map(|(width, _)| usize::from(width.0)),
    )
}

/// The decision, with the environment and the terminal passed in so that tests need not
/// change the process's.
fn decide(
    columns: Option<&str>,
    is_terminal: bool,
    terminal_width: impl FnOnce() -> Option<usize>,
) -> Option<usize> {
    match columns.and_then(|value| value.trim().parse::<usize>().ok()) {
        Some(width) if width > 0 => Some(width),
        _ if is_terminal => terminal_width().filter(|width| *width > 0),
        _ => None,
    }
}

/// The display width of `text` in columns.
pub fn columns(text: &str) -> usize {
    text.width()
}

/// `text` broken into lines at spaces: the first line has `first` columns, the others
/// `rest`. Spaces where a line breaks are dropped; a word wider than its line is not
/// split, and a first word too wide for the first line that fits the others leaves the
/// first line empty.
pub fn break_lines(text: &str, first: usize, rest: usize) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut limit = first;
    // The current line: byte range in `text` and its width.
    let mut line: Option<(usize, usize, usize)> = None;
    for (start, word) in words(text) {
        let end = start + word.len();
        let width = columns(word);
        line = match line {
            // A first word that fits only the later lines starts there.
            None if width > limit && width <= rest && lines.is_empty() => {
                lines.push("");
                limit = rest;
                Some((start, end, width))
            }
            None => Some((start, end, width)),
            Some((line_start, line_end, used)) => {
                // The gap holds only spaces, one column each.
                let wider = used + (start - line_end) + width;
                if wider <= limit {
                    Some((line_start, end, wider))
                } else {
                    lines.push(&text[line_start..line_end]);
                    limit = rest;
                    Some((start, end, width))
                }
            }
        };
    }
    match line {
        Some((start, end, _)) => lines.push(&text[start..end]),
        None => lines.push(""),
    }
    lines
}

/// The words of `text` (runs of anything but a space) with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(' ')
        .scan(0, |offset, word| {
            let start = *offset;
            *offset += word.len() + 1;
            Some((start, word))
        })
        .filter(|(_, word)| !word.is_empty())
}

/// `text` to be written from display column `column` of a line `width` columns wide and
/// to go on at the same column of the next lines, which the writer indents
/// (codespan-reporting does, for notes): broken at spaces. Unchanged without a width.
pub fn hanging(text: &str, width: Option<usize>, column: usize) -> Cow<'_, str> {
    let Some(width) = width else {
        return Cow::Borrowed(text);
    };
    let room = width.saturating_sub(column);
    match break_lines(text, room, room).as_slice() {
        [line] if line.len() == text.len() => Cow::Borrowed(text),
        lines => Cow::Owned(lines.join("\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_spaces_within_the_width() {
        let text = "the trust policy lets any AWS principal assume the role";
        let lines = break_lines(text, 24, 24);
        assert_eq!(
            lines,
            [
                "the trust policy lets",
                "any AWS principal assume",
                "the role"
            ]
        );
        assert!(lines.iter().all(|line| columns(line) <= 24));
    }

    #[test]
    fn the_first_line_may_be_shorter_or_longer_than_the_rest() {
        let text = "one two three four five six seven eight nine ten";
        assert_eq!(
            break_lines(text, 20, 30),
            ["one two three four", "five six seven eight nine ten"]
        );
    }

    #[test]
    fn a_first_word_that_fits_only_the_later_lines_starts_there() {
        let arn = "`arn:aws:iam::aws:policy/AWSSupportAcess`";
        let text = format!("{arn} is not an AWS managed policy");
        assert_eq!(
            break_lines(&text, 20, 43),
            ["", arn, "is not an AWS managed policy"]
        );
        // Wider than every line, it stays on the first.
        assert_eq!(break_lines(&text, 20, 30)[0], arn);
    }

    #[test]
    fn a_word_wider_than_the_line_stands_alone_unsplit() {
        let arn = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/Support";
        let text = format!("trusted by {arn} since");
        assert_eq!(break_lines(&text, 30, 30), ["trusted by", arn, "since"]);
        // An escape made by `visible` is one word too.
        let escaped = "name a\\u{1b}[2Jb is hidden";
        assert_eq!(
            break_lines(escaped, 20, 20),
            ["name a\\u{1b}[2Jb is", "hidden"]
        );
    }

    #[test]
    fn wide_characters_count_two_columns() {
        // Each of 漢字 and 😀 is two columns wide: 6 + 1 + 6 = 13 would not fit in 20
        // if counted by bytes (9 + 1 + 12).
        let text = "漢字漢 😀😀😀 end of line here";
        let lines = break_lines(text, 20, 20);
        assert_eq!(lines, ["漢字漢 😀😀😀 end of", "line here"]);
        assert!(lines.iter().all(|line| columns(line) <= 20));
        assert_eq!(columns("漢字漢 😀😀😀 end of"), 20);
    }

    #[test]
    fn spaces_at_breaks_are_dropped_and_inner_ones_kept() {
        assert_eq!(
            break_lines("  a  b   cccccccccccccccccccc  ", 20, 20),
            ["a  b", "cccccccccccccccccccc"]
        );
        assert_eq!(break_lines("", 20, 20), [""]);
    }

    #[test]
    fn narrower_than_any_word_gives_a_word_a_line() {
        assert_eq!(
            break_lines("aaaa bbbb cc dd", 3, 3),
            ["aaaa", "bbbb", "cc", "dd"]
        );
        assert_eq!(break_lines("aaaa bbbb", 0, 3), ["aaaa", "bbbb"]);
    }

    #[test]
    fn hanging_text_is_broken_for_its_column() {
        let text = "a support role's trust policy lets any AWS principal assume it";
        assert_eq!(
            hanging(text, Some(40), 17),
            "a support role's trust\npolicy lets any AWS\nprincipal assume it"
        );
        assert!(matches!(hanging(text, None, 17), Cow::Borrowed(_)));
        assert!(matches!(hanging("short", Some(40), 4), Cow::Borrowed(_)));
        assert_eq!(hanging(" short", Some(40), 4), "short");
    }

    #[test]
    fn columns_come_from_the_environment_then_the_terminal() {
        assert_eq!(decide(Some("60"), false, || None), Some(60));
        assert_eq!(decide(Some("60"), true, || Some(200)), Some(60));
        assert_eq!(decide(None, true, || Some(132)), Some(132));
        assert_eq!(decide(Some("wide"), true, || Some(132)), Some(132));
        assert_eq!(decide(Some("0"), false, || Some(132)), None);
        // Empty reads as unset (the tests' .cargo/config.toml empties it).
        assert_eq!(decide(Some(""), true, || Some(90)), Some(90));
        assert_eq!(decide(Some(""), false, || Some(90)), None);
        assert_eq!(decide(None, false, || Some(132)), None);
        assert_eq!(decide(None, true, || None), None);
    }
}
