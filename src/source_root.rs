//! The repository root that machine-read reports name files from.
//!
//! GitHub resolves a SARIF `uri` and an annotation's `file=` against the checkout, so a
//! scan run as `cd infra && supportscan scan .` must still write `infra/stack.yaml`. The
//! root is the git top level of the inputs (the nearest directory at or above the first
//! input that holds a `.git`, which is a file in a worktree or submodule; no `git` binary
//! is needed), or `--source-root DIR`; for standard input, or inputs in no repository, the
//! working directory's repository, and without one the working directory itself. A file
//! inside the root is named relative to it, with forward slashes; a file outside it by
//! its absolute path. Paths are compared lexically (`.` and `..` folded), then with
//! symbolic links resolved; a file outside the root keeps the name the user gave it, so
//! that a link in the repository never reveals where it points.
//!
//! Windows paths are understood on every platform (a drive path `C:\x` or `C:/x` and a
//! UNC path `\\server\share` are absolute), so that what a report says does not depend on
//! where it was written.

use std::io;
use std::path::{Path, PathBuf};

/// The name the scan gives standard input; it is no file of the repository.
pub const STDIN_NAME: &str = "<stdin>";

/// The root and the working directory of a scan, both absolute, with forward slashes and
/// without a trailing one (`/work/repo`, `C:/work/repo`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRoot {
    root: String,
    working_directory: String,
}

/// Where a file is, as a report names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// Inside the root: a relative path with forward slashes (`infra/stack.yaml`).
    Relative(String),
    /// Outside the root: an absolute path with forward slashes (`/tmp/x.json`,
    /// `C:/x.json`, `//server/share/x.json`).
    Absolute(String),
}

impl Place {
    /// The path as text, relative or absolute.
    pub fn as_str(&self) -> &str {
        match self {
            Place::Relative(path) | Place::Absolute(path) => path,
        }
    }
}

impl SourceRoot {
    /// The root of a scan of `inputs` run in `working_directory`: `given` when set (it
    /// must be a directory), else the git top level of the first input in a repository,
    /// else that of `working_directory` (standard input, inputs outside any repository),
    /// else `working_directory` itself.
    pub fn find(
        given: Option<&Path>,
        inputs: &[PathBuf],
        working_directory: &Path,
    ) -> io::Result<SourceRoot> {
        let working = resolved(working_directory);
        let root = match given {
            Some(dir) => {
                let dir = working_directory.join(dir);
                if !std::fs::metadata(&dir)?.is_dir() {
                    return Err(io::Error::new(
                        io::ErrorKind::NotADirectory,
                        "not a directory",
                    ));
                }
                resolved(&dir)
            }
            None => inputs
                .iter()
                .filter(|path| path.as_os_str() != "-")
                .find_map(|path| {
                    let path = working_directory.join(path);
                    git_top_level(&std::fs::canonicalize(&path).unwrap_or(path))
                })
                .or_else(|| git_top_level(Path::new(&working)))
                .map_or_else(|| working.clone(), |top| resolved(&top)),
        };
        Ok(SourceRoot {
            root,
            working_directory: working,
        })
    }

    /// A root at `root` for a scan run in `working_directory`, both absolute paths
    /// (`/work/repo`, `C:\work\repo`), taken as they are written.
    pub fn at(root: &str, working_directory: &str) -> SourceRoot {
        SourceRoot {
            root: normalized(root, ""),
            working_directory: normalized(working_directory, ""),
        }
    }

    /// The root, absolute, with forward slashes.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// The working directory, absolute, with forward slashes.
    pub fn working_directory(&self) -> &str {
        &self.working_directory
    }

    /// Where the file a scan names `path` is (`path` as the user gave it: relative to the
    /// working directory, or absolute). Standard input keeps its name.
    pub fn place(&self, path: &Path) -> Place {
        let text = crate::source::display_path(path);
        if text == STDIN_NAME {
            return Place::Relative(text);
        }
        let absolute = normalized(&text, &self.working_directory);
        if let Some(relative) = relative_to(&absolute, &self.root) {
            return Place::Relative(relative);
        }
        // Named through a symbolic link (`/tmp` for `/private/tmp`)? Resolved, it may lie
        // inside the root. What lies outside keeps the name the user gave it: a link in
        // the repository never reveals where it points.
        std::fs::canonicalize(Path::new(&self.working_directory).join(path))
            .ok()
            .and_then(|real| relative_to(&normalized(&real.to_string_lossy(), ""), &self.root))
            .map_or(Place::Absolute(absolute), Place::Relative)
    }

    /// [`SourceRoot::place`] as text.
    pub fn path(&self, path: &Path) -> String {
        self.place(path).as_str().to_owned()
    }
}

/// The nearest directory at or above `path` (a file or a directory) that holds a `.git`:
/// a directory, or the file git writes in a worktree or a submodule.
pub fn git_top_level(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .find(|dir| dir.join(".git").symlink_metadata().is_ok())
        .map(Path::to_path_buf)
}

/// `path` with symbolic links resolved when it exists, else folded lexically; normalized.
fn resolved(path: &Path) -> String {
    match std::fs::canonicalize(path) {
        Ok(real) => normalized(&real.to_string_lossy(), ""),
        Err(_) => normalized(&path.to_string_lossy(), ""),
    }
}

/// `path` made absolute against `base` (when it is relative), with forward slashes, `.`
/// and `..` folded, no trailing slash, and Windows' verbatim prefix (`\\?\`) dropped.
fn normalized(path: &str, base: &str) -> String {
    let path = path.replace('\\', "/");
    let path = match path.strip_prefix("//?/") {
        Some(rest) => match rest.strip_prefix("UNC/") {
            Some(share) => format!("//{share}"),
            None => rest.to_owned(),
        },
        None => path,
    };
    let (prefix, rest) = match absolute_prefix(&path) {
        Some(prefix) => (prefix.to_owned(), path[prefix.len()..].to_owned()),
        None => {
            let base = normalized(base, "");
            match absolute_prefix(&base) {
                Some(prefix) => (
                    prefix.to_owned(),
                    format!("{}/{path}", &base[prefix.len()..]),
                ),
                None => (String::new(), path),
            }
        }
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    // A drive letter reads the same whichever case it was typed in.
    let prefix = match prefix.as_bytes() {
        [letter, b':', b'/'] => format!("{}:/", char::from(*letter).to_ascii_uppercase()),
        _ => prefix,
    };
    format!("{prefix}{}", parts.join("/"))
}

/// The part of an absolute path (forward slashes) that makes it absolute: `/`, a drive
/// `C:/`, or a UNC share `//server/share/`; `None` for a relative path.
fn absolute_prefix(path: &str) -> Option<&str> {
    let bytes = path.as_bytes();
    if let Some(rest) = path.strip_prefix("//") {
        let server = rest.find('/')?;
        let share_end = rest[server + 1..]
            .find('/')
            .map_or(rest.len(), |end| server + 1 + end + 1);
        return Some(&path[..(2 + share_end).min(path.len())]);
    }
    if bytes.first() == Some(&b'/') {
        return Some(&path[..1]);
    }
    match bytes {
        [letter, b':', b'/', ..] if letter.is_ascii_alphabetic() => Some(&path[..3]),
        [letter, b':'] if letter.is_ascii_alphabetic() => Some(path),
        _ => None,
    }
}

/// Whether `path` (either slash) is absolute on some platform: `/x`, `C:\x`, `C:/x`,
/// `\\server\share`.
pub fn is_absolute(path: &str) -> bool {
    absolute_prefix(&path.replace('\\', "/")).is_some()
}

/// `path` relative to `root` (both normalized), when it lies inside it.
fn relative_to(path: &str, root: &str) -> Option<String> {
    if path == root {
        return Some(".".to_owned());
    }
    let rest = path.strip_prefix(root)?;
    let rest = if root.ends_with('/') {
        rest
    } else {
        rest.strip_prefix('/')?
    };
    Some(rest.to_owned())
}

/// The `file:` URI of an absolute path (forward slashes), percent-encoded:
/// `file:///work/a%20b`, `file:///C:/x`, `file://server/share/x`.
pub fn file_uri(absolute: &str) -> String {
    match absolute.strip_prefix("//") {
        Some(unc) => format!("file://{}", percent_encode(unc)),
        None if absolute.starts_with('/') => format!("file://{}", percent_encode(absolute)),
        None => format!("file:///{}", percent_encode(absolute)),
    }
}

/// The `file:` URI of a directory, ending in `/` as SARIF wants a base URI to.
pub fn directory_uri(absolute: &str) -> String {
    let uri = file_uri(absolute);
    if uri.ends_with('/') {
        uri
    } else {
        format!("{uri}/")
    }
}

/// Percent-encodes what may not stand in a URI path (RFC 3986: unreserved characters,
/// `/` and sub-delimiters stay as they are).
pub fn percent_encode(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte);
        if keep {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalized_on_every_platform() {
        assert_eq!(
            normalized("infra/./a/../stack.yaml", "/work/repo/"),
            "/work/repo/infra/stack.yaml"
        );
        assert_eq!(
            normalized("../x.json", "/work/repo/infra"),
            "/work/repo/x.json"
        );
        assert_eq!(normalized("/", ""), "/");
        assert_eq!(normalized("c:\\work\\repo\\", ""), "C:/work/repo");
        assert_eq!(normalized("stack.yaml", "D:\\w"), "D:/w/stack.yaml");
        assert_eq!(normalized("\\\\?\\C:\\work\\x", ""), "C:/work/x");
        assert_eq!(normalized("\\\\?\\UNC\\srv\\share\\x", ""), "//srv/share/x");
        assert_eq!(normalized("\\\\srv\\share\\a\\..\\b", ""), "//srv/share/b");
        assert_eq!(normalized("C:/", ""), "C:/");
    }

    #[test]
    fn windows_drive_and_unc_paths_are_absolute() {
        for absolute in [
            "/tmp/x",
            "C:\\x",
            "c:/x",
            "\\\\server\\share\\x",
            "//server/share",
        ] {
            assert!(is_absolute(absolute), "{absolute}");
        }
        for relative in ["x", "./x", "..\\x", "C", "1:/x"] {
            assert!(!is_absolute(relative), "{relative}");
        }
    }

    #[test]
    fn places_are_relative_inside_the_root_and_absolute_outside() {
        let root = SourceRoot::at("/nonexistent/repo", "/nonexistent/repo/infra");
        let place = |path: &str| root.place(Path::new(path));
        assert_eq!(
            place("stack.yaml"),
            Place::Relative("infra/stack.yaml".into())
        );
        assert_eq!(
            place("./a/../plan.json"),
            Place::Relative("infra/plan.json".into())
        );
        assert_eq!(place("../cfn/s.yaml"), Place::Relative("cfn/s.yaml".into()));
        assert_eq!(
            place("../../other/x.json"),
            Place::Absolute("/nonexistent/other/x.json".into())
        );
        assert_eq!(
            place("/nonexistent/repo/y.json"),
            Place::Relative("y.json".into())
        );
        // A sibling whose name starts like the root is outside it.
        assert_eq!(
            place("/nonexistent/repo2/y.json"),
            Place::Absolute("/nonexistent/repo2/y.json".into())
        );
        assert_eq!(place("<stdin>"), Place::Relative("<stdin>".into()));
        let windows = SourceRoot::at("C:\\work\\repo", "c:\\work\\repo\\infra");
        assert_eq!(
            windows.place(Path::new("C:\\work\\repo\\infra\\stack.yaml")),
            Place::Relative("infra/stack.yaml".into())
        );
        assert_eq!(
            windows.place(Path::new("D:\\plans\\plan.json")),
            Place::Absolute("D:/plans/plan.json".into())
        );
    }

    #[test]
    fn uris_of_files_and_directories() {
        assert_eq!(file_uri("/tmp/ünï.json"), "file:///tmp/%C3%BCn%C3%AF.json");
        assert_eq!(file_uri("C:/a b/x.json"), "file:///C:/a%20b/x.json");
        assert_eq!(file_uri("//server/share/x"), "file://server/share/x");
        assert_eq!(directory_uri("/work/repo"), "file:///work/repo/");
        assert_eq!(directory_uri("/"), "file:///");
        assert_eq!(directory_uri("C:/"), "file:///C:/");
    }

    #[test]
    fn the_git_top_level_is_found_in_worktrees_and_without_git() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join("infra/prod")).unwrap();
        // A worktree's `.git` is a file.
        std::fs::write(
            repo.join(".git"),
            "gitdir: /elsewhere/.git/worktrees/repo\n",
        )
        .unwrap();
        let stack = repo.join("infra/prod/stack.yaml");
        std::fs::write(&stack, "x").unwrap();
        assert_eq!(git_top_level(&stack).as_deref(), Some(repo.as_path()));
        let root = SourceRoot::find(
            None,
            &[PathBuf::from("stack.yaml")],
            &repo.join("infra/prod"),
        )
        .unwrap();
        assert_eq!(root.root(), resolved(&repo));
        assert_eq!(root.path(Path::new("stack.yaml")), "infra/prod/stack.yaml");
        assert_eq!(root.working_directory(), resolved(&repo.join("infra/prod")));
        // Standard input alone: the working directory's repository.
        let root = SourceRoot::find(None, &[PathBuf::from("-")], &repo.join("infra")).unwrap();
        assert_eq!(root.root(), resolved(&repo));
        // --source-root wins, and must be a directory.
        let root = SourceRoot::find(Some(Path::new("..")), &[], &repo.join("infra/prod")).unwrap();
        assert_eq!(root.path(Path::new("stack.yaml")), "prod/stack.yaml");
        assert!(
            SourceRoot::find(Some(Path::new("stack.yaml")), &[], &repo.join("infra/prod")).is_err()
        );
        assert!(SourceRoot::find(Some(Path::new("missing")), &[], &repo).is_err());
        // A link inside the checkout to a file outside is named as the user named it.
        #[cfg(unix)]
        {
            let secret = dir.path().join("secret.tf");
            std::fs::write(&secret, "x").unwrap();
            std::os::unix::fs::symlink(&secret, repo.join("users.tf")).unwrap();
            let root = SourceRoot::find(None, &[], &repo).unwrap();
            assert_eq!(root.path(Path::new("users.tf")), "users.tf");
            // A directory named through a link resolves into the root.
            std::os::unix::fs::symlink(&repo, dir.path().join("alias")).unwrap();
            let alias = dir.path().join("alias/infra/prod/stack.yaml");
            assert_eq!(root.path(&alias), "infra/prod/stack.yaml");
        }
        // Outside any repository: the working directory.
        let bare = dir.path().join("bare");
        std::fs::create_dir(&bare).unwrap();
        if git_top_level(&bare).is_none() {
            let root = SourceRoot::find(None, &[PathBuf::from("x.json")], &bare).unwrap();
            assert_eq!(root.root(), resolved(&bare));
        }
    }
}
