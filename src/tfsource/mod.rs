//! Terraform source positions: a finding in a plan points into the `resource "TYPE"
//! "NAME"` block of the `.tf` file a user edits (or the resource's object in a `.tf.json`
//! file), when the configuration is at hand (`--tf-source DIR`, or the plan's own
//! directory): at the attribute or nested block it is about ([`property`]), else at the
//! block's header. Blocks are found with a real HCL parser that keeps positions, following
//! local module sources (`source = "./modules/x"`).
//!
//! The configuration comes with the pull request, so it is read as untrusted
//! ([`crate::untrusted`]): only regular `.tf` and `.tf.json` files of at most
//! [`MAX_TF_FILE_BYTES`], and nothing (a file, a symbolic link, a module source) that leads
//! out of the repository around the configuration directory. What is refused becomes a
//! warning at its place.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Body, Structure};

use crate::engine::Finding;
use crate::load::terraform_source::json_syntax::{SourceMap, is_tf_json, parse_any};
use crate::load::{InputKind, LoadedInput};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};
use crate::untrusted::Root;

pub mod property;

use property::Property;

/// How deep local modules are followed (a module that calls itself stops here).
const MAX_MODULE_DEPTH: usize = 16;

/// The largest `.tf` file read; a hand-written configuration file is far smaller.
pub const MAX_TF_FILE_BYTES: u64 = 8 << 20;

/// A block's place: the `.tf` file, the byte range of its header, and its attributes and
/// nested blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockPlace {
    /// The file.
    pub path: PathBuf,
    /// From `resource` to the end of the last label.
    pub range: std::ops::Range<usize>,
    /// What the block's body holds.
    pub properties: Vec<Property>,
}

/// The resource and data blocks of a configuration, by address without instance keys
/// (`module.ops.aws_iam_role.this`, `data.aws_iam_policy.p`).
#[derive(Debug, Default)]
pub struct Blocks {
    /// Block places by address.
    pub by_address: BTreeMap<String, BlockPlace>,
    /// The text of every `.tf` file read, by path.
    pub texts: BTreeMap<PathBuf, String>,
    /// What was not read, and why.
    pub refused: Vec<Refusal>,
    /// While a `.tf.json` file is read: the way from its native rewriting, which the
    /// places are found in, back to the JSON.
    json_map: Option<SourceMap>,
}

/// A `.tf` file or module directory that was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The file refused, or the file whose module source was.
    pub path: PathBuf,
    /// The module source's value in `path`, for a refused module.
    pub range: Option<std::ops::Range<usize>>,
    /// Why.
    pub message: String,
}

impl Blocks {
    /// The blocks of the root module in `dir` and of the local modules it calls, reading
    /// nothing outside `root`.
    pub fn read(dir: &Path, root: &Root) -> Blocks {
        let mut blocks = Blocks::default();
        blocks.module(dir, "", 0, root);
        blocks
    }

    /// The block of a resource address as Terraform prints it (instance keys such as
    /// `["a"]` or `[0]` are dropped).
    pub fn find(&self, address: &str) -> Option<&BlockPlace> {
        self.by_address.get(&without_keys(address))
    }

    fn module(&mut self, dir: &Path, prefix: &str, depth: usize, root: &Root) {
        if depth > MAX_MODULE_DEPTH {
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "tf") || is_tf_json(path))
            .collect();
        files.sort();
        for path in files {
            let text = match self.texts.get(&path) {
                Some(text) => text.clone(),
                None => match root.read_text(&path, MAX_TF_FILE_BYTES) {
                    Ok(text) => text,
                    Err(error) => {
                        self.refuse(
                            &path,
                            None,
                            format!("not read for source positions: {error}"),
                        );
                        continue;
                    }
                },
            };
            // A file that does not parse gives no positions; the plan's stay.
            if let Some((body, map)) = parse_any(&path, &text) {
                // A module called from this file is read inside `body`: its files set
                // their own map, and this file's comes back after.
                let outer = std::mem::replace(&mut self.json_map, map);
                self.body(&body, &path, dir, prefix, depth, root);
                self.json_map = outer;
            }
            self.texts.insert(path, text);
        }
    }

    fn refuse(&mut self, path: &Path, range: Option<std::ops::Range<usize>>, message: String) {
        let refusal = Refusal {
            path: path.to_owned(),
            range: range.map(|range| self.in_file(range)),
            message,
        };
        if !self.refused.contains(&refusal) {
            self.refused.push(refusal);
        }
    }

    fn body(
        &mut self,
        body: &Body,
        path: &Path,
        dir: &Path,
        prefix: &str,
        depth: usize,
        root: &Root,
    ) {
        for structure in body.iter() {
            let Structure::Block(block) = structure else {
                continue;
            };
            let labels: Vec<&str> = block.labels.iter().map(|label| label.as_str()).collect();
            let kind = block.ident.as_str();
            let start = block.ident.span().map(|span| span.start);
            let end = block
                .labels
                .last()
                .and_then(|label| label.span())
                .map(|s| s.end);
            match (kind, labels.as_slice(), start, end) {
                ("resource", [resource_type, name], Some(start), Some(end)) => {
                    self.insert(
                        format!("{prefix}{resource_type}.{name}"),
                        path,
                        start..end,
                        &block.body,
                    );
                }
                ("data", [resource_type, name], Some(start), Some(end)) => {
                    self.insert(
                        format!("{prefix}data.{resource_type}.{name}"),
                        path,
                        start..end,
                        &block.body,
                    );
                }
                ("module", [name], _, _) => {
                    let source = block.body.iter().find_map(|item| match item {
                        Structure::Attribute(attribute) if attribute.key.as_str() == "source" => {
                            match &attribute.value {
                                Expression::String(text) => {
                                    Some((text.as_str().to_owned(), attribute.value.span()))
                                }
                                _ => None,
                            }
                        }
                        _ => None,
                    });
                    if let Some((source, range)) =
                        source.filter(|(s, _)| s.starts_with("./") || s.starts_with("../"))
                    {
                        let child = format!("{prefix}module.{name}.");
                        // `./` steps are dropped so that paths read as users write them.
                        let target: PathBuf = dir
                            .join(&source)
                            .components()
                            .filter(|part| *part != std::path::Component::CurDir)
                            .collect();
                        match root.resolve(&target) {
                            Ok(_) => self.module(&target, &child, depth + 1, root),
                            Err(crate::untrusted::ReadError::Io(_)) => {}
                            Err(error) => self.refuse(
                                path,
                                range,
                                format!(
                                    "module source `{source}` is not followed for source positions: {error}"
                                ),
                            ),
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn insert(&mut self, address: String, path: &Path, range: std::ops::Range<usize>, body: &Body) {
        if self.by_address.contains_key(&address) {
            return;
        }
        let mut properties = property::properties(body);
        let range = self.in_file(range);
        if self.json_map.is_some() {
            self.properties_in_file(&mut properties);
        }
        self.by_address.insert(
            address,
            BlockPlace {
                path: path.to_owned(),
                range,
                properties,
            },
        );
    }

    /// A range of the body being read as a range of its file.
    fn in_file(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        match &self.json_map {
            Some(map) => {
                let span = map.span(Span::new(range.start, range.end));
                span.start as usize..span.end as usize
            }
            None => range,
        }
    }

    fn properties_in_file(&self, properties: &mut [Property]) {
        for property in properties {
            property.range = self.in_file(property.range.clone());
            self.properties_in_file(&mut property.nested);
        }
    }
}

/// Points the findings in Terraform plans at the `.tf` blocks that declare the resources
/// they point into (an attachment's, not the user's it attaches to), at the attribute or
/// nested block the finding is about when the block writes it; the blocks are read from
/// `tf_source` or else from each plan's own directory, and the `.tf` files are added to
/// `files`. Findings whose block is not found keep their place in the plan (and every
/// fingerprint stays as it was). Gives a warning for each file or module source refused.
pub fn relocate(
    findings: &mut [Finding],
    files: &mut Vec<SourceFile>,
    inputs: &[LoadedInput],
    tf_source: Option<&Path>,
) -> Vec<Problem> {
    let mut configurations: BTreeMap<PathBuf, Blocks> = BTreeMap::new();
    let mut problems = Vec::new();
    let plans: BTreeSet<FileId> = inputs
        .iter()
        .filter(|input| input.kind == InputKind::TerraformPlan)
        .map(|input| input.file)
        .collect();
    for finding in findings.iter_mut() {
        let Some(file) = finding.file else {
            continue;
        };
        let Some(plan) = files.get(file.0 as usize).filter(|_| plans.contains(&file)) else {
            continue;
        };
        // The resource the finding points into and the value in it, else the finding's
        // own resource (whose block then stands for it as a whole).
        let within = finding.span.and_then(|span| {
            let resource = inputs
                .iter()
                .filter(|input| input.file == file)
                .find_map(|input| resource_at(&input.resources, span))?;
            Some((
                resource.address.to_string(),
                property::path_to(&resource.properties, span),
            ))
        });
        let own = finding.address.clone().map(|address| (address, Vec::new()));
        if within.is_none() && own.is_none() {
            continue;
        }
        let dir = match tf_source {
            Some(dir) => dir.to_owned(),
            None => plan
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
        };
        let blocks = match configurations.entry(dir.clone()) {
            std::collections::btree_map::Entry::Occupied(known) => known.into_mut(),
            std::collections::btree_map::Entry::Vacant(entry) => {
                let dir = if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    &dir
                };
                let blocks = Root::around(dir)
                    .map(|root| Blocks::read(dir, &root))
                    .unwrap_or_default();
                for refusal in &blocks.refused {
                    let id = file_id(files, &blocks, &refusal.path);
                    let span = refusal
                        .range
                        .clone()
                        .map_or_else(Span::default, |range| Span::new(range.start, range.end));
                    problems.push(Problem::warning(
                        "tf-source-refused",
                        id,
                        span,
                        refusal.message.clone(),
                    ));
                }
                entry.insert(blocks)
            }
        };
        let Some((place, path)) = within
            .into_iter()
            .chain(own)
            .find_map(|(address, path)| Some((blocks.find(&address)?.clone(), path)))
        else {
            continue;
        };
        let range = property::locate(&place.properties, &path).unwrap_or(place.range);
        finding.file = Some(file_id(files, blocks, &place.path));
        finding.span = Some(Span::new(range.start, range.end));
    }
    problems
}

/// The resource of a plan (its resources in file order) whose text holds `span`.
fn resource_at(resources: &[crate::load::Resource], span: Span) -> Option<&crate::load::Resource> {
    let after = resources.partition_point(|resource| resource.span.start <= span.start);
    let resource = resources.get(after.checked_sub(1)?)?;
    (span.end <= resource.span.end).then_some(resource)
}

/// The id of the file at `path` in `files`, added (with the text read, if any) when new.
fn file_id(files: &mut Vec<SourceFile>, blocks: &Blocks, path: &Path) -> FileId {
    let index = match files.iter().position(|known| known.path == path) {
        Some(index) => index,
        None => {
            let text = blocks.texts.get(path).cloned().unwrap_or_default();
            files.push(SourceFile::new(path.to_owned(), text));
            files.len() - 1
        }
    };
    FileId(u32::try_from(index).unwrap_or(u32::MAX))
}

/// An address without its instance keys: `module.a["x"].aws_iam_role.r[0]` becomes
/// `module.a.aws_iam_role.r`.
pub fn without_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for character in address.chars() {
        if depth > 0 {
            match character {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                ']' if !in_string => depth -= 1,
                '[' if !in_string => depth += 1,
                _ => {}
            }
            continue;
        }
        if character == '[' {
            depth = 1;
        } else {
            out.push(character);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_keys_are_dropped_even_with_brackets_in_strings() {
        assert_eq!(
            without_keys(r#"module.a["x]y"].aws_iam_role.r[0]"#),
            "module.a.aws_iam_role.r"
        );
        assert_eq!(without_keys("aws_iam_role.r"), "aws_iam_role.r");
    }

    #[test]
    fn blocks_are_found_in_the_root_and_in_local_modules() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("main.tf"),
            "resource \"aws_iam_role\" \"support\" {\n  name = \"x\"\n}\n\nmodule \"app\" {\n  source = \"./modules/app\"\n}\n\nmodule \"remote\" {\n  source = \"terraform-aws-modules/iam/aws\"\n}\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("modules/app")).unwrap();
        std::fs::write(
            dir.path().join("modules/app/role.tf"),
            "data \"aws_iam_policy\" \"p\" {\n  name = \"x\"\n}\nresource \"aws_iam_role\" \"this\" {}\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("broken.tf"), "resource \"x\" {\n").unwrap();
        let blocks = Blocks::read(dir.path(), &Root::at(dir.path()).unwrap());
        let root = blocks.find("aws_iam_role.support").unwrap();
        assert!(root.path.ends_with("main.tf"));
        assert_eq!(root.range, 0..33);
        let module = blocks
            .find("module.app[\"k\"].aws_iam_role.this[0]")
            .unwrap();
        assert!(module.path.ends_with("modules/app/role.tf"));
        assert!(blocks.find("module.app.data.aws_iam_policy.p").is_some());
        assert!(blocks.find("module.remote.aws_iam_role.x").is_none());
        assert_eq!(blocks.by_address.len(), 3);
    }

    #[test]
    fn a_module_that_calls_itself_is_followed_to_the_depth_limit() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("main.tf"),
            "resource \"aws_iam_role\" \"r\" {}\nmodule \"m\" {\n  source = \"./\"\n}\n",
        )
        .unwrap();
        let blocks = Blocks::read(dir.path(), &Root::at(dir.path()).unwrap());
        assert_eq!(blocks.by_address.len(), MAX_MODULE_DEPTH + 1);
        let deepest = "module.m.".repeat(MAX_MODULE_DEPTH) + "aws_iam_role.r";
        assert!(blocks.find(&deepest).is_some(), "{deepest}");
        assert!(blocks.find(&format!("module.m.{deepest}")).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn nothing_outside_the_root_and_nothing_but_regular_files_is_read() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(
            outside.path().join("secret.tf"),
            "resource \"aws_iam_role\" \"this\" {}\n",
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        let escape = format!("{}", outside.path().display());
        std::fs::write(
            repo.join("main.tf"),
            format!(
                "resource \"aws_iam_role\" \"r\" {{}}\nmodule \"up\" {{\n  source = \"../{}\"\n}}\nmodule \"linked\" {{\n  source = \"./linked\"\n}}\n",
                escape.trim_start_matches('/').replace('/', "_")
            ),
        )
        .unwrap();
        // `../<outside>` as a sibling path: point it at the outside directory.
        let sibling = repo
            .parent()
            .unwrap()
            .join(escape.trim_start_matches('/').replace('/', "_"));
        std::os::unix::fs::symlink(outside.path(), &sibling).unwrap();
        std::os::unix::fs::symlink(outside.path(), repo.join("linked")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", repo.join("zero.tf")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.tf"), repo.join("secret.tf"))
            .unwrap();
        assert!(
            std::process::Command::new("mkfifo")
                .arg(repo.join("pipe.tf"))
                .status()
                .unwrap()
                .success()
        );
        let blocks = Blocks::read(repo, &Root::at(repo).unwrap());
        std::fs::remove_file(&sibling).unwrap();
        assert_eq!(
            blocks.by_address.keys().collect::<Vec<_>>(),
            ["aws_iam_role.r"]
        );
        let messages: Vec<String> = blocks
            .refused
            .iter()
            .map(|r| {
                format!(
                    "{} {:?} {}",
                    r.path.file_name().unwrap().to_string_lossy(),
                    r.range.is_some(),
                    r.message.split(':').next().unwrap()
                )
            })
            .collect();
        assert_eq!(
            messages,
            [
                "main.tf true module source `../".to_owned()
                    + &escape.trim_start_matches('/').replace('/', "_")
                    + "` is not followed for source positions",
                "main.tf true module source `./linked` is not followed for source positions"
                    .to_owned(),
                "pipe.tf false not read for source positions".to_owned(),
                "secret.tf false not read for source positions".to_owned(),
                "zero.tf false not read for source positions".to_owned(),
            ]
        );
        assert!(
            blocks.refused[2]
                .message
                .ends_with("not a regular file (a FIFO)")
        );
        assert!(blocks.refused[3].message.contains("it leads outside"));
        assert!(!blocks.texts.keys().any(|p| p.ends_with("secret.tf")));
    }
}
