//! Writing reports: which formats go where (`--output [FORMAT=]FILE`, repeatable, so that
//! one scan writes every report a CI job needs), and writing each to standard output or
//! to a file atomically (a temporary file beside it, then a rename), so that a failed run
//! never leaves a half-written report.
//!
//! An `--output` value is `FORMAT=FILE` when the text before its first `=` is a format
//! name (`sarif=results.sarif`), and a plain FILE, in the `--format` format, when that
//! text is not a bare word (`./a=b.sarif`, `reports/x=y.json`); a bare word that is no
//! format (`xml=r.xml`, `Sarif=x`) is refused rather than taken for a file name, since it
//! is most likely a mistyped format. `-` is standard output. Standard output also gets the
//! `--format` report unless an output already goes there or a plain FILE was given (as
//! before several outputs existed: `--format sarif -o x.sarif` prints nothing).
//!
//! Only regular files are replaced that way. A device, FIFO or socket (`/dev/null`,
//! `/dev/stdout`, a named pipe) is written in place: renaming over it would replace the
//! device itself with a regular file. A symbolic link is followed, so the link stays a link.
//!
//! The report gets the mode a plain write would give it: a replaced file keeps its own, a
//! new one gets `0666` less the umask (a temporary file alone would be `0600`). A run ended
//! by SIGINT, SIGTERM or SIGHUP while the temporary file exists removes it first: the
//! signals are watched from the first atomic write on by a thread that deletes the pending
//! file and then ends the process as the signal would have.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::report::Format;

/// Where a report is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Standard output (`-`).
    Stdout,
    /// A file, replaced atomically.
    File(PathBuf),
}

impl Target {
    /// The file, or `None` for standard output (as [`write_report`] takes it).
    pub fn path(&self) -> Option<&Path> {
        match self {
            Target::Stdout => None,
            Target::File(path) => Some(path),
        }
    }
}

/// One `--output` value: a format, when it names one, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// The format of `FORMAT=FILE`; `None` for a plain FILE (the `--format` one).
    pub format: Option<Format>,
    /// Where it goes.
    pub target: Target,
}

impl std::str::FromStr for Output {
    type Err = String;

    /// Reads `[FORMAT=]FILE` as the module documentation describes.
    fn from_str(value: &str) -> Result<Output, String> {
        let target = |file: &str| match file {
            "-" => Target::Stdout,
            file => Target::File(PathBuf::from(file)),
        };
        let names = || {
            Format::ALL
                .iter()
                .map(|format| format.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if value.is_empty() {
            return Err("name a file, or `-` for standard output".to_owned());
        }
        let Some((prefix, file)) = value.split_once('=') else {
            return Ok(Output {
                format: None,
                target: target(value),
            });
        };
        if let Some(format) = Format::named(prefix) {
            if file.is_empty() {
                return Err(format!(
                    "`{prefix}=` names no file: write `{prefix}=FILE`, or `{prefix}=-` for \
                     standard output"
                ));
            }
            return Ok(Output {
                format: Some(format),
                target: target(file),
            });
        }
        let bare_word = prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if bare_word {
            return Err(format!(
                "`{prefix}` is not a format (formats: {}); a file whose name has `=` in it \
                 is written as a path, such as `./{value}`",
                names()
            ));
        }
        Ok(Output {
            format: None,
            target: target(value),
        })
    }
}

/// One report to write: its format and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    /// The format.
    pub format: Format,
    /// Where.
    pub target: Target,
}

/// Every report a run writes for `outputs` (in their order) with `--format` `format`:
/// each output in its own format or `format`, then standard output in `format` unless an
/// output already goes there or a plain FILE was given. Two outputs to one file (or two
/// to standard output) are refused, with a message naming both.
pub fn destinations(outputs: &[Output], format: Format) -> Result<Vec<Destination>, String> {
    let mut seen: Vec<(Option<PathBuf>, &Output)> = Vec::new();
    for output in outputs {
        let identity = output.target.path().map(file_identity);
        if let Some((_, earlier)) = seen.iter().find(|(other, _)| *other == identity) {
            let what = match output.target {
                Target::Stdout => "standard output".to_owned(),
                Target::File(_) => "one file".to_owned(),
            };
            return Err(format!(
                "--output {} and --output {} both write to {what}; give each report a file \
                 of its own",
                shown(earlier),
                shown(output)
            ));
        }
        seen.push((identity, output));
    }
    let mut destinations: Vec<Destination> = outputs
        .iter()
        .map(|output| Destination {
            format: output.format.unwrap_or(format),
            target: output.target.clone(),
        })
        .collect();
    let stdout_taken = outputs.iter().any(|output| {
        output.target == Target::Stdout
            || (output.format.is_none() && matches!(output.target, Target::File(_)))
    });
    if !stdout_taken {
        destinations.push(Destination {
            format,
            target: Target::Stdout,
        });
    }
    Ok(destinations)
}

/// An `--output` value as the user wrote it.
fn shown(output: &Output) -> String {
    let file = match &output.target {
        Target::Stdout => "-".to_owned(),
        Target::File(path) => path.display().to_string(),
    };
    match output.format {
        Some(format) => format!("{}={file}", format.name()),
        None => file,
    }
}

/// What tells two report paths apart: the file a path names once its directory (and the
/// file itself, if it is a symbolic link) is resolved; the path made absolute when its
/// directory does not exist.
fn file_identity(path: &Path) -> PathBuf {
    if let Ok(real) = fs::canonicalize(path) {
        return real;
    }
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    match (fs::canonicalize(parent), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

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
        _ => write_atomically(&target, |file| file.write_all(contents.as_bytes())),
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

/// The temporary file being written, if any: a signal handler removes it.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

fn pending() -> MutexGuard<'static, Option<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Clears [`PENDING`] when the write is over, whichever way it ended.
struct PendingGuard;

impl Drop for PendingGuard {
    fn drop(&mut self) {
        *pending() = None;
    }
}

fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> io::Result<()> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let existing = fs::metadata(path)
        .ok()
        .map(|metadata| metadata.permissions());
    let mut builder = tempfile::Builder::new();
    builder.prefix(".supportscan-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created like any new file (the umask applies); an existing mode is set exactly below.
        builder.permissions(fs::Permissions::from_mode(0o666));
        watch_signals();
    }
    let (_guard, mut temporary) = {
        // Held while the file is created, so a signal cannot fall between its creation
        // and its registration.
        let mut registered = pending();
        let temporary = builder
            .tempfile_in(directory)
            .map_err(|error| in_directory(directory, &error))?;
        *registered = Some(temporary.path().to_path_buf());
        (PendingGuard, temporary)
    };
    if let Some(permissions) = existing {
        temporary.as_file().set_permissions(permissions)?;
    }
    write(temporary.as_file_mut())?;
    temporary.as_file().sync_all()?;
    let mut registered = pending();
    temporary.persist(path).map_err(|error| error.error)?;
    *registered = None;
    Ok(())
}

/// Why a report cannot be created in `directory`, naming the directory (the temporary
/// file's name would only puzzle).
fn in_directory(directory: &Path, error: &io::Error) -> io::Error {
    let shown = crate::source::display_path(directory);
    let message = match error.kind() {
        io::ErrorKind::NotFound => {
            format!("the directory {shown} does not exist; create it first")
        }
        kind => format!("cannot create a file in the directory {shown}: {kind}"),
    };
    io::Error::new(error.kind(), message)
}

/// From the first call on, SIGINT, SIGTERM and SIGHUP remove the pending temporary file,
/// then end the process as the signal's default action would.
#[cfg(unix)]
fn watch_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    static WATCHING: std::sync::Once = std::sync::Once::new();
    WATCHING.call_once(|| {
        // Without the watcher a signal leaves the temporary file behind, nothing worse.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            for signal in signals.forever() {
                if let Some(path) = pending().take() {
                    let _ = fs::remove_file(path);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(value: &str) -> Result<Output, String> {
        value.parse()
    }

    fn file(format: Option<Format>, path: &str) -> Output {
        Output {
            format,
            target: Target::File(PathBuf::from(path)),
        }
    }

    #[test]
    fn an_output_is_a_format_and_a_file_or_a_plain_file() {
        assert_eq!(
            output("sarif=x.sarif").unwrap(),
            file(Some(Format::Sarif), "x.sarif")
        );
        assert_eq!(output("x.sarif").unwrap(), file(None, "x.sarif"));
        assert_eq!(
            output("markdown=-").unwrap(),
            Output {
                format: Some(Format::Markdown),
                target: Target::Stdout
            }
        );
        assert_eq!(output("-").unwrap().target, Target::Stdout);
        // Only the first `=` separates; a path with `=` before it is a plain file.
        assert_eq!(
            output("json=out/a=b.json").unwrap(),
            file(Some(Format::Json), "out/a=b.json")
        );
        assert_eq!(output("./a=b.sarif").unwrap(), file(None, "./a=b.sarif"));
        assert_eq!(
            output("reports/x=y.json").unwrap(),
            file(None, "reports/x=y.json")
        );
    }

    #[test]
    fn a_word_that_is_no_format_is_refused_with_the_way_out() {
        let error = output("xml=r.xml").unwrap_err();
        assert!(error.contains("`xml` is not a format"), "{error}");
        assert!(error.contains("text, json, sarif"), "{error}");
        assert!(error.contains("`./xml=r.xml`"), "{error}");
        assert!(output("Sarif=x").is_err());
        assert!(output("sarif=").unwrap_err().contains("names no file"));
        assert!(output("").is_err());
    }

    #[test]
    fn standard_output_gets_the_format_unless_taken() {
        let to = |outputs: &[&str]| {
            let outputs: Vec<Output> = outputs.iter().map(|o| output(o).unwrap()).collect();
            destinations(&outputs, Format::Github).unwrap()
        };
        let stdout = |format| Destination {
            format,
            target: Target::Stdout,
        };
        assert_eq!(to(&[]), [stdout(Format::Github)]);
        assert_eq!(
            to(&["sarif=r.sarif", "markdown=s.md"]),
            [
                Destination {
                    format: Format::Sarif,
                    target: Target::File("r.sarif".into())
                },
                Destination {
                    format: Format::Markdown,
                    target: Target::File("s.md".into())
                },
                stdout(Format::Github),
            ]
        );
        // A plain FILE takes the place of standard output, as a single `-o` always did.
        assert_eq!(
            to(&["r.txt"]),
            [Destination {
                format: Format::Github,
                target: Target::File("r.txt".into())
            }]
        );
        assert_eq!(to(&["json=-"]), [stdout(Format::Json)]);
    }

    #[test]
    fn two_outputs_to_one_place_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.sarif");
        let same = dir.path().join(".").join("a.sarif");
        let outputs = [
            file(Some(Format::Sarif), &a.to_string_lossy()),
            file(None, &same.to_string_lossy()),
        ];
        let error = destinations(&outputs, Format::Json).unwrap_err();
        assert!(error.contains("both write to one file"), "{error}");
        let outputs = [output("-").unwrap(), output("json=-").unwrap()];
        let error = destinations(&outputs, Format::Text).unwrap_err();
        assert_eq!(
            error,
            "--output - and --output json=- both write to standard output; give each \
             report a file of its own"
        );
        let outputs = [
            file(Some(Format::Sarif), &a.to_string_lossy()),
            file(
                Some(Format::Sarif),
                &dir.path().join("b.sarif").to_string_lossy(),
            ),
        ];
        assert!(destinations(&outputs, Format::Text).is_ok());
    }

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

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_report_keeps_its_mode_and_a_new_one_follows_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        for wanted in [0o644, 0o640, 0o664] {
            let target = dir.path().join("report.sarif");
            fs::write(&target, "old").unwrap();
            fs::set_permissions(&target, fs::Permissions::from_mode(wanted)).unwrap();
            write_report(Some(&target), "new").unwrap();
            assert_eq!(mode(&target), wanted);
        }
        // A file created the ordinary way gets 0666 less the umask: so must a new report.
        let ordinary = dir.path().join("ordinary");
        fs::File::create(&ordinary).unwrap();
        let fresh = dir.path().join("fresh.json");
        write_report(Some(&fresh), "{}").unwrap();
        assert_eq!(mode(&fresh), mode(&ordinary));
    }

    /// Set for the child process of the signal test: the directory it writes into.
    #[cfg(unix)]
    const CHILD_DIR: &str = "SUPPORTSCAN_TEST_SIGNAL_DIR";

    #[cfg(unix)]
    #[test]
    #[ignore = "the child process of a_signal_while_writing_leaves_no_temporary_file"]
    fn child_stops_in_the_middle_of_a_write() {
        let dir = PathBuf::from(std::env::var_os(CHILD_DIR).unwrap());
        let _ = write_atomically(&dir.join("report.json"), |file| {
            file.write_all(b"{\"half\":")?;
            println!("ready");
            io::stdout().flush()?;
            std::thread::sleep(std::time::Duration::from_secs(30));
            Ok(())
        });
        panic!("the signal did not end the write");
    }

    #[cfg(unix)]
    #[test]
    fn a_signal_while_writing_leaves_no_temporary_file() {
        use std::io::BufRead;
        use std::os::unix::process::ExitStatusExt;
        for signal in ["TERM", "INT"] {
            let dir = tempfile::tempdir().unwrap();
            let mut child = std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "--ignored",
                    "--exact",
                    "--nocapture",
                    "output::tests::child_stops_in_the_middle_of_a_write",
                ])
                .env(CHILD_DIR, dir.path())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            let stdout = io::BufReader::new(child.stdout.take().unwrap());
            for line in stdout.lines() {
                if line.unwrap() == "ready" {
                    break;
                }
            }
            assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "writing");
            let killed = std::process::Command::new("kill")
                .arg(format!("-{signal}"))
                .arg(child.id().to_string())
                .status()
                .unwrap();
            assert!(killed.success());
            let status = child.wait().unwrap();
            assert!(status.signal().is_some(), "{signal}: {status:?}");
            let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
            assert!(left.is_empty(), "{signal}: {left:?}");
        }
    }
}
