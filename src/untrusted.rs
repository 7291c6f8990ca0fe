//! Reading files a pull request supplies: never more than a limit, never blocking on a
//! FIFO or device found in the repository, never outside the repository.
//!
//! A committed symbolic link can point at `/dev/zero` (endless), at a FIFO (an `open`
//! that never returns) or at a file outside the checkout (`/etc/passwd`, the runner's
//! credentials), and a Terraform module source can climb out with `../`. Files found
//! this way are read only when they are regular files inside the [`Root`], and always
//! through [`read_bounded`], which stops one byte past its limit whatever the source.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Why bytes were not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// More bytes than the limit.
    #[error("larger than the limit of {} MiB", .limit >> 20)]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// Not a regular file (a directory, FIFO, socket or device).
    #[error("not a regular file (a {kind})")]
    NotRegular {
        /// What it is instead.
        kind: &'static str,
    },
    /// Outside the scan root.
    #[error("it leads outside `{}`", .root.display())]
    Outside {
        /// The root it must stay in.
        root: PathBuf,
    },
    /// Memory for the bytes could not be had.
    #[error("too large to hold in memory")]
    OutOfMemory,
    /// The system refused.
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Reads `reader` to its end, failing once it yields more than `limit` bytes (so at most
/// `limit` bytes are held; a device that never ends stops there). `size_hint` (a regular
/// file's length) sizes the buffer at once. Memory is reserved fallibly: running out is
/// an error, not an abort.
pub fn read_bounded(
    mut reader: impl Read,
    limit: u64,
    size_hint: u64,
) -> Result<Vec<u8>, ReadError> {
    // One byte past the limit tells a file of exactly `limit` bytes from a longer one.
    let most = usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX);
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(
            usize::try_from(size_hint.saturating_add(1)).map_or(most, |n| n.min(most)),
        )
        .map_err(|_| ReadError::OutOfMemory)?;
    loop {
        if bytes.len() == bytes.capacity() {
            // Doubling, but never past `most`: a 1 GiB limit never asks for 2 GiB.
            let wanted = (bytes.capacity() * 2).max(64 * 1024).min(most);
            bytes
                .try_reserve_exact(wanted - bytes.len())
                .map_err(|_| ReadError::OutOfMemory)?;
        }
        let spare = bytes.capacity() - bytes.len();
        // Reads straight into the spare room; `take` keeps `read_to_end` from growing it.
        let read = match reader.by_ref().take(spare as u64).read_to_end(&mut bytes) {
            Ok(read) => read,
            Err(error) => return Err(ReadError::Io(error)),
        };
        if bytes.len() as u64 > limit {
            return Err(ReadError::TooLarge { limit });
        }
        if read < spare {
            return Ok(bytes);
        }
    }
}

/// Reads a regular file (symbolic links followed) of at most `limit` bytes. Anything else
/// is refused before it is opened, so a FIFO or device is never waited on or read.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let metadata = fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular {
            kind: kind_of(&metadata.file_type()),
        });
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let file = File::open(path)?;
    // The path may have been swapped since it was looked at; what was opened counts.
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(ReadError::NotRegular {
            kind: kind_of(&opened.file_type()),
        });
    }
    read_bounded(file, limit, opened.len())
}

/// [`read_regular`] of UTF-8 text.
pub fn read_regular_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read_regular(path, limit)?;
    String::from_utf8(bytes).map_err(|error| {
        ReadError::Io(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not valid UTF-8 ({})", error.utf8_error()),
        ))
    })
}

/// What a file that is not regular is, in words.
pub fn kind_of(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "FIFO";
        }
        if file_type.is_socket() {
            return "socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "device";
        }
    }
    if file_type.is_dir() {
        "directory"
    } else if file_type.is_symlink() {
        "symbolic link"
    } else if file_type.is_file() {
        "regular file"
    } else {
        "special file"
    }
}

/// The directory that files found through the inputs (`.tf` files, module sources, rule
/// test inputs) must stay in, symbolic links resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root(PathBuf);

impl Root {
    /// The repository around `dir`: the nearest directory at or above it that holds a
    /// `.git` (a directory, or a file in a worktree or submodule); without one, the
    /// working directory when it holds `dir`, else `dir` itself. `dir` was named by the
    /// user (or is an input's own directory), so it is trusted; only what it leads to is
    /// confined.
    pub fn around(dir: &Path) -> io::Result<Root> {
        let dir = fs::canonicalize(dir)?;
        if let Some(top) = crate::source_root::git_top_level(&dir) {
            return Ok(Root(top));
        }
        let working = std::env::current_dir().and_then(fs::canonicalize)?;
        Ok(Root(if dir.starts_with(&working) {
            working
        } else {
            dir
        }))
    }

    /// Exactly `dir`.
    pub fn at(dir: &Path) -> io::Result<Root> {
        fs::canonicalize(dir).map(Root)
    }

    /// The root directory.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// `path` with every symbolic link resolved, if that lies inside the root.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, ReadError> {
        let resolved = fs::canonicalize(path)?;
        if resolved.starts_with(&self.0) {
            Ok(resolved)
        } else {
            Err(ReadError::Outside {
                root: self.0.clone(),
            })
        }
    }

    /// Reads the regular file at `path` (at most `limit` bytes) if it lies inside the root.
    pub fn read_text(&self, path: &Path, limit: u64) -> Result<String, ReadError> {
        read_regular_text(&self.resolve(path)?, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_reader_stops_one_byte_past_the_limit() {
        let zeros = io::repeat(0);
        let error = read_bounded(zeros, 1 << 20, 0).unwrap_err();
        assert!(matches!(error, ReadError::TooLarge { limit } if limit == 1 << 20));
        assert_eq!(read_bounded(&b"abc"[..], 3, 0).unwrap(), b"abc");
        assert!(read_bounded(&b"abcd"[..], 3, 100).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_links_out_of_the_root_are_refused_unopened() {
        let dir = tempfile::tempdir().unwrap();
        let root = Root::at(dir.path()).unwrap();
        let fifo = dir.path().join("pipe.tf");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let error = root.read_text(&fifo, 100).unwrap_err();
        assert_eq!(error.to_string(), "not a regular file (a FIFO)");
        let zero = dir.path().join("zero.tf");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let error = root.read_text(&zero, 100).unwrap_err();
        assert!(matches!(error, ReadError::Outside { .. }), "{error}");
        assert!(matches!(
            read_regular(&zero, 100).unwrap_err(),
            ReadError::NotRegular { kind: "device" }
        ));
        let inside = dir.path().join("main.tf");
        fs::write(&inside, "x").unwrap();
        std::os::unix::fs::symlink(&inside, dir.path().join("link.tf")).unwrap();
        assert_eq!(
            root.read_text(&dir.path().join("link.tf"), 100).unwrap(),
            "x"
        );
        assert!(matches!(
            root.read_text(&inside, 0).unwrap_err(),
            ReadError::TooLarge { .. }
        ));
        assert!(matches!(
            root.read_text(&dir.path().join("../x.tf"), 100),
            Err(ReadError::Outside { .. } | ReadError::Io(_))
        ));
    }

    #[test]
    fn the_root_is_the_nearest_git_top_level() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("infra/prod");
        fs::create_dir_all(&nested).unwrap();
        fs::create_dir(dir.path().join(".git")).unwrap();
        let root = Root::around(&nested).unwrap();
        assert_eq!(root.path(), fs::canonicalize(dir.path()).unwrap());
    }
}
