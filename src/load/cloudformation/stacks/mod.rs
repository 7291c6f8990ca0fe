//! One scan, one account (docs/rules.md): the step after every input is loaded and before the
//! graph is built, which joins the CloudFormation templates of one scan.
//!
//! - Nested stacks (module `nested`): a template nested by a local path (or CDK's
//!   `aws:asset:path`) is read once, as a child, with the parameters its parent passes; the
//!   parent's `Fn::GetAtt Stack.Outputs.X` becomes the child's output.
//! - Exports (module `exports`): `Fn::ImportValue` of a name another template of the scan exports
//!   becomes the exported value.
//! - CDK cloud assemblies (module `cdk`): `manifest.json` gives the construct path of resources
//!   whose templates were synthesized without path metadata.
//!
//! Values carried from one input into another are placed where the receiving input uses
//! them, and their references keep naming the input that declares the resource
//! ([`crate::load::Value::carried`]), so that the graph links them to the real node.

mod cdk;
mod exports;
mod nested;
mod rewrite;

use std::path::{Component, Path, PathBuf};

use crate::load::LoadedInput;
use crate::problem::Problem;
use crate::source::SourceFile;

/// Joins the CloudFormation inputs of one scan. `files` are the scan's files by
/// [`crate::source::FileId`]; `roots` are the directories the scan covers (a named file
/// counts as its directory): a nested template outside them is refused.
pub fn link(
    files: &[SourceFile],
    loaded: &mut [LoadedInput],
    problems: &mut Vec<Problem>,
    roots: &[PathBuf],
) {
    let roots: Vec<PathBuf> = roots.iter().map(|root| normalize(root)).collect();
    nested::read_nested_stacks(files, loaded, problems, &roots);
    exports::resolve_imports(loaded, problems);
    cdk::apply_manifests(files, loaded);
}

/// `path` with `.` dropped and `..` applied to the components before it, without asking
/// the file system (a nested template must be a file the scan already read).
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let climbs = matches!(
                    normal.components().next_back(),
                    None | Some(Component::ParentDir)
                );
                if climbs {
                    normal.push("..");
                } else {
                    normal.pop();
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests;
