//! CloudFormation exports within one scan: `Outputs: X: Export: Name: N` of one template,
//! `Fn::ImportValue N` in another. The importer gets the exported value; its references
//! keep naming the exporting template's resources, so the graph links the real role.
//!
//! An export whose value is itself imported is not followed further (one step: the value
//! stays the unknown it is in the exporting template). An import that no template of the
//! scan exports stays unknown, and says so.

use std::collections::BTreeMap;

use super::rewrite::{Leaf, rewrite};
use crate::load::{InputKind, LoadedInput, Unknown, Value, ValueKind};
use crate::problem::Problem;
use crate::source::{FileId, Span};

/// An exported value and where its name is written.
struct Export {
    file: FileId,
    name_span: Span,
    output: Box<str>,
    value: Value,
}

/// Fills every `Fn::ImportValue` of `loaded` whose export another input declares.
pub(super) fn resolve_imports(loaded: &mut [LoadedInput], problems: &mut Vec<Problem>) {
    let exports = collect_exports(loaded, problems);
    for input in loaded
        .iter_mut()
        .filter(|input| input.kind == InputKind::CloudFormation)
    {
        let file = input.file;
        let mut replace = |leaf: Leaf<'_>, span: Span| {
            let Leaf::Unknown(Unknown {
                import: Some(name), ..
            }) = leaf
            else {
                return None;
            };
            Some(match exports.get(name) {
                Some(export) if export.file == file => export.value.placed_at(span),
                Some(export) => export.value.carried(export.file, span),
                None => Value::new(
                    span,
                    ValueKind::Unknown(Box::new(Unknown::new(format!(
                        "imported (Fn::ImportValue), but no stack in this scan exports `{name}`"
                    )))),
                ),
            })
        };
        for resource in &mut input.resources {
            rewrite(&mut resource.properties, &mut replace);
        }
    }
}

/// Every export name declared by a known name, first declaration first; a second
/// declaration of a name is a warning (CloudFormation refuses it in one region).
fn collect_exports(
    loaded: &[LoadedInput],
    problems: &mut Vec<Problem>,
) -> BTreeMap<Box<str>, Export> {
    let mut exports: BTreeMap<Box<str>, Export> = BTreeMap::new();
    for input in loaded {
        let Some(stack) = &input.stack else { continue };
        for output in &stack.outputs {
            let Some(name) = &output.export else { continue };
            let ValueKind::Str(export_name) = &name.kind else {
                continue;
            };
            match exports.get(export_name) {
                Some(first) => problems.push(
                    Problem::warning(
                        "cfn-duplicate-export",
                        input.file,
                        name.span,
                        format!(
                            "export `{export_name}` is also declared by output `{}`; CloudFormation refuses a second export of one name in a region, so imports read the first",
                            first.output
                        ),
                    )
                    .with_related_in(first.file, first.name_span, "the first export of this name"),
                ),
                None => {
                    exports.insert(
                        export_name.clone(),
                        Export {
                            file: input.file,
                            name_span: name.span,
                            output: output.name.clone(),
                            value: output.value.clone(),
                        },
                    );
                }
            }
        }
    }
    exports
}
