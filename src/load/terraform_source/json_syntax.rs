//! Terraform's JSON configuration syntax (`*.tf.json`, as CDK for Terraform and generators
//! write it) read as the native syntax it stands for.
//!
//! A `.tf.json` file is rewritten into native HCL text, which the evaluator reads like any
//! `.tf` file, and a [`SourceMap`] takes every position in that text back to the JSON the
//! user wrote. The rewriting follows Terraform's JSON syntax rules:
//!
//! - the top-level keys are block types; `resource` and `data` take two levels of labels
//!   (type, name), `variable`, `output` and `module` one, `locals` none; at every level an
//!   array of objects stands for several objects;
//! - inside a body, a key is an argument unless the resource type's schema makes it a
//!   nested block (`inline_policy`, `statement`, `principals`: the table in
//!   `data/terraform-blocks`, read from the AWS provider's schema); `dynamic` holds dynamic
//!   blocks by label, with their `for_each`, `iterator` and `content`;
//! - a string is a template (`"${aws_iam_role.r.arn}"`), except where Terraform takes it
//!   literally (a variable's `default`, a module's `source` and `version`) or as an
//!   expression (a variable's `type`, a dynamic block's `iterator`);
//! - `"//"` keys of a body are comments; one that is a string becomes a native comment, so
//!   that suppressions are written in it as in a `.tf` file.
//!
//! Blocks and arguments that do not bear on what resources a module declares (`terraform`,
//! `provider`, `moved`, `import`, `check`, `removed`, `lifecycle`, `provisioner`,
//! `depends_on`, variable validations, output conditions) are left out.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::document::{Entry, Node, NodeValue};
use crate::source::{FileId, Span};

/// The nested block types of the resource and data source types the graph reads, from the
/// AWS provider's schema (see `data/terraform-blocks/refresh.py`).
const NESTED_BLOCKS: &str = include_str!("../../../data/terraform-blocks/nested-blocks.tsv");

/// Body arguments left out: Terraform's own, which say nothing about what is declared.
const LEFT_OUT: [&str; 5] = [
    "depends_on",
    "provider",
    "lifecycle",
    "provisioner",
    "connection",
];

/// A `.tf.json` file rewritten into native syntax.
#[derive(Debug)]
pub struct Converted {
    /// The native HCL text.
    pub text: String,
    /// Where each place of [`Converted::text`] is written in the JSON.
    pub map: SourceMap,
}

/// Takes offsets of the rewritten text back to the JSON file: every value, key and label
/// written is a mark from its place in the text to its place in the file.
#[derive(Debug, Default)]
pub struct SourceMap {
    /// By where they start in the text (outer before inner at one place).
    marks: Vec<Mark>,
    /// `(end in the text, end in the file)`, by where they end (inner before outer).
    ends: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    generated: usize,
    generated_end: usize,
    original: usize,
    original_end: usize,
}

impl SourceMap {
    /// The span in the JSON file of `span`, a span of the rewritten text.
    pub fn span(&self, span: Span) -> Span {
        let start = self.start(span.start as usize);
        let end = self.end(span.end as usize).max(start);
        Span::new(start, end)
    }

    fn start(&self, offset: usize) -> usize {
        let index = self.marks.partition_point(|mark| mark.generated < offset);
        if let Some(mark) = self
            .marks
            .get(index)
            .filter(|mark| mark.generated == offset)
        {
            return mark.original;
        }
        match self.marks.get(index.wrapping_sub(1)) {
            Some(mark) if offset < mark.generated_end => {
                (mark.original + (offset - mark.generated)).min(mark.original_end)
            }
            _ => self.last_end(offset).map_or(0, |(_, original)| original),
        }
    }

    fn end(&self, offset: usize) -> usize {
        match self.last_end(offset) {
            Some((generated, original)) if generated == offset => original,
            _ => self.start(offset),
        }
    }

    /// The last value closed at or before `offset`.
    fn last_end(&self, offset: usize) -> Option<(usize, usize)> {
        let index = self
            .ends
            .partition_point(|&(generated, _)| generated <= offset);
        self.ends.get(index.wrapping_sub(1)).copied()
    }
}

/// A `.tf.json` file that is not valid Terraform JSON syntax: where, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    /// The place in the JSON file.
    pub span: Span,
    /// What is wrong.
    pub message: String,
}

/// Rewrites the JSON configuration `text` into native syntax.
///
/// # Errors
///
/// Where the text is not JSON, its top level is not an object, a string that Terraform reads
/// as a template is not a valid template, or an argument name is not an identifier:
/// Terraform refuses such a file as a whole.
pub fn convert(text: &str) -> Result<Converted, Invalid> {
    if let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        return Err(Invalid {
            span: json_error_span(text, &error),
            message: format!("not valid JSON: {error}"),
        });
    }
    let parsed =
        crate::document::parse::parse_fragment(text, 0, FileId(0)).map_err(|problem| Invalid {
            span: problem.span.unwrap_or_default(),
            message: problem.message,
        })?;
    let NodeValue::Map(entries) = &parsed.root.value else {
        return Err(Invalid {
            span: parsed.root.span,
            message: "a `.tf.json` file holds one JSON object, of block types".to_owned(),
        });
    };
    let mut writer = Writer::default();
    for entry in entries {
        writer.top_level(entry)?;
    }
    Ok(Converted {
        text: writer.out,
        map: SourceMap {
            marks: writer.marks,
            ends: writer.ends,
        },
    })
}

/// Whether a file is written in Terraform's JSON syntax (`*.tf.json`).
pub fn is_tf_json(path: &std::path::Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.ends_with(".tf.json"))
}

/// The body of a `.tf` or `.tf.json` file's `text`, with the way back to `text` for a
/// `.tf.json` one; `None` when it is not valid.
pub fn parse_any(
    path: &std::path::Path,
    text: &str,
) -> Option<(hcl_edit::structure::Body, Option<SourceMap>)> {
    if !is_tf_json(path) {
        return hcl_edit::parser::parse_body(text)
            .ok()
            .map(|body| (body, None));
    }
    let converted = convert(text).ok()?;
    let body = hcl_edit::parser::parse_body(&converted.text).ok()?;
    Some((body, Some(converted.map)))
}

/// The span of a serde_json error in `text` (serde_json counts lines from 1 and columns in
/// bytes from 1).
fn json_error_span(text: &str, error: &serde_json::Error) -> Span {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let offset = (line_start + error.column().saturating_sub(1)).min(text.len());
    Span::new(offset, offset)
}

/// How a body's arguments are read.
#[derive(Clone, Copy, PartialEq)]
enum BodyKind<'a> {
    /// A resource or data source (mode, type) or one of its nested blocks.
    Resource {
        mode: &'a str,
        resource_type: &'a str,
    },
    Variable,
    Output,
    Module,
    Locals,
}

/// How a string is read.
#[derive(Clone, Copy, PartialEq)]
enum Strings {
    Template,
    Literal,
}

#[derive(Default)]
struct Writer {
    out: String,
    marks: Vec<Mark>,
    ends: Vec<(usize, usize)>,
}

impl Writer {
    fn top_level(&mut self, entry: &Entry) -> Result<(), Invalid> {
        let mut labels = Vec::new();
        match &*entry.key {
            "resource" => self.labelled(entry, &entry.value, &mut labels, 2, &|labels| {
                BodyKind::Resource {
                    mode: "resource",
                    resource_type: &labels[0].key,
                }
            }),
            "data" => self.labelled(entry, &entry.value, &mut labels, 2, &|labels| {
                BodyKind::Resource {
                    mode: "data",
                    resource_type: &labels[0].key,
                }
            }),
            "variable" => {
                self.labelled(entry, &entry.value, &mut labels, 1, &|_| BodyKind::Variable)
            }
            "output" => self.labelled(entry, &entry.value, &mut labels, 1, &|_| BodyKind::Output),
            "module" => self.labelled(entry, &entry.value, &mut labels, 1, &|_| BodyKind::Module),
            "locals" => self.labelled(entry, &entry.value, &mut labels, 0, &|_| BodyKind::Locals),
            // Terraform's settings, providers, refactoring and checks declare no resource.
            _ => Ok(()),
        }
    }

    /// The `block.key` blocks below `node`: `remaining` more levels of labels (objects keyed
    /// by label), then bodies; an array at any level stands for several objects.
    fn labelled<'a>(
        &mut self,
        block: &'a Entry,
        node: &'a Node,
        labels: &mut Vec<&'a Entry>,
        remaining: usize,
        kind: &dyn Fn(&[&'a Entry]) -> BodyKind<'a>,
    ) -> Result<(), Invalid> {
        for object in objects(node) {
            let Some(items) = object.as_map() else {
                continue;
            };
            if remaining == 0 {
                let kind = kind(labels);
                self.block(
                    &block.key,
                    block.key_span,
                    labels,
                    items,
                    object.span,
                    kind,
                    "",
                )?;
                continue;
            }
            for item in items {
                labels.push(item);
                self.labelled(block, &item.value, labels, remaining - 1, kind)?;
                labels.pop();
            }
        }
        Ok(())
    }

    /// `IDENT "label"… { body }`, `path` naming nested blocks inside a resource.
    #[allow(clippy::too_many_arguments)]
    fn block(
        &mut self,
        ident: &str,
        ident_span: Span,
        labels: &[&Entry],
        items: &[Entry],
        body_span: Span,
        kind: BodyKind<'_>,
        path: &str,
    ) -> Result<(), Invalid> {
        // A block's header is where its last label (a resource's name) is written: the
        // block type's key is shared by every block of the type.
        let start = self.mark_start(labels.last().map_or(ident_span, |label| label.key_span));
        self.out.push_str(ident);
        self.mark_end(start);
        for label in labels {
            self.out.push(' ');
            let start = self.mark_start(label.key_span);
            quoted_literal(&mut self.out, &label.key, false);
            self.mark_end(start);
        }
        self.out.push(' ');
        let open = self.mark_start(body_span);
        self.out.push_str("{\n");
        self.body(items, kind, path)?;
        self.out.push('}');
        self.mark_end(open);
        self.out.push('\n');
        Ok(())
    }

    fn body(&mut self, items: &[Entry], kind: BodyKind<'_>, path: &str) -> Result<(), Invalid> {
        for item in items {
            let key = &*item.key;
            if key == "//" {
                self.comments(&item.value);
                continue;
            }
            match kind {
                BodyKind::Resource {
                    mode,
                    resource_type,
                } => {
                    if path.is_empty() && LEFT_OUT.contains(&key) {
                        continue;
                    }
                    if key == "dynamic" {
                        self.dynamic(item, kind, path)?;
                        continue;
                    }
                    let nested = join(path, key);
                    if is_nested_block(mode, resource_type, &nested)
                        && matches!(item.value.value, NodeValue::Map(_) | NodeValue::Seq(_))
                    {
                        self.nested_blocks(item, kind, &nested)?;
                        continue;
                    }
                    self.argument(item, Strings::Template)?;
                }
                BodyKind::Variable => match key {
                    "default" => self.argument(item, Strings::Literal)?,
                    "type" => self.raw_argument(item)?,
                    _ => {}
                },
                BodyKind::Output => {
                    if key == "value" {
                        self.argument(item, Strings::Template)?;
                    }
                }
                BodyKind::Module => match key {
                    "source" | "version" => self.argument(item, Strings::Literal)?,
                    "providers" | "depends_on" => {}
                    _ => self.argument(item, Strings::Template)?,
                },
                BodyKind::Locals => self.argument(item, Strings::Template)?,
            }
        }
        Ok(())
    }

    /// A `"//"` comment that is a string (or strings) as native comment lines, so that a
    /// suppression written in one (`"//": "supportscan:ignore SUP004 -- reason"`) is read
    /// as in a `.tf` file. Objects (CDK for Terraform's metadata) say nothing to us.
    fn comments(&mut self, node: &Node) {
        for comment in objects(node) {
            let Some(text) = comment.as_str() else {
                continue;
            };
            let start = self.mark_start(comment.span);
            self.out.push_str("# ");
            self.out
                .extend(text.chars().map(|c| if c.is_control() { ' ' } else { c }));
            self.mark_end(start);
            self.out.push('\n');
        }
    }

    fn nested_blocks(
        &mut self,
        item: &Entry,
        kind: BodyKind<'_>,
        path: &str,
    ) -> Result<(), Invalid> {
        for object in objects(&item.value) {
            if let Some(items) = object.as_map() {
                self.block(
                    &item.key,
                    item.key_span,
                    &[],
                    items,
                    object.span,
                    kind,
                    path,
                )?;
            }
        }
        Ok(())
    }

    /// `"dynamic": {"LABEL": {"for_each": …, "iterator": "NAME", "content": {…}}}`.
    fn dynamic(&mut self, item: &Entry, kind: BodyKind<'_>, path: &str) -> Result<(), Invalid> {
        let Some(labels) = item.value.as_map() else {
            return Ok(());
        };
        for label in labels {
            let nested = join(path, &label.key);
            for object in objects(&label.value) {
                let Some(parts) = object.as_map() else {
                    continue;
                };
                let start = self.mark_start(item.key_span);
                self.out.push_str("dynamic");
                self.mark_end(start);
                self.out.push(' ');
                let start = self.mark_start(label.key_span);
                quoted_literal(&mut self.out, &label.key, false);
                self.mark_end(start);
                self.out.push_str(" {\n");
                for part in parts {
                    match &*part.key {
                        "for_each" | "labels" => self.argument(part, Strings::Template)?,
                        "iterator" => self.raw_argument(part)?,
                        "content" => {
                            for content in objects(&part.value) {
                                if let Some(items) = content.as_map() {
                                    let span = content.span;
                                    self.block(
                                        "content",
                                        part.key_span,
                                        &[],
                                        items,
                                        span,
                                        kind,
                                        &nested,
                                    )?;
                                }
                            }
                        }
                        _ => {}
                    }
                }
                self.out.push_str("}\n");
            }
        }
        Ok(())
    }

    /// `key = value`, with the value's strings read as `strings` says.
    fn argument(&mut self, item: &Entry, strings: Strings) -> Result<(), Invalid> {
        self.key(item)?;
        self.value(&item.value, strings)?;
        self.out.push('\n');
        Ok(())
    }

    /// `key = EXPRESSION` for a string that holds an expression (a variable's type, an
    /// iterator's name), which Terraform reads as written: no `${…}` around it.
    fn raw_argument(&mut self, item: &Entry) -> Result<(), Invalid> {
        let Some(expression) = item.value.as_str() else {
            return self.argument(item, Strings::Literal);
        };
        if hcl_edit::parser::parse_expr(expression).is_err() {
            return Err(Invalid {
                span: item.value.span,
                message: format!("`{}` is not an expression: `{expression}`", item.key),
            });
        }
        self.key(item)?;
        let start = self.mark_start(item.value.span);
        self.out.push_str(expression);
        self.mark_end(start);
        self.out.push('\n');
        Ok(())
    }

    fn key(&mut self, item: &Entry) -> Result<(), Invalid> {
        if !is_identifier(&item.key) {
            return Err(Invalid {
                span: item.key_span,
                message: format!("`{}` is not a valid argument name", item.key),
            });
        }
        let start = self.mark_start(item.key_span);
        self.out.push_str(&item.key);
        self.mark_end(start);
        self.out.push_str(" = ");
        Ok(())
    }

    fn value(&mut self, node: &Node, strings: Strings) -> Result<(), Invalid> {
        let start = self.mark_start(node.span);
        match &node.value {
            NodeValue::Null => self.out.push_str("null"),
            NodeValue::Bool(true) => self.out.push_str("true"),
            NodeValue::Bool(false) => self.out.push_str("false"),
            NodeValue::Number(number) => self.out.push_str(number),
            NodeValue::String(text) => match strings {
                Strings::Literal => quoted_literal(&mut self.out, text, true),
                Strings::Template => quoted_template(&mut self.out, text, node.span)?,
            },
            NodeValue::Seq(items) => {
                self.out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        self.out.push_str(", ");
                    }
                    self.value(item, strings)?;
                }
                self.out.push(']');
            }
            NodeValue::Map(entries) => {
                self.out.push_str("{\n");
                for entry in entries {
                    let key = self.mark_start(entry.key_span);
                    match strings {
                        Strings::Literal => quoted_literal(&mut self.out, &entry.key, true),
                        Strings::Template => {
                            quoted_template(&mut self.out, &entry.key, entry.key_span)?;
                        }
                    }
                    self.mark_end(key);
                    self.out.push_str(" = ");
                    self.value(&entry.value, strings)?;
                    self.out.push('\n');
                }
                self.out.push('}');
            }
        }
        self.mark_end(start);
        Ok(())
    }

    fn mark_start(&mut self, span: Span) -> usize {
        self.marks.push(Mark {
            generated: self.out.len(),
            generated_end: usize::MAX,
            original: span.start as usize,
            original_end: span.end as usize,
        });
        self.marks.len() - 1
    }

    fn mark_end(&mut self, index: usize) {
        let end = self.out.len();
        if let Some(mark) = self.marks.get_mut(index) {
            mark.generated_end = end;
            self.ends.push((end, mark.original_end));
        }
    }
}

/// `node`'s objects: the items of an array, or `node` itself.
fn objects(node: &Node) -> &[Node] {
    match &node.value {
        NodeValue::Seq(items) => items,
        _ => std::slice::from_ref(node),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether `path` is a nested block of resource (or data source) type `resource_type`.
fn is_nested_block(mode: &str, resource_type: &str, path: &str) -> bool {
    static TABLE: OnceLock<HashSet<(&'static str, &'static str, &'static str)>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            NESTED_BLOCKS
                .lines()
                .filter(|line| !line.starts_with('#'))
                .filter_map(|line| {
                    let mut parts = line.split('\t');
                    Some((parts.next()?, parts.next()?, parts.next()?))
                })
                .collect()
        })
        .contains(&(mode, resource_type, path))
}

/// Whether `text` is an HCL identifier (an argument name).
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first.is_alphabetic() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// `text` as a quoted HCL string that means exactly `text`: quotes, backslashes and control
/// characters escaped, and (when `templates`) `${`/`%{` escaped as `$${`/`%%{`.
fn quoted_literal(out: &mut String, text: &str, templates: bool) {
    out.push('"');
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if templates && (rest.starts_with("${") || rest.starts_with("%{")) {
            out.push(c);
        }
        escape_char(out, c);
        rest = &rest[c.len_utf8()..];
    }
    out.push('"');
}

/// `text`, a template in JSON syntax, as the quoted native template of the same meaning: the
/// literal parts escaped, the interpolations and directives as written.
fn quoted_template(out: &mut String, text: &str, span: Span) -> Result<(), Invalid> {
    let template = hcl_edit::parser::parse_template(text).map_err(|error| Invalid {
        span,
        message: format!("not a valid template: {}", error.message()),
    })?;
    out.push('"');
    for element in template.iter() {
        let range = hcl_edit::Span::span(element).unwrap_or(0..0);
        let written = text.get(range).unwrap_or_default();
        if element.is_literal() {
            written.chars().for_each(|c| escape_char(out, c));
        } else {
            out.push_str(written);
        }
    }
    out.push('"');
    Ok(())
}

fn escape_char(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() => {
            use std::fmt::Write;
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        }
        c => out.push(c),
    }
}

#[cfg(test)]
#[path = "json_syntax_tests.rs"]
mod tests;
