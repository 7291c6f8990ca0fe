//! Writing a report: to standard output, or to a file atomically (a temporary file beside
//! it, then a rename), so that a failed run never leaves a half-written report.
//!
//! Only regular files are replaced that way. A device, FIFO or socket (`/dev/null`,
//! `/dev/stdout`, a named pipe) is written in place: renaming over it would replace the
//! device itself with a regular file. A symbolic link is followed, so the link stays a link.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `contents` to `path` (atomically when it is, or will be, a regular file), or to
/// standard output when `path` is `None`.
pub fn write_report(path: Option<&Path>, contents: &str) -> io::Result<()> {
    let Some(path) = path else {
        let mut stdout = io::stdout().lock();
        stdout.write_all(contents.as_bytes())?;
        return stdout.flush();
    };
    let target = resolve_links(path)?;
    match fs::metadata(&target) {
        Ok(metadata) if !metadata.is_file() => write_in_place(&target, contents),
        _ => write_atomically(&target, contents),
    }
}

/// The file a path names once symbolic links are followed; the path itself when it does
/// not exist yet.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

fn write_in_place(path: &Path, contents: &str) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).open(path)?;
    file.write_all(contents.as_bytes())?;
    file.flush()
}

fn write_atomically(path: &Path, contents: &str) -> io::Result<()> {
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
        fs::write(&target, "old").unwrap();
        write_report(Some(&target), "new contents").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new contents");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_directory_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no/such/dir/report.json");
        assert!(write_report(Some(&target), "x").is_err());
        assert!(!target.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_in_place_and_stays_a_device() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        write_report(Some(null), "discarded").unwrap();
        assert!(fs::metadata(null).unwrap().file_type().is_char_device());
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_stays_a_link_to_the_new_contents() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.sarif");
        let link = dir.path().join("latest.sarif");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_report(Some(&link), "new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }
}
