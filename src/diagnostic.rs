//! Drawing problems for people: `error[code]: message`, the file, line and column, and the
//! source line with the offending text underlined (codespan-reporting draws the frame).
//!
//! `terraform show -json` writes a whole plan on one line; a frame of a 30 MB line helps
//! nobody, so lines longer than 400 bytes get the header and position only.

use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config, termcolor};

use crate::problem::{Problem, Severity};
use crate::source::SourceFile;

/// Lines longer than this (in bytes) are not drawn.
const MAX_FRAMED_LINE: usize = 400;

/// The files of a scan, as codespan-reporting wants to see them.
struct FileSet<'a>(&'a [SourceFile]);

impl<'a> Files<'a> for FileSet<'a> {
    type FileId = usize;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<String, FilesError> {
        Ok(self.file(id)?.display_path())
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

/// Writes `problems` to standard error, in colour when it is a terminal and `NO_COLOR` is
/// not set.
pub fn print_problems(problems: &[Problem], files: &[SourceFile]) {
    use std::io::IsTerminal;
    let color = if io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        termcolor::ColorChoice::Auto
    } else {
        termcolor::ColorChoice::Never
    };
    let stream = termcolor::StandardStream::stderr(color);
    let mut writer = stream.lock();
    for problem in problems {
        // A failed write to stderr leaves nothing better to do than go on.
        let _ = write_problem(&mut writer, problem, files);
    }
}

/// Renders one problem as plain text (tests and non-terminal output).
pub fn render_problem(problem: &Problem, files: &[SourceFile]) -> String {
    let mut buffer = termcolor::NoColor::new(Vec::new());
    let _ = write_problem(&mut buffer, problem, files);
    String::from_utf8_lossy(&buffer.into_inner()).into_owned()
}

fn write_problem(
    writer: &mut dyn termcolor::WriteColor,
    problem: &Problem,
    files: &[SourceFile],
) -> io::Result<()> {
    let location = problem
        .file
        .and_then(|id| files.get(id.0 as usize).map(|file| (id.0 as usize, file)));
    let framed = location.and_then(|(id, file)| {
        let span = problem.span?;
        let line = file.line_range(file.line_index(span.start as usize));
        (line.len() <= MAX_FRAMED_LINE).then_some((id, span))
    });
    let severity = match problem.severity {
        Severity::Error => codespan_reporting::diagnostic::Severity::Error,
        Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
    };
    let mut diagnostic = Diagnostic::new(severity)
        .with_code(problem.code)
        .with_message(&problem.message);
    if let Some((id, span)) = framed {
        let mut labels = vec![Label::primary(id, span.range())];
        for related in &problem.related {
            let file = related.file.map_or(id, |file| file.0 as usize);
            labels
                .push(Label::secondary(file, related.span.range()).with_message(&related.message));
        }
        diagnostic = diagnostic.with_labels(labels);
        return term::emit_to_write_style(writer, &Config::default(), &FileSet(files), &diagnostic)
            .map_err(io::Error::other);
    }
    // No frame: the header, then where it is.
    let mut header = String::new();
    let _ = term::emit_to_string(
        &mut header,
        &Config::default(),
        &FileSet(files),
        &diagnostic,
    );
    write!(writer, "{header}")?;
    if let Some((_, file)) = location {
        match problem.span.map(|span| file.position(span.start)) {
            Some(p) => writeln!(
                writer,
                "  --> {}:{}:{}",
                file.display_path(),
                p.line,
                p.column
            )?,
            None => writeln!(writer, "  --> {}", file.display_path())?,
        }
    }
    writeln!(writer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span};

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
