//! Reading every input: discovery, then for each file in parallel read, decode, detect and
//! load. A bad file becomes a positioned problem and never stops the others.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::detect::{self, Detected};
use crate::discover::{self, Candidate, InputPath, Origin};
use crate::load::terraform_source::{self, LoadedModule, VariableOptions};
use crate::load::{InputKind, LoadedInput, cloudformation, snapshot, terraform};
use crate::problem::{Problem, Severity};
use crate::progress::Progress;
use crate::source::{FileId, SourceFile, Span};
use crate::untrusted::{ReadError, read_bounded};

/// Inputs larger than this are refused rather than read (a plan of 1 GiB is not a plan).
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Everything read from the inputs.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Every candidate file, indexed by [`FileId`]; skipped files keep their path only.
    pub files: Vec<SourceFile>,
    /// The inputs that loaded, in file order.
    pub loaded: Vec<LoadedInput>,
    /// Problems with inputs, in file order.
    pub problems: Vec<Problem>,
    /// Files found in directory walks that are not infrastructure code.
    pub skipped: usize,
}

/// What became of one candidate.
enum Outcome {
    Loaded(LoadedInput),
    Skipped,
    Failed(Problem),
}

/// How Terraform source (`.tf` root modules) is read.
#[derive(Clone, Debug, Default)]
pub struct SourceOptions {
    /// Values for the root modules' variables (`--var`, `--var-file`, `TF_VAR_*`).
    pub variables: VariableOptions,
    /// The configuration of the scanned plans (`--tf-source DIR`): the plans' values stand
    /// for it, so it is not read as source.
    pub tf_source: Option<PathBuf>,
}

/// Reads, detects and loads every input under `paths`.
pub fn read_inputs(paths: &[PathBuf]) -> Inputs {
    read_inputs_with_progress(paths, &Progress::hidden())
}

/// [`read_inputs`], counting each input read on `progress`.
pub fn read_inputs_with_progress(paths: &[PathBuf], progress: &Progress) -> Inputs {
    read_inputs_with_options(paths, &SourceOptions::default(), progress)
}

/// [`read_inputs_with_progress`], reading Terraform source with `options`.
pub fn read_inputs_with_options(
    paths: &[PathBuf],
    options: &SourceOptions,
    progress: &Progress,
) -> Inputs {
    progress.stage("finding inputs", None);
    let discovered = discover::discover(paths);
    progress.stage("reading inputs", Some(discovered.candidates.len() as u64));
    let mut inputs = Inputs::default();
    for (path, reason) in discovered.failures {
        inputs.problems.push(Problem {
            code: "unreadable-path",
            severity: Severity::Error,
            file: None,
            span: None,
            message: format!("{}: {reason}", crate::source::display_path(&path)),
            related: Vec::new(),
        });
    }
    let results: Vec<(SourceFile, Outcome)> = discovered
        .candidates
        .par_iter()
        .enumerate()
        .map(|(index, candidate)| {
            let read = read_one(candidate, FileId(index as u32));
            progress.advance();
            read
        })
        .collect();
    for (file, outcome) in results {
        match outcome {
            Outcome::Loaded(mut loaded) => {
                inputs.problems.append(&mut loaded.problems);
                inputs.loaded.push(loaded);
                inputs.files.push(file);
            }
            Outcome::Skipped => {
                inputs.skipped += 1;
                inputs.files.push(SourceFile::new(file.path, String::new()));
            }
            Outcome::Failed(problem) => {
                inputs.problems.push(problem);
                inputs.files.push(file);
            }
        }
    }
    let roots: Vec<PathBuf> = paths
        .iter()
        .filter(|path| path.as_os_str() != "-")
        .map(|path| match path.is_dir() {
            true => path.clone(),
            false => path.parent().map(Path::to_path_buf).unwrap_or_default(),
        })
        .collect();
    read_terraform_sources(&mut inputs, &discovered.terraform_dirs, &roots, options);
    link_stacks(&mut inputs, &roots);
    inputs
}

/// Reads the Terraform root modules among `dirs`, after the other inputs: a directory
/// that holds a plan of the scan (or is `--tf-source`) is that plan's configuration, whose
/// values the plan gives, and a walked directory that another one calls as a local module
/// is read through its caller, not as a root of its own.
///
/// A module reads nothing outside the repository around the scanned path it was found
/// under (or, outside a repository, that path itself): modules beside it in the scanned
/// tree are in.
fn read_terraform_sources(
    inputs: &mut Inputs,
    dirs: &[(PathBuf, Origin)],
    scanned: &[PathBuf],
    options: &SourceOptions,
) {
    if dirs.is_empty() {
        return;
    }
    let canonical = |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let mut planned: std::collections::HashSet<PathBuf> = inputs
        .loaded
        .iter()
        .filter(|input| input.kind == InputKind::TerraformPlan)
        .filter_map(|input| inputs.files.get(input.file.0 as usize))
        .filter_map(|file| {
            file.path.parent().map(|dir| {
                canonical(if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                })
            })
        })
        .collect();
    planned.extend(options.tf_source.as_deref().map(canonical));
    let modules: Vec<(Origin, LoadedModule)> = dirs
        .par_iter()
        .filter(|(dir, _)| !planned.contains(&canonical(dir)))
        .filter_map(|(dir, origin)| {
            let dir_path = canonical(dir);
            let under = scanned
                .iter()
                .map(|path| {
                    canonical(if path.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        path
                    })
                })
                .filter(|path| dir_path.starts_with(path))
                .min_by_key(|path| path.components().count())
                .unwrap_or_else(|| dir_path.clone());
            let root = crate::untrusted::Root::around(&under).ok()?;
            Some((
                *origin,
                terraform_source::load_root(dir, &root, &options.variables),
            ))
        })
        .collect();
    let called: std::collections::HashSet<&PathBuf> = modules
        .iter()
        .flat_map(|(_, module)| &module.called)
        .collect();
    let keep: Vec<bool> = modules
        .iter()
        .map(|(origin, module)| {
            *origin == Origin::Named || !called.contains(&canonical(&module.dir))
        })
        .collect();
    for ((_, mut module), keep) in modules.into_iter().zip(keep) {
        if !keep {
            continue;
        }
        module.renumber(u32::try_from(inputs.files.len()).unwrap_or(u32::MAX));
        inputs.files.append(&mut module.files);
        inputs.loaded.append(&mut module.loaded);
        inputs.problems.append(&mut module.problems);
    }
}

/// The scan-wide steps: the CloudFormation templates of one scan are one account's
/// stacks, and its snapshot pages one account's snapshot.
fn link_stacks(inputs: &mut Inputs, roots: &[PathBuf]) {
    cloudformation::stacks::link(
        &inputs.files,
        &mut inputs.loaded,
        &mut inputs.problems,
        roots,
    );
    snapshot::pages::link(&inputs.files, &mut inputs.loaded, &mut inputs.problems);
}

/// Loads files already in memory (the inline inputs of rule tests), each as if named on
/// the command line: a file that is not infrastructure code is a problem.
pub fn load_files(files: Vec<SourceFile>) -> Inputs {
    let mut inputs = Inputs::default();
    for (index, file) in files.into_iter().enumerate() {
        let id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
        match load(&file, id, Origin::Named) {
            Outcome::Loaded(mut loaded) => {
                inputs.problems.append(&mut loaded.problems);
                inputs.loaded.push(loaded);
            }
            Outcome::Skipped => inputs.skipped += 1,
            Outcome::Failed(problem) => inputs.problems.push(problem),
        }
        inputs.files.push(file);
    }
    link_stacks(&mut inputs, &[]);
    inputs
}

fn read_one(candidate: &Candidate, id: FileId) -> (SourceFile, Outcome) {
    let (path, bytes) = match read_bytes(&candidate.path) {
        Ok(read) => read,
        Err((path, reason)) => {
            let file = SourceFile::new(path, String::new());
            let problem = Problem::error("unreadable-file", id, Span::default(), reason);
            return (file, failed_unless_walked(candidate.origin, problem, true));
        }
    };
    let file = match String::from_utf8(bytes) {
        Ok(text) => SourceFile::new(path, text),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bad_byte = error.as_bytes().get(valid).copied().unwrap_or_default();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            // The lossy text has the same bytes up to the first invalid one, which becomes
            // U+FFFD there: the span covers that character.
            let file = SourceFile::new(path, text);
            let message =
                format!("not valid UTF-8 (byte 0x{bad_byte:02X}); save the file as UTF-8");
            let problem = Problem::error(
                "invalid-utf8",
                id,
                Span::new(valid, valid + char::REPLACEMENT_CHARACTER.len_utf8()),
                message,
            );
            let named = discover::named_as_infrastructure(&file.path);
            return (file, failed_unless_walked(candidate.origin, problem, named));
        }
    };
    // A large file's line index (a pass over all its bytes) is worked out beside its
    // loading, on the other thread; a small one's when a position is first asked for.
    let outcome = if file.text.len() >= LINE_INDEX_BESIDE_LOADING {
        rayon::join(|| load(&file, id, candidate.origin), || file.index_lines()).0
    } else {
        load(&file, id, candidate.origin)
    };
    (file, outcome)
}

/// The size from which a file's line index is worked out while the file loads.
const LINE_INDEX_BESIDE_LOADING: usize = 1 << 20;

fn load(file: &SourceFile, id: FileId, origin: Origin) -> Outcome {
    let result = match detect::detect(file, id) {
        Detected::TerraformPlan => terraform::load_plan(file, id),
        Detected::TerraformState => terraform::load_state(file, id),
        Detected::AccountSnapshot => snapshot::load_details(file, id),
        Detected::SupportAppChannels => snapshot::load_channels(file, id),
        Detected::CloudFormation(parsed) => {
            cloudformation::load_template(&parsed.root, id).map(|mut loaded| {
                let mut problems = parsed.warnings;
                problems.append(&mut loaded.problems);
                loaded.problems = problems;
                loaded
            })
        }
        Detected::NotInfrastructure => {
            if origin == Origin::Walked {
                return Outcome::Skipped;
            }
            let what = if file.text.trim().is_empty() {
                "an empty file"
            } else {
                "JSON or YAML of another kind"
            };
            Err(not_infrastructure(id, Span::default(), what))
        }
        Detected::Unparsable {
            problem,
            looks_like_infrastructure,
        } => {
            let marked = looks_like_infrastructure || discover::named_as_infrastructure(&file.path);
            if !marked && origin == Origin::Named {
                // A file named on the command line that nothing marks as infrastructure
                // code (a Helm template, a Jinja file): what it is not matters more than
                // where its YAML breaks.
                let span = problem.span.unwrap_or_default();
                let what = format!("not even valid JSON or YAML: {}", problem.message);
                return Outcome::Failed(not_infrastructure(id, span, &what));
            }
            return failed_unless_walked(origin, problem, marked);
        }
    };
    match result {
        Ok(loaded) => Outcome::Loaded(loaded),
        Err(problem) => Outcome::Failed(problem),
    }
}

/// A file named on the command line that is not infrastructure code; `what` says what
/// it is instead.
fn not_infrastructure(id: FileId, span: Span, what: &str) -> Problem {
    Problem::error(
        "not-infrastructure",
        id,
        span,
        format!(
            "not a Terraform or CloudFormation input: supportscan reads Terraform plans \
             (`terraform show -json plan.out`), Terraform state, Terraform modules (`.tf` \
             files), CloudFormation templates and account snapshots (`aws iam get-account-authorization-details`), \
             and this is {what}"
        ),
    )
}

/// A walked file that is not marked as infrastructure code is skipped quietly; anything
/// else that failed is a problem.
fn failed_unless_walked(origin: Origin, problem: Problem, marked: bool) -> Outcome {
    if origin == Origin::Walked && !marked {
        Outcome::Skipped
    } else {
        Outcome::Failed(problem)
    }
}

fn read_bytes(path: &InputPath) -> Result<(PathBuf, Vec<u8>), (PathBuf, String)> {
    match path {
        InputPath::Stdin => {
            let name = PathBuf::from("<stdin>");
            match read_bounded(std::io::stdin().lock(), MAX_INPUT_BYTES, 0) {
                Ok(bytes) if bytes.trim_ascii().is_empty() => Err((
                    name,
                    "standard input is empty: pipe a plan or template into it, as in \
                     `terraform show -json plan.out | supportscan scan -`"
                        .to_owned(),
                )),
                Ok(bytes) => Ok((name, bytes)),
                Err(ReadError::TooLarge { .. }) => Err((name, too_large())),
                Err(error) => Err((name, format!("cannot read standard input: {error}"))),
            }
        }
        InputPath::File(path) => read_file(path).map(|bytes| (path.clone(), bytes)),
    }
}

/// Reads a file named on the command line or found in a walk (walks yield regular files
/// only). A FIFO or device named explicitly (`<(terraform show -json)`, `/dev/stdin`) is
/// read like standard input, never past the limit; a regular file past it is not opened.
fn read_file(path: &Path) -> Result<Vec<u8>, (PathBuf, String)> {
    let fail = |error: ReadError| {
        let reason = match error {
            ReadError::TooLarge { .. } => too_large(),
            error => format!("cannot read: {error}"),
        };
        (path.to_path_buf(), reason)
    };
    let metadata = std::fs::metadata(path).map_err(|e| fail(e.into()))?;
    if metadata.is_file() && metadata.len() > MAX_INPUT_BYTES {
        return Err((path.to_path_buf(), too_large()));
    }
    let file = std::fs::File::open(path).map_err(|e| fail(e.into()))?;
    read_bounded(file, MAX_INPUT_BYTES, metadata.len()).map_err(fail)
}

fn too_large() -> String {
    format!(
        "larger than the input limit of {} MiB",
        MAX_INPUT_BYTES >> 20
    )
}
