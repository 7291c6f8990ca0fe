//! Writing a report: to standard output, or to a file atomically (a temporary file beside
//! it, then a rename), so that a failed run never leaves a half-written report.

use std::io::{self, Write};
use std::path::Path;

/// Writes `contents` to `path` atomically, or to standard output when `path` is `None`.
pub fn write_report(path: Option<&Path>, contents: &str) -> io::Result<()> {
    let Some(path) = path else {
        let mut stdout = io::stdout().lock();
        stdout.write_all(contents.as_bytes())?;
        return stdout.flush();
    };
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::NamedTempFile::new_in(directory)?;
    temporary.write_all(contents.as_bytes())?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.sarif");
        std::fs::write(&target, "old").unwrap();
        write_report(Some(&target), "new contents").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new contents");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_directory_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no/such/dir/report.json");
        assert!(write_report(Some(&target), "x").is_err());
        assert!(!target.exists());
    }
}
