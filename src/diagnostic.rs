//! Drawing problems and findings for people: `error[code]: message`, the file, line and
//! column, and the source line with the offending text underlined (codespan-reporting
//! draws the frame). Problems go to standard error; the text report draws its findings
//! with the same renderer.
//!
//! Everything drawn goes through [`crate::visible`]: the source lines of a frame through
//! its writer, and the message, notes, labels and file names as single lines, so that a
//! newline in a scanned value cannot start a line of its own (a fake diagnostic, or a
//! GitHub workflow command in a CI log).
//!
//! The message and the notes are wrapped to the width asked for ([`crate::wrap`]), after
//! they were made visible; the frame itself (the `-->` location, the source lines and
//! their labels) is drawn as it is.
//!
//! `terraform show -json` writes a whole plan on one line; a frame of a 30 MB line helps
//! nobody, so lines longer than 400 bytes get the header and position only.

use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config, termcolor};

use crate::problem::{Problem, Severity};
use crate::source::{FileId, SourceFile, Span};
use crate::visible::{self, Visible};

/// Lines longer than this (in bytes) are not drawn.
const MAX_FRAMED_LINE: usize = 400;

/// The columns a wrapped message needs beside `error[code]: ` to go on under its own
/// start; in a narrower terminal its later lines are indented by two.
const ALIGNED_ROOM: usize = 40;

/// The files of a scan, as codespan-reporting wants to see them.
struct FileSet<'a>(&'a [SourceFile]);

impl<'a> Files<'a> for FileSet<'a> {
    type FileId = usize;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<String, FilesError> {
        Ok(visible::line(&self.file(id)?.display_path()).into_owned())
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.file(id)?.text)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.file(id)?.line_index(byte_index))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.file(id)?;
        if line_index >= file.number_of_lines() {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: file.number_of_lines().saturating_sub(1),
            });
        }
        Ok(file.line_range(line_index))
    }
}

impl FileSet<'_> {
    fn file(&self, id: usize) -> Result<&SourceFile, FilesError> {
        self.0.get(id).ok_or(FilesError::FileMissing)
    }
}

/// Writes `problems` to standard error (each code in each file capped,
/// [`crate::problem::capped`]), in colour when [`crate::colour::wanted`] allows it, wrapped
/// to [`crate::wrap::stderr_width`].
pub fn print_problems(problems: &[Problem], files: &[SourceFile]) {
    use std::io::IsTerminal;
    let color = if crate::colour::wanted(io::stderr().is_terminal()) {
        termcolor::ColorChoice::Always
    } else {
        termcolor::ColorChoice::Never
    };
    let stream = termcolor::StandardStream::stderr(color);
    let mut writer = Visible::new(stream.lock());
    let width = crate::wrap::stderr_width();
    for problem in crate::problem::capped(problems) {
        // A failed write to stderr leaves nothing better to do than go on.
        let _ = write_problem(&mut writer, &problem, files, width);
    }
}

/// Renders one problem as plain text, not wrapped (tests and non-terminal output).
pub fn render_problem(problem: &Problem, files: &[SourceFile]) -> String {
    let mut buffer = Visible::new(termcolor::NoColor::new(Vec::new()));
    let _ = write_problem(&mut buffer, problem, files, None);
    String::from_utf8_lossy(&buffer.into_inner().into_inner()).into_owned()
}

fn write_problem(
    writer: &mut dyn termcolor::WriteColor,
    problem: &Problem,
    files: &[SourceFile],
    width: Option<usize>,
) -> io::Result<()> {
    let severity = match problem.severity {
        Severity::Error => codespan_reporting::diagnostic::Severity::Error,
        Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
    };
    let mut diagnostic = Diagnostic::new(severity)
        .with_code(problem.code)
        .with_message(&problem.message);
    if let Some(file) = problem.file {
        for related in &problem.related {
            let id = related.file.unwrap_or(file).0 as usize;
            diagnostic
                .labels
                .push(Label::secondary(id, related.span.range()).with_message(&related.message));
        }
    }
    let place = problem.file.map(|file| (file, problem.span));
    write_diagnostic(writer, files, diagnostic, place, "", width)
}

/// Writes `diagnostic` (a finding's or a problem's) with a code frame: `place` (a file and,
/// when known, a span in it) becomes the primary label, with `label` as its text, beside
/// the diagnostic's own secondary labels and notes.
///
/// When the span starts or ends on a line longer than [`MAX_FRAMED_LINE`] bytes, or there
/// is no span, nothing is framed: the header, `--> file:line:column` and the notes.
///
/// The message and the notes are wrapped to `width` columns when there is one.
///
/// `writer` must be a [`Visible`] one (the source lines are escaped there).
pub(crate) fn write_diagnostic(
    writer: &mut dyn termcolor::WriteColor,
    files: &[SourceFile],
    mut diagnostic: Diagnostic<usize>,
    place: Option<(FileId, Option<Span>)>,
    label: &str,
    width: Option<usize>,
) -> io::Result<()> {
    single_lines(&mut diagnostic);
    let label = visible::line(label);
    let located = place.and_then(|(id, span)| {
        let id = id.0 as usize;
        files.get(id).map(|file| (id, file, span))
    });
    let framed = located.and_then(|(id, file, span)| {
        let span = span?;
        let short = |offset: u32| {
            file.line_range(file.line_index(offset as usize)).len() <= MAX_FRAMED_LINE
        };
        (short(span.start) && short(span.end)).then_some((id, span))
    });
    if let Some((id, span)) = framed {
        diagnostic
            .labels
            .insert(0, Label::primary(id, span.range()).with_message(label));
        wrap(&mut diagnostic, files, width);
        return term::emit_to_write_style(writer, &Config::default(), &FileSet(files), &diagnostic)
            .map_err(io::Error::other);
    }
    // No frame: the header, then where it is, then the notes.
    diagnostic.labels.clear();
    wrap(&mut diagnostic, files, width);
    let notes = std::mem::take(&mut diagnostic.notes);
    let mut header = String::new();
    let _ = term::emit_to_string(
        &mut header,
        &Config::default(),
        &FileSet(files),
        &diagnostic,
    );
    write!(writer, "{header}")?;
    if let Some((_, file, span)) = located {
        match span.map(|span| file.position(span.start)) {
            Some(p) => writeln!(
                writer,
                "  --> {}:{}:{}",
                visible::line(&file.display_path()),
                p.line,
                p.column
            )?,
            None => writeln!(writer, "  --> {}", visible::line(&file.display_path()))?,
        }
    }
    let bullet = term::Styles::default().note_bullet;
    for note in &notes {
        // As codespan-reporting draws a note: its later lines under its first.
        for (index, line) in note.lines().enumerate() {
            if index == 0 {
                write!(writer, "  ")?;
                writer.set_color(&bullet)?;
                write!(writer, "=")?;
                writer.reset()?;
                writeln!(writer, " {line}")?;
            } else {
                writeln!(writer, "    {line}")?;
            }
        }
    }
    writeln!(writer)
}

/// Wraps the message of `diagnostic` under its own start (after `error[code]: `), and its
/// notes under theirs (after `= `, past the gutter of line numbers codespan-reporting
/// draws for its labels; four columns without labels).
fn wrap(diagnostic: &mut Diagnostic<usize>, files: &[SourceFile], width: Option<usize>) {
    use codespan_reporting::diagnostic::Severity as Drawn;
    let Some(width) = width else {
        return;
    };
    let severity = match diagnostic.severity {
        Drawn::Bug => "bug",
        Drawn::Error => "error",
        Drawn::Warning => "warning",
        Drawn::Help => "help",
        Drawn::Note => "note",
    };
    let code = diagnostic.code.as_deref().filter(|code| !code.is_empty());
    let header = severity.len() + code.map_or(0, |code| crate::wrap::columns(code) + 2) + 2;
    // Under its start while that leaves room for a readable line, else a small indent.
    let column = if width >= header + ALIGNED_ROOM {
        header
    } else {
        2
    };
    let lines = crate::wrap::break_lines(
        &diagnostic.message,
        width.saturating_sub(header),
        width.saturating_sub(column),
    );
    if lines.len() > 1 {
        diagnostic.message = lines.join(&format!("\n{}", " ".repeat(column)));
    }
    // The gutter is as wide as the largest line number drawn: the last line of a label.
    let gutter = diagnostic
        .labels
        .iter()
        .filter_map(|label| {
            let file = files.get(label.file_id)?;
            Some(file.line_index(label.range.end) + 1)
        })
        .max()
        .map_or(1, |line| line.to_string().len());
    for note in &mut diagnostic.notes {
        if let std::borrow::Cow::Owned(wrapped) =
            crate::wrap::hanging(note, Some(width), gutter + 3)
        {
            *note = wrapped;
        }
    }
}

/// Makes the message, notes and label texts of `diagnostic` single visible lines.
fn single_lines(diagnostic: &mut Diagnostic<usize>) {
    let line = |text: &mut String| {
        if let std::borrow::Cow::Owned(escaped) = visible::line(text) {
            *text = escaped;
        }
    };
    line(&mut diagnostic.message);
    diagnostic.notes.iter_mut().for_each(line);
    diagnostic
        .labels
        .iter_mut()
        .for_each(|label| line(&mut label.message));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_show_file_line_column_and_the_line() {
        let files = vec![SourceFile::new(
            "stack.yaml",
            "Resources:\n  Role: [\n".to_owned(),
        )];
        let problem = Problem::error(
            "parse-error",
            FileId(0),
            Span::new(19, 20),
            "unclosed sequence",
        );
        let text = render_problem(&problem, &files);
        assert!(
            text.contains("error[parse-error]: unclosed sequence"),
            "{text}"
        );
        assert!(text.contains("stack.yaml:2:9"), "{text}");
        assert!(text.contains("  Role: ["), "{text}");
    }

    #[test]
    fn long_lines_get_a_position_but_no_frame() {
        let line = format!("{{\"a\": \"{}\", oops}}", "x".repeat(1000));
        let offset = line.find("oops").unwrap();
        let files = vec![SourceFile::new("plan.json", line)];
        let problem = Problem::error(
            "parse-error",
            FileId(0),
            Span::new(offset, offset),
            "key must be a string",
        );
        let text = render_problem(&problem, &files);
        assert!(text.contains("plan.json:1:1011"), "{text}");
        assert!(!text.contains("xxxxxxxxxx"), "{text}");
    }

    #[test]
    fn related_places_are_labelled() {
        let text = "a: 1\nb: 2\na: 3\n".to_owned();
        let files = vec![SourceFile::new("t.yaml", text)];
        let problem = Problem::warning(
            "duplicate-key",
            FileId(0),
            Span::new(10, 11),
            "duplicate key `a`",
        )
        .with_related(Span::new(0, 1), "first defined here");
        let rendered = render_problem(&problem, &files);
        assert!(rendered.contains("first defined here"), "{rendered}");
        assert!(rendered.contains("warning[duplicate-key]"), "{rendered}");
    }
}
