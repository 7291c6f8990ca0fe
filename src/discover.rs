//! Finding the inputs: the paths a user named, and the files below named directories.
//!
//! Directories are walked with the `ignore` crate (ripgrep's walker), so `.gitignore` and
//! friends are honoured. Tool folders that hold no code of the user's (`.terraform/`,
//! `node_modules/`, CDK asset folders) are skipped; CDK templates in `cdk.out/` are not.
//! Whether a file is infrastructure code is decided later by its content; here we only pick
//! the files that could be (by extension) and remember whether the user named them.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

/// How an input came to be scanned: it decides what happens when it is not recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Named on the command line: it must be a recognised input.
    Named,
    /// Found in a directory walk: skipped quietly unless it looks like infrastructure code.
    Walked,
}

/// Where an input's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum InputPath {
    /// A file on disk.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

/// One input to read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Where it is.
    pub path: InputPath,
    /// How it was found.
    pub origin: Origin,
}

/// What discovery found: the candidates in a stable order, and the paths it could not use.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Files to read, sorted by path, each once.
    pub candidates: Vec<Candidate>,
    /// Paths that do not exist or could not be walked, with the reason.
    pub failures: Vec<(PathBuf, String)>,
    /// Directories holding `.tf` files (Terraform modules), sorted, each once, with how
    /// they were found: named (or a named `.tf` file's directory), or walked.
    pub terraform_dirs: Vec<(PathBuf, Origin)>,
}

/// Extensions of files that can hold a plan, a state or a template.
const CANDIDATE_EXTENSIONS: &[&str] = &["json", "yaml", "yml", "template", "tfstate"];

/// Directory names never walked into: tool caches, not the user's code.
const SKIPPED_DIRECTORIES: &[&str] = &[".terraform", "node_modules", ".git", ".aws-sam"];

/// Expands `paths` into the candidate files to read.
pub fn discover(paths: &[PathBuf]) -> Discovered {
    let mut found = Discovered::default();
    for path in paths {
        if path.as_os_str() == "-" {
            found.candidates.push(Candidate {
                path: InputPath::Stdin,
                origin: Origin::Named,
            });
        } else if path.is_dir() {
            walk(path, &mut found);
        } else if is_terraform_source(path) && path.is_file() {
            let dir = match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                _ => PathBuf::from("."),
            };
            found.terraform_dirs.push((dir, Origin::Named));
        } else if path.exists() {
            found.candidates.push(Candidate {
                path: InputPath::File(path.clone()),
                origin: Origin::Named,
            });
        } else {
            found
                .failures
                .push((path.clone(), "no such file or directory".to_owned()));
        }
    }
    found.candidates.sort();
    // A file both named and found in a walk keeps the stricter `Named` origin (sorted first).
    found
        .candidates
        .dedup_by(|later, earlier| later.path == earlier.path);
    found.terraform_dirs.sort();
    found
        .terraform_dirs
        .dedup_by(|later, earlier| later.0 == earlier.0);
    found
}

fn walk(root: &Path, found: &mut Discovered) {
    let walker = WalkBuilder::new(root)
        .filter_entry(|entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !(is_dir && entry.depth() > 0 && is_skipped_directory(entry.path()))
        })
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_terraform_source(entry.path()) {
                    let dir = entry
                        .path()
                        .parent()
                        .map(Path::to_path_buf)
                        .unwrap_or_default();
                    // A directory named on the command line is named, not walked.
                    let origin = if entry.depth() == 1 {
                        Origin::Named
                    } else {
                        Origin::Walked
                    };
                    found.terraform_dirs.push((dir, origin));
                } else if is_file && has_candidate_extension(entry.path()) {
                    found.candidates.push(Candidate {
                        path: InputPath::File(entry.into_path()),
                        origin: Origin::Walked,
                    });
                }
            }
            Err(error) => found.failures.push((root.to_path_buf(), error.to_string())),
        }
    }
}

/// Whether a file is Terraform source: `*.tf`, or `*.tf.json` in Terraform's JSON syntax.
fn is_terraform_source(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.ends_with(".tf") || name.ends_with(".tf.json"))
}

fn is_skipped_directory(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if SKIPPED_DIRECTORIES.contains(&name) {
        return true;
    }
    // CDK copies Lambda code and Docker contexts into cdk.out/asset.<hash>/: not templates.
    let in_cdk_out = path
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|parent| parent == "cdk.out");
    in_cdk_out && name.starts_with("asset.")
}

fn has_candidate_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        CANDIDATE_EXTENSIONS
            .iter()
            .any(|c| e.eq_ignore_ascii_case(c))
    })
}

/// Whether a file's name says it is infrastructure code, so that a walked file that does not
/// parse is an error rather than something skipped quietly.
pub fn named_as_infrastructure(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    const SUFFIXES: &[&str] = &[
        ".template",
        ".template.json",
        ".template.yaml",
        ".template.yml",
        ".tfplan.json",
        ".plan.json",
        ".tfstate",
        ".tfstate.json",
        ".cfn.json",
        ".cfn.yaml",
        ".cfn.yml",
    ];
    const NAMES: &[&str] = &[
        "template.json",
        "template.yaml",
        "template.yml",
        "tfplan.json",
        "plan.json",
        "terraform.tfstate",
    ];
    NAMES.contains(&name.as_str()) || SUFFIXES.iter().any(|s| name.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn names(found: &Discovered, root: &Path) -> Vec<String> {
        found
            .candidates
            .iter()
            .map(|c| match &c.path {
                InputPath::File(p) => p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                InputPath::Stdin => "-".to_owned(),
            })
            .collect()
    }

    #[test]
    fn walk_skips_tool_folders_and_keeps_cdk_templates() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "main.tfplan.json",
            "stack.yaml",
            "README.md",
            ".terraform/modules/x/plan.json",
            "node_modules/pkg/template.yaml",
            "cdk.out/App.template.json",
            "cdk.out/asset.1234/template.yaml",
        ] {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "{}").unwrap();
        }
        let found = discover(&[root.to_path_buf()]);
        assert_eq!(
            names(&found, root),
            [
                "cdk.out/App.template.json",
                "main.tfplan.json",
                "stack.yaml"
            ]
        );
        assert!(found.candidates.iter().all(|c| c.origin == Origin::Walked));
    }

    #[test]
    fn named_files_are_kept_whatever_their_extension() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plan.out.txt");
        fs::write(&file, "{}").unwrap();
        let found = discover(std::slice::from_ref(&file));
        assert_eq!(found.candidates.len(), 1);
        assert_eq!(found.candidates[0].origin, Origin::Named);
    }

    #[test]
    fn missing_paths_are_failures() {
        let found = discover(&[PathBuf::from("/no/such/path.json")]);
        assert!(found.candidates.is_empty());
        assert_eq!(found.failures.len(), 1);
    }

    #[test]
    fn a_file_named_and_walked_counts_once_as_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.json");
        fs::write(&file, "{}").unwrap();
        let found = discover(&[dir.path().to_path_buf(), file]);
        assert_eq!(found.candidates.len(), 1);
        assert_eq!(found.candidates[0].origin, Origin::Named);
    }

    #[test]
    fn infrastructure_names() {
        assert!(named_as_infrastructure(Path::new("x/app.template.json")));
        assert!(named_as_infrastructure(Path::new("template.yaml")));
        assert!(named_as_infrastructure(Path::new("prod.tfplan.json")));
        assert!(named_as_infrastructure(Path::new("terraform.tfstate")));
        assert!(!named_as_infrastructure(Path::new("package.json")));
        assert!(!named_as_infrastructure(Path::new("values.yaml")));
    }
}
