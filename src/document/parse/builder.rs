//! The tree builder: saphyr events in, one spanned [`Node`] tree out.
//!
//! Collections are built on an explicit stack (never by recursion), so nesting depth costs
//! heap, not call stack, and is capped at [`MAX_DEPTH`]. Everything CloudFormation refuses
//! or reads differently from plain YAML is decided here, event by event, before anything
//! is expanded: aliases, merge keys, tags, duplicate keys.
//!
//! When the text is read with padding (see `reindent`), the builder still works on the
//! original text: every position is taken back to it as it arrives. It also checks that each
//! padded line lies inside a quoted scalar or a flow collection, where indentation means
//! nothing.

use saphyr_parser::{Event, ScalarStyle, ScanError, Tag};

use super::Parsed;
use super::mapping::{Duplicate, MappingBuilder};
use super::messages::describe_scan_error;
use super::offsets::CharOffsets;
use super::padding::Padding;
use super::reindent::{Construct, Refusal, Underindented};
use super::scalar::{check_core_collection_tag, resolve_core_tagged, resolve_untagged};
use super::tags::{NodeProperties, TagMeaning, classify, skip_blanks_and_comments};
use crate::document::{Entry, Node, NodeValue};
use crate::problem::Problem;
use crate::source::{FileId, Span};

/// The deepest nesting of sequences and mappings accepted. CloudFormation templates nest a
/// dozen levels and Terraform plan values a few dozen; saphyr itself stops flow collections
/// (`[`, `{`) at 255 levels.
pub const MAX_DEPTH: usize = 128;

/// Builds the tree of one text from its events.
pub(super) struct TreeBuilder<'t> {
    text: &'t str,
    base: usize,
    file: FileId,
    /// Whether `text` is a whole file, so that its line numbers are the file's.
    whole_file: bool,
    offsets: CharOffsets<'t>,
    padding: &'t Padding,
    /// Where the text read holds a rewritten surrogate pair (see `surrogates`), in order.
    pairs: Vec<usize>,
    /// For each padded line, whether a quoted scalar or flow collection read so far holds it.
    padding_covered: Vec<bool>,
    stack: Vec<Frame>,
    root: Option<Node>,
    warnings: Vec<Problem>,
    documents: usize,
    /// End of the previous event, where the search for a block scalar's `|` or `>` starts.
    previous_end: usize,
    /// Offsets of the line breaks in `text`, built when a message first needs a line number.
    line_breaks: Option<Vec<usize>>,
}

/// A sequence or mapping whose end has not been seen yet.
struct Frame {
    /// Where its first property (tag, anchor) or, without one, its content starts.
    start: usize,
    content_start: usize,
    /// End of the last child so far: the end of a block collection (whose end event is
    /// empty and placed at the next token, after any trailing comments).
    children_end: usize,
    /// Whether it is written in flow style (`[...]`, `{...}`).
    flow: bool,
    /// The short form to wrap the finished collection in.
    short_form: Option<ShortForm>,
    collection: Collection,
}

/// The long-form key a short-form tag stands for, and where the tag is written.
struct ShortForm {
    key: Box<str>,
    tag_span: Span,
}

enum Collection {
    Sequence(Vec<Node>),
    Mapping(MappingBuilder),
}

impl<'t> TreeBuilder<'t> {
    /// A builder for `text`, which sits at byte `base` of file `file` and is read with
    /// `padding` inserted.
    pub(super) fn new(
        text: &'t str,
        padding: &'t Padding,
        (base, file, whole_file): (usize, FileId, bool),
    ) -> Self {
        TreeBuilder {
            text,
            base,
            file,
            whole_file,
            offsets: CharOffsets::new(text, padding),
            padding,
            pairs: Vec::new(),
            padding_covered: vec![false; padding.len()],
            stack: Vec::new(),
            root: None,
            warnings: Vec::new(),
            documents: 0,
            previous_end: 0,
            line_breaks: None,
        }
    }

    /// Takes one event with its span.
    pub(super) fn event(
        &mut self,
        event: Event<'_>,
        span: saphyr_parser::Span,
    ) -> Result<(), Problem> {
        let start = self.offsets.byte_offset(span.start.index());
        let end = self.offsets.byte_offset(span.end.index()).max(start);
        let result = match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => Ok(()),
            Event::DocumentStart(_) => self.document_start(start, end),
            Event::Alias(_) => Err(self.error(
                "yaml-alias",
                start,
                end,
                "CloudFormation does not accept YAML aliases (`*name`); write the value out",
            )),
            Event::Scalar(value, style, anchor, tag) => {
                self.scalar(&value, style, anchor, tag.as_deref(), start, end)
            }
            Event::SequenceStart(anchor, tag) => {
                self.start_collection(true, anchor, tag.as_deref(), start, end)
            }
            Event::MappingStart(anchor, tag) => {
                self.start_collection(false, anchor, tag.as_deref(), start, end)
            }
            Event::SequenceEnd | Event::MappingEnd => self.end_collection(start, end),
        };
        self.previous_end = end;
        result
    }

    /// Reads a copy of the text whose surrogate pairs at `offsets` are rewritten.
    pub(super) fn pairs_rewritten(&mut self, offsets: Vec<usize>) {
        self.pairs = offsets;
    }

    /// How many rewritten surrogate pairs a double-quoted scalar at `start..end` holds.
    fn pairs_within(&self, style: ScalarStyle, start: usize, end: usize) -> usize {
        if self.pairs.is_empty() || style != ScalarStyle::DoubleQuoted {
            return 0;
        }
        let first = self.pairs.partition_point(|&at| at < start);
        let past = self.pairs.partition_point(|&at| at < end);
        past - first
    }

    /// Why saphyr refused the text: the problem to report, and whether it is a line indented
    /// less than YAML allows inside a quoted scalar or a flow collection.
    pub(super) fn scan_refusal(&mut self, error: &ScanError) -> Refusal {
        Refusal {
            problem: self.scan_error(error),
            underindented: self.underindented(error),
        }
    }

    /// What saphyr's error says about an under-indented line, if it is one. Its column is
    /// checked against the innermost block collection read so far: flow collections and the
    /// pending tokens of the refused line (saphyr holds a possible key until its line ends)
    /// do not change the block indentation.
    fn underindented(&mut self, error: &ScanError) -> Option<Underindented> {
        let construct = match error.info() {
            "invalid indentation in quoted scalar" => Construct::QuotedScalar,
            // In block context saphyr ends collections until the indentation fits, so these
            // two arise only inside a flow collection.
            "invalid indentation" | "invalid indentation in flow construct" => {
                Construct::FlowCollection
            }
            _ => return None,
        };
        let at = self.offsets.byte_offset(error.marker().index());
        let block = self.stack.iter().rev().find(|frame| !frame.flow)?;
        let required_column = self.column(block.content_start) + 1;
        let search_from = self
            .stack
            .iter()
            .find(|frame| frame.flow)
            .map_or(self.previous_end, |frame| frame.content_start);
        Some(Underindented {
            construct,
            at,
            required_column,
            search_from,
        })
    }

    /// The column (from 0) of byte `offset` in the text as read, padding included.
    fn column(&self, offset: usize) -> usize {
        let before = self.text.get(..offset).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        let line = before.get(line_start..).unwrap_or_default();
        line.chars().count() + self.padding.count_at(line_start)
    }

    /// Marks the padded lines inside `start..end`, a quoted scalar or flow collection, as
    /// harmless.
    fn cover_padding(&mut self, start: usize, end: usize) {
        if self.padding.is_empty() {
            return;
        }
        for index in self.padding.lines_inside(start, end) {
            if let Some(covered) = self.padding_covered.get_mut(index) {
                *covered = true;
            }
        }
    }

    /// The problem for a syntax error saphyr found.
    fn scan_error(&mut self, error: &ScanError) -> Problem {
        let mut at = self.offsets.byte_offset(error.marker().index());
        let (code, message) = describe_scan_error(error.info());
        if error.info().starts_with("tabs disallowed") {
            // saphyr stops after the tabs; the user needs to see the first of them.
            let tabs = self.text[..at]
                .bytes()
                .rev()
                .take_while(|&b| b == b'\t')
                .count();
            at -= tabs;
        }
        let end = match self.text[at..].chars().next() {
            Some(c) if c != '\n' && c != '\r' => at + c.len_utf8(),
            _ => at,
        };
        self.error(code, at, end, message)
    }

    /// The finished document: an empty text is a null.
    ///
    /// # Errors
    ///
    /// When a padded line is not inside a quoted scalar or flow collection, its padding may
    /// have changed the document's structure, so the parse does not count.
    pub(super) fn finish(self) -> Result<Parsed, Problem> {
        let misplaced = self
            .padding
            .line_starts()
            .zip(&self.padding_covered)
            .find_map(|(line_start, &covered)| (!covered).then_some(line_start));
        if let Some(line_start) = misplaced {
            return Err(self.error(
                "yaml-indentation",
                line_start,
                line_start,
                "this line is indented less than its block requires, and it is not inside a \
                 quoted string or a `[...]` or `{...}` collection",
            ));
        }
        let root = self
            .root
            .unwrap_or_else(|| Node::new(Span::new(self.base, self.base), NodeValue::Null));
        Ok(Parsed {
            root,
            warnings: self.warnings,
        })
    }

    fn document_start(&mut self, start: usize, end: usize) -> Result<(), Problem> {
        self.documents += 1;
        if self.documents > 1 {
            return Err(self.error(
                "multiple-documents",
                start,
                end,
                "a second YAML document starts here; a template is one document",
            ));
        }
        Ok(())
    }

    fn scalar(
        &mut self,
        value: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        start: usize,
        end: usize,
    ) -> Result<(), Problem> {
        let properties = self.properties(anchor, tag, start, end);
        let (text_start, text_end) = self.scalar_bounds(style, &properties, start, end);
        let unpaired;
        let value = match self.pairs_within(style, text_start, text_end) {
            0 => value,
            count => {
                unpaired = super::surrogates::unpair(value, count);
                unpaired.as_str()
            }
        };
        let text_span = self.span(text_start, text_end);
        if matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) {
            self.cover_padding(text_start, text_end);
        }
        if self.awaits_key() {
            return self.key(value, style, tag, &properties, (text_start, text_end));
        }
        let node = match tag.map(classify) {
            None => Node::new(text_span, resolve_untagged(value, style)),
            Some(TagMeaning::NonSpecific) => Node::new(text_span, NodeValue::String(value.into())),
            Some(TagMeaning::Core(suffix)) => match resolve_core_tagged(&suffix, value) {
                Ok(resolved) => Node::new(text_span, resolved),
                Err(message) => {
                    let (tag_start, tag_end) = properties.tag.unwrap_or((start, end));
                    return Err(self.error("unsupported-tag", tag_start, tag_end, message));
                }
            },
            Some(TagMeaning::ShortForm { key, known }) => {
                let inner = if key == "Fn::GetAtt" && value.contains('.') {
                    self.split_get_att(value, style, text_start, text_end)
                } else {
                    Node::new(text_span, resolve_untagged(value, style))
                };
                let short_form = self.short_form(key, known, &properties, start);
                wrap(short_form, self.span(start, text_end), inner)
            }
            Some(TagMeaning::Unsupported) => {
                return Err(self.unsupported_tag(&properties, start, end));
            }
        };
        self.attach(node)
    }

    /// Takes a scalar as the key of the innermost mapping.
    fn key(
        &mut self,
        value: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        properties: &NodeProperties,
        (start, end): (usize, usize),
    ) -> Result<(), Problem> {
        let meaning = tag.map(classify);
        let is_text = match &meaning {
            None | Some(TagMeaning::NonSpecific) => true,
            Some(TagMeaning::Core(suffix)) => suffix == "str",
            Some(_) => false,
        };
        if !is_text {
            let (tag_start, tag_end) = properties.tag.unwrap_or((start, end));
            let tag_text = &self.text[tag_start..tag_end];
            let message =
                format!("a mapping key must be plain text; this one is tagged `{tag_text}`");
            return Err(self.error("unsupported-key", tag_start, tag_end, message));
        }
        if style == ScalarStyle::Plain && meaning.is_none() && value == "<<" {
            return Err(self.error(
                "yaml-merge-key",
                start,
                end,
                "CloudFormation does not accept YAML merge keys (`<<`); write the entries out",
            ));
        }
        let span = self.span(start, end);
        if let Some(frame) = self.stack.last_mut()
            && let Collection::Mapping(mapping) = &mut frame.collection
        {
            mapping.set_key(value.into(), span);
            frame.children_end = frame.children_end.max(end);
        }
        Ok(())
    }

    /// `!GetAtt Resource.Attribute.Path` is `[Resource, Attribute.Path]`: the split is at the
    /// first dot, as attribute names may contain dots.
    fn split_get_att(&self, value: &str, style: ScalarStyle, start: usize, end: usize) -> Node {
        let (resource, attribute) = value.split_once('.').unwrap_or((value, ""));
        let written = &self.text[start..end];
        let value_at = if written == value {
            Some(start)
        } else if style != ScalarStyle::Plain
            && written.len() >= 2
            && written.get(1..written.len() - 1) == Some(value)
        {
            Some(start + 1)
        } else {
            None
        };
        let whole = self.span(start, end);
        let (resource_span, attribute_span) = match value_at {
            Some(at) => (
                self.span(at, at + resource.len()),
                self.span(at + resource.len() + 1, at + value.len()),
            ),
            None => (whole, whole),
        };
        Node::new(
            whole,
            NodeValue::Seq(vec![
                Node::new(resource_span, NodeValue::String(resource.into())),
                Node::new(attribute_span, NodeValue::String(attribute.into())),
            ]),
        )
    }

    fn start_collection(
        &mut self,
        sequence: bool,
        anchor: usize,
        tag: Option<&Tag>,
        start: usize,
        end: usize,
    ) -> Result<(), Problem> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(
                "too-deep",
                start,
                end,
                format!("the document nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        let properties = self.properties(anchor, tag, start, end);
        if self.awaits_key() {
            let kind = if sequence { "a sequence" } else { "a mapping" };
            let message = format!("a mapping key must be plain text, not {kind}");
            return Err(self.error("unsupported-key", start, end, message));
        }
        let short_form = match tag.map(classify) {
            None | Some(TagMeaning::NonSpecific) => None,
            Some(TagMeaning::Core(suffix)) => {
                if let Err(message) = check_core_collection_tag(&suffix, sequence) {
                    let (tag_start, tag_end) = properties.tag.unwrap_or((start, end));
                    return Err(self.error("unsupported-tag", tag_start, tag_end, message));
                }
                None
            }
            Some(TagMeaning::ShortForm { key, known }) => {
                Some(self.short_form(key, known, &properties, start))
            }
            Some(TagMeaning::Unsupported) => {
                return Err(self.unsupported_tag(&properties, start, end));
            }
        };
        let collection = if sequence {
            Collection::Sequence(Vec::new())
        } else {
            Collection::Mapping(MappingBuilder::default())
        };
        let flow = properties.content_start < end
            && matches!(
                self.text.as_bytes().get(properties.content_start),
                Some(b'[' | b'{')
            );
        self.stack.push(Frame {
            start,
            content_start: properties.content_start,
            children_end: properties.content_start,
            flow,
            short_form,
            collection,
        });
        Ok(())
    }

    fn end_collection(&mut self, start: usize, end: usize) -> Result<(), Problem> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        // A flow collection ends at its `]` or `}`; a block one at its last child.
        let close = if end > start { end } else { frame.children_end };
        if frame.flow {
            self.cover_padding(frame.content_start, close);
        }
        let value = match frame.collection {
            Collection::Sequence(items) => NodeValue::Seq(items),
            Collection::Mapping(mapping) => NodeValue::Map(mapping.into_entries()),
        };
        let node = Node::new(self.span(frame.content_start, close), value);
        let node = match frame.short_form {
            Some(entry) => wrap(entry, self.span(frame.start, close), node),
            None => node,
        };
        self.attach(node)
    }

    /// Puts a finished node into its parent, or makes it the root.
    fn attach(&mut self, node: Node) -> Result<(), Problem> {
        let node_end = node.span.end as usize - self.base;
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        frame.children_end = frame.children_end.max(node_end);
        let duplicate = match &mut frame.collection {
            Collection::Sequence(items) => {
                items.push(node);
                None
            }
            Collection::Mapping(mapping) => match mapping.insert(node) {
                Ok(duplicate) => duplicate,
                Err(orphan) => {
                    return Err(Problem::error(
                        "parse-error",
                        self.file,
                        orphan.span,
                        "a mapping value without a key",
                    ));
                }
            },
        };
        if let Some(duplicate) = duplicate {
            self.warn_duplicate(duplicate);
        }
        Ok(())
    }

    /// Whether the next node is the key of the innermost mapping.
    fn awaits_key(&self) -> bool {
        matches!(
            self.stack.last().map(|frame| &frame.collection),
            Some(Collection::Mapping(mapping)) if mapping.awaits_key()
        )
    }

    fn warn_duplicate(&mut self, duplicate: Duplicate) {
        let first_line = self.line_of(duplicate.first.start as usize - self.base);
        let again_line = self.line_of(duplicate.again.start as usize - self.base);
        let earlier = if self.whole_file {
            format!("on line {first_line}")
        } else if first_line == again_line {
            "earlier on the same line".to_owned()
        } else {
            format!("{} lines above", again_line - first_line)
        };
        let message = format!(
            "duplicate key `{}`{}: it replaces the value given {earlier}; \
             CloudFormation keeps the last one",
            duplicate.key,
            if self.whole_file {
                format!(" on line {again_line}")
            } else {
                String::new()
            },
        );
        let warning = Problem::warning("duplicate-key", self.file, duplicate.again, message)
            .with_related(duplicate.first, "first defined here");
        self.warnings.push(warning);
    }

    /// Reads a node's tag. Anchors are let through: alone they change nothing, and every
    /// alias that could use one is refused.
    fn properties(
        &self,
        anchor: usize,
        tag: Option<&Tag>,
        start: usize,
        end: usize,
    ) -> NodeProperties {
        if anchor == 0 && tag.is_none() {
            return NodeProperties {
                tag: None,
                content_start: start,
            };
        }
        NodeProperties::read(self.text, start, end)
    }

    /// Where a scalar's text is: quotes included, a block scalar from its `|` or `>` to its
    /// last non-blank character.
    fn scalar_bounds(
        &self,
        style: ScalarStyle,
        properties: &NodeProperties,
        start: usize,
        end: usize,
    ) -> (usize, usize) {
        if !matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            return (properties.content_start.min(end), end);
        }
        let bytes = self.text.as_bytes();
        let text_start = if properties.tag.is_some() {
            properties.content_start
        } else {
            block_indicator(bytes, self.previous_end.min(start), start).unwrap_or(start)
        };
        let mut text_end = end;
        while text_end > text_start + 1
            && matches!(bytes[text_end - 1], b' ' | b'\t' | b'\r' | b'\n')
        {
            text_end -= 1;
        }
        (text_start, text_end)
    }

    fn short_form(
        &mut self,
        key: String,
        known: bool,
        properties: &NodeProperties,
        start: usize,
    ) -> ShortForm {
        let (tag_start, tag_end) = properties.tag.unwrap_or((start, start));
        let tag_span = self.span(tag_start, tag_end);
        if !known {
            let tag_text = &self.text[tag_start..tag_end];
            let message = format!(
                "`{tag_text}` is not a CloudFormation intrinsic function; it is read as `{key}`, \
                 whose value is unknown (a preprocessor such as org-formation or Rain must expand it)"
            );
            self.warnings.push(Problem::warning(
                "unknown-tag",
                self.file,
                tag_span,
                message,
            ));
        }
        ShortForm {
            key: key.into(),
            tag_span,
        }
    }

    fn unsupported_tag(&self, properties: &NodeProperties, start: usize, end: usize) -> Problem {
        let (tag_start, tag_end) = properties.tag.unwrap_or((start, end));
        let tag_text = &self.text[tag_start..tag_end];
        self.error(
            "unsupported-tag",
            tag_start,
            tag_end,
            format!("CloudFormation does not understand the YAML tag `{tag_text}`"),
        )
    }

    fn line_of(&mut self, offset: usize) -> usize {
        let text = self.text;
        let breaks = self
            .line_breaks
            .get_or_insert_with(|| memchr::memchr_iter(b'\n', text.as_bytes()).collect());
        breaks.partition_point(|&at| at < offset) + 1
    }

    /// A span of `text`'s bytes `start..end`, in file offsets.
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(start + self.base, end + self.base)
    }

    fn error(
        &self,
        code: &'static str,
        start: usize,
        end: usize,
        message: impl Into<String>,
    ) -> Problem {
        Problem::error(code, self.file, self.span(start, end), message)
    }
}

/// The one-entry map a short form stands for, spanning the whole tagged node; its key is
/// placed on the tag.
fn wrap(short_form: ShortForm, span: Span, value: Node) -> Node {
    let entry = Entry {
        key: short_form.key,
        key_span: short_form.tag_span,
        value,
    };
    Node::new(span, NodeValue::Map(vec![entry]))
}

/// Finds the `|` or `>` of a block scalar between the previous token and its content:
/// only blanks, comments and the indicators `:`, `-` and `?` can stand in between.
fn block_indicator(bytes: &[u8], from: usize, limit: usize) -> Option<usize> {
    let mut at = from;
    loop {
        at = skip_blanks_and_comments(bytes, at, limit);
        match bytes.get(at) {
            Some(b'|' | b'>') if at < limit => return Some(at),
            Some(b':' | b'-' | b'?') if at < limit => at += 1,
            _ => return None,
        }
    }
}
