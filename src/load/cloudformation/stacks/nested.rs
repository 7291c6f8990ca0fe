//! Nested stacks: an `AWS::CloudFormation::Stack` (or SAM `AWS::Serverless::Application`)
//! whose template is a local file of the scan, or a CDK nested stack (`aws:asset:path`).
//!
//! Decisions (docs/design.md, "Stacks of one scan"):
//! - A child template is read once, as a child, with the parameters its first parent
//!   passes (parents in file order, nested stacks in document order); its resources keep
//!   their own logical IDs in their own file, so findings point into the child. Its load as
//!   a standalone template is replaced, so it is never judged twice. A second parent of the
//!   same file is warned about and reads the same outputs.
//! - The parent's `Fn::GetAtt Stack.Outputs.X` becomes the child's output `X`.
//! - Only files the scan already read are nested: a path outside the scanned directories is
//!   refused with a warning (a pull request must not make the scan read other files), and
//!   one that is not among them is a warning too. Cycles and nesting deeper than
//!   [`MAX_NESTING_DEPTH`] are warnings; the stack's outputs then stay unknown.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::normalize;
use super::rewrite::{Leaf, rewrite};
use crate::document::parse;
use crate::load::cloudformation::{NestedStack, NestedTemplate, load_with_parameters};
use crate::load::{InputKind, LoadedInput, Unknown, Value, ValueKind};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span, display_path};

/// How many stacks deep nesting is followed (real applications nest two or three).
pub(super) const MAX_NESTING_DEPTH: usize = 16;

/// The walk over the nesting of one scan.
struct Nesting<'f> {
    files: &'f [SourceFile],
    roots: &'f [PathBuf],
    /// Each loaded template's position in `loaded`, by normalized path.
    by_path: HashMap<PathBuf, usize>,
    /// The templates already read as a child: by whom (file, logical ID).
    parent_of: HashMap<usize, (FileId, Box<str>)>,
    /// The parents being read, outermost first.
    path: Vec<usize>,
}

/// Reads every nested stack of `loaded` (see the module documentation).
pub(super) fn read_nested_stacks(
    files: &[SourceFile],
    loaded: &mut [LoadedInput],
    problems: &mut Vec<Problem>,
    roots: &[PathBuf],
) {
    let by_path: HashMap<PathBuf, usize> = loaded
        .iter()
        .enumerate()
        .filter(|(_, input)| input.kind == InputKind::CloudFormation)
        .filter_map(|(position, input)| {
            let file = files.get(input.file.0 as usize)?;
            Some((normalize(&file.path), position))
        })
        .collect();
    let mut nesting = Nesting {
        files,
        roots,
        by_path,
        parent_of: HashMap::new(),
        path: Vec::new(),
    };
    let parents: Vec<usize> = (0..loaded.len())
        .filter(|&position| nested_of(&loaded[position]).next().is_some())
        .collect();
    if parents.is_empty() {
        return;
    }
    // Templates nested by no other are read first, so that a child is read with its
    // parent's parameters before anything reads it as a parent of its own.
    let children: Vec<usize> = parents
        .iter()
        .flat_map(|&parent| {
            nested_of(&loaded[parent])
                .filter_map(|stack| nesting.child(&loaded[parent], stack).ok())
                .collect::<Vec<_>>()
        })
        .collect();
    let (outermost, inner): (Vec<usize>, Vec<usize>) = parents
        .into_iter()
        .partition(|parent| !children.contains(parent));
    for parent in outermost.into_iter().chain(inner) {
        if !nesting.parent_of.contains_key(&parent) && !nesting.path.contains(&parent) {
            nesting.read_children(parent, loaded, problems);
        }
    }
}

fn nested_of(input: &LoadedInput) -> impl Iterator<Item = &NestedStack> {
    input.stack.iter().flat_map(|stack| stack.nested.iter())
}

impl Nesting<'_> {
    /// Reads the children of the template at `parent` (recursively), then puts their
    /// outputs where the parent reads them.
    fn read_children(
        &mut self,
        parent: usize,
        loaded: &mut [LoadedInput],
        problems: &mut Vec<Problem>,
    ) {
        self.path.push(parent);
        let stacks: Vec<NestedStack> = nested_of(&loaded[parent]).cloned().collect();
        for stack in &stacks {
            let outputs = match self.child(&loaded[parent], stack) {
                Ok(child) => self.follow(parent, stack, child, loaded, problems),
                Err(Unread { reason, warning }) => {
                    problems.extend(warning);
                    Err(reason)
                }
            };
            put_outputs(&mut loaded[parent], &stack.logical_id, &outputs);
        }
        self.path.pop();
    }

    /// Reads one child (unless a cycle, the depth or an earlier parent forbid it) and
    /// gives its outputs, carried into the parent's input.
    fn follow(
        &mut self,
        parent: usize,
        stack: &NestedStack,
        child: usize,
        loaded: &mut [LoadedInput],
        problems: &mut Vec<Problem>,
    ) -> Result<Vec<(Box<str>, Value)>, Box<str>> {
        let parent_file = loaded[parent].file;
        let child_file = loaded[child].file;
        let span = template_span(stack);
        let child_name = self.name(child_file);
        let warn = |problems: &mut Vec<Problem>, code: &'static str, message: String| {
            problems.push(Problem::warning(code, parent_file, span, message));
        };
        if self.path.contains(&child) {
            let message = format!(
                "nested stack `{}` nests `{child_name}`, which is already being read as one of its parents: nested stacks cannot form a cycle; it is not followed",
                stack.logical_id
            );
            warn(problems, "cfn-nested-stack-cycle", message);
            return Err(format!("its template `{child_name}` nests its own parent").into());
        }
        if self.path.len() >= MAX_NESTING_DEPTH {
            let message = format!(
                "nested stack `{}` is more than {MAX_NESTING_DEPTH} stacks deep; `{child_name}` is not read",
                stack.logical_id
            );
            warn(problems, "cfn-nested-stack-too-deep", message);
            return Err(format!("it is nested more than {MAX_NESTING_DEPTH} stacks deep").into());
        }
        match self.parent_of.get(&child) {
            Some((first_file, first_id)) => {
                let message = format!(
                    "`{child_name}` is already read as nested stack `{first_id}` of `{}`, with the parameters that stack passes; a template is read once, so the parameters here are not used",
                    self.name(*first_file)
                );
                warn(problems, "cfn-nested-stack-read-once", message);
            }
            None => {
                self.parent_of
                    .insert(child, (parent_file, stack.logical_id.clone()));
                let passed = passed_parameters(&loaded[parent], &stack.logical_id);
                self.reload(child, passed, loaded, problems)?;
                self.read_children(child, loaded, problems);
            }
        }
        Ok(loaded[child]
            .stack
            .iter()
            .flat_map(|interface| interface.outputs.iter())
            .map(|output| {
                (
                    output.name.clone(),
                    output.value.carried(child_file, Span::default()),
                )
            })
            .collect())
    }

    /// Loads the template at `child` again, with the parameters its parent passes, in place
    /// of its standalone load (whose problems it replaces).
    fn reload(
        &self,
        child: usize,
        passed: Vec<(Box<str>, Value)>,
        loaded: &mut [LoadedInput],
        problems: &mut Vec<Problem>,
    ) -> Result<(), Box<str>> {
        let id = loaded[child].file;
        let Some(file) = self.files.get(id.0 as usize) else {
            return Err("its template did not load".into());
        };
        let parsed =
            parse::parse(file, id).map_err(|_| Box::<str>::from("its template did not load"))?;
        let mut reloaded = load_with_parameters(&parsed.root, id, passed)
            .map_err(|_| Box::<str>::from("its template did not load"))?;
        problems.retain(|problem| problem.file != Some(id));
        problems.extend(parsed.warnings);
        problems.append(&mut reloaded.problems);
        loaded[child] = reloaded;
        Ok(())
    }

    /// The position of the template `stack` nests, or why it is not read.
    fn child(&self, parent: &LoadedInput, stack: &NestedStack) -> Result<usize, Unread> {
        let (path, span) = match &stack.template {
            NestedTemplate::Local { path, span } => (path, *span),
            NestedTemplate::Elsewhere(reason) => {
                return Err(Unread {
                    reason: reason.clone(),
                    warning: None,
                });
            }
        };
        let parent_path = self
            .files
            .get(parent.file.0 as usize)
            .map_or(Path::new(""), |file| file.path.as_path());
        let wanted = normalize(&parent_path.parent().unwrap_or(Path::new("")).join(&**path));
        if let Some(&position) = self.by_path.get(&wanted) {
            return Ok(position);
        }
        let outside = wanted.starts_with("..")
            || (!self.roots.is_empty() && !self.roots.iter().any(|root| wanted.starts_with(root)));
        let (code, message, reason) = if outside {
            (
                "cfn-nested-template-outside",
                format!(
                    "nested stack `{}` names `{path}`, outside the scanned directories: it is not read (a template may only nest files of the scan)",
                    stack.logical_id
                ),
                format!("its template `{path}` is outside the scanned directories"),
            )
        } else {
            (
                "cfn-nested-template-missing",
                format!(
                    "nested stack `{}` names `{path}`, which is not a template the scan read (missing, or not a CloudFormation template)",
                    stack.logical_id
                ),
                format!("its template `{path}` is not among the scanned templates"),
            )
        };
        Err(Unread {
            reason: reason.into(),
            warning: Some(Problem::warning(code, parent.file, span, message)),
        })
    }

    fn name(&self, file: FileId) -> String {
        self.files
            .get(file.0 as usize)
            .map_or_else(String::new, |file| display_path(&file.path))
    }
}

/// Why a nested template is not read, and the warning to give (none for a remote one:
/// that is how nested stacks are deployed).
struct Unread {
    reason: Box<str>,
    warning: Option<Problem>,
}

fn template_span(stack: &NestedStack) -> Span {
    match &stack.template {
        NestedTemplate::Local { span, .. } => *span,
        NestedTemplate::Elsewhere(_) => Span::default(),
    }
}

/// The `Parameters` the parent's stack resource passes, carried into the child's input.
fn passed_parameters(parent: &LoadedInput, logical_id: &str) -> Vec<(Box<str>, Value)> {
    let Some(resource) = parent
        .resources
        .iter()
        .find(|resource| &*resource.address == logical_id)
    else {
        return Vec::new();
    };
    resource
        .properties
        .get("Parameters")
        .and_then(Value::as_map)
        .unwrap_or_default()
        .iter()
        .map(|field| {
            (
                field.key.clone(),
                field.value.carried(parent.file, field.value.span),
            )
        })
        .collect()
}

/// Replaces the parent's `Fn::GetAtt Stack.Outputs.X` (in its resources and its own
/// outputs) by the child's output `X`, or by an unknown that says why it is not known.
fn put_outputs(
    parent: &mut LoadedInput,
    logical_id: &str,
    outputs: &Result<Vec<(Box<str>, Value)>, Box<str>>,
) {
    let mut replace = |leaf: Leaf<'_>, span: Span| {
        let Leaf::Reference(reference) = leaf else {
            return None;
        };
        if reference.file.is_some() || &*reference.address != logical_id {
            return None;
        }
        let name = reference.attribute.as_deref()?.strip_prefix("Outputs.")?;
        let reason = match outputs {
            Ok(outputs) => match outputs.iter().find(|(output, _)| &**output == name) {
                Some((_, value)) => return Some(value.placed_at(span)),
                None => format!("nested stack `{logical_id}` has no output `{name}`"),
            },
            Err(reason) => format!("an output of nested stack `{logical_id}`: {reason}"),
        };
        Some(Value::new(
            span,
            ValueKind::Unknown(Box::new(Unknown::new(reason))),
        ))
    };
    for resource in &mut parent.resources {
        rewrite(&mut resource.properties, &mut replace);
    }
    if let Some(stack) = &mut parent.stack {
        for output in &mut stack.outputs {
            rewrite(&mut output.value, &mut replace);
        }
    }
}
