//! `Fn::ForEach` in the `Resources` section (the `AWS::LanguageExtensions` transform):
//! `Fn::ForEach::Name: [Identifier, Collection, {OutputKey: OutputValue}]` declares one
//! resource per collection item. The loop is expanded when its collection is known (a
//! literal list, or a parameter's default); `${Identifier}` and `&{Identifier}` are replaced
//! in keys, `Ref: Identifier` becomes the item, and `${Identifier}` is replaced in `Fn::Sub`
//! strings, as the transform does.

use std::borrow::Cow;

use super::parameters::Parameters;
use crate::document::{Entry, Node, NodeValue};
use crate::problem::Problem;
use crate::source::{FileId, Span};

/// Prefix of a loop's key.
const FOR_EACH_PREFIX: &str = "Fn::ForEach::";

/// How deeply loops may nest before the inner ones are left unexpanded.
const MAX_NESTING: usize = 8;

/// The most resources one template may declare, its loops expanded: ten times
/// CloudFormation's own quota of 500 per template, so only a template CloudFormation would
/// refuse reaches it, and a few nested loops cannot multiply a small file into millions of
/// resources.
const MAX_RESOURCES: usize = 5_000;

/// The most a template's loops may produce, in bytes of expanded declarations (see
/// [`weight`]): [`MAX_RESOURCES`] resources of 13 KB each (a large role with its inline
/// policies), or a 1 MB body (CloudFormation's limit for a whole template) copied 64
/// times, so that a loop within the resource limit still cannot copy a large body into
/// gigabytes.
const MAX_EXPANDED_BYTES: usize = 64 << 20;

/// One entry of `Resources` after loops are expanded.
#[derive(Debug)]
pub(super) struct Declared<'t> {
    /// The logical ID.
    pub(super) id: Box<str>,
    /// Where the key that declared it is written.
    pub(super) key_span: Span,
    /// The resource's declaration: the template's own, or one a loop built.
    pub(super) node: Cow<'t, Node>,
}

/// Expands the loops among `entries` (the `Resources` mapping), warning about loops that
/// cannot be expanded. A loop is measured before it is built: when it would take the
/// template past [`MAX_RESOURCES`] declared resources or [`MAX_EXPANDED_BYTES`], an error
/// is reported at it and nothing more is declared.
pub(super) fn expand_resources<'t>(
    entries: &'t [Entry],
    parameters: &Parameters<'_>,
    file: FileId,
    problems: &mut Vec<Problem>,
) -> Vec<Declared<'t>> {
    let mut expansion = Expansion {
        parameters,
        file,
        problems,
        declared: Vec::with_capacity(entries.len().min(MAX_RESOURCES)),
        produced: 0,
        full: false,
    };
    expansion.expand(entries.iter().map(Cow::Borrowed).collect(), 0);
    expansion.declared
}

/// The state of one template's expansion.
struct Expansion<'e, 'p, 't> {
    parameters: &'e Parameters<'p>,
    file: FileId,
    problems: &'e mut Vec<Problem>,
    declared: Vec<Declared<'t>>,
    /// The bytes the loops expanded so far produced (see [`weight`]).
    produced: usize,
    /// Set once [`MAX_RESOURCES`] or [`MAX_EXPANDED_BYTES`] stopped the expansion.
    full: bool,
}

impl<'t> Expansion<'_, '_, 't> {
    /// Declares `entries`: the template's own are borrowed, those a loop built are moved in.
    fn expand(&mut self, entries: Vec<Cow<'t, Entry>>, nesting: usize) {
        for entry in entries {
            if self.full {
                return;
            }
            if !entry.key.starts_with(FOR_EACH_PREFIX) {
                if self.declared.len() == MAX_RESOURCES {
                    self.stop(&entry);
                    return;
                }
                let (id, key_span) = (entry.key.clone(), entry.key_span);
                let node = match entry {
                    Cow::Borrowed(entry) => Cow::Borrowed(&entry.value),
                    Cow::Owned(entry) => Cow::Owned(entry.value),
                };
                self.declared.push(Declared { id, key_span, node });
                continue;
            }
            let entry = &*entry;
            let Some(parsed) = Loop::parse(&entry.value, self.parameters) else {
                self.not_expanded(entry);
                continue;
            };
            if nesting >= MAX_NESTING {
                self.not_expanded(entry);
                continue;
            }
            let resources = parsed.resources(self.parameters, nesting);
            if self.declared.len().saturating_add(resources) > MAX_RESOURCES {
                self.stop(entry);
                return;
            }
            let produced = self.produced.saturating_add(parsed.weight());
            if produced > MAX_EXPANDED_BYTES {
                self.too_large(entry);
                return;
            }
            self.produced = produced;
            self.expand(
                parsed.expand().into_iter().map(Cow::Owned).collect(),
                nesting + 1,
            );
        }
    }

    /// Warns that the loop of `entry` is left as written.
    fn not_expanded(&mut self, entry: &Entry) {
        self.problems.push(Problem::warning(
                    "cfn-foreach-not-expanded",
                    self.file,
                    entry.key_span,
                    format!(
                        "`{}` is not expanded: its collection is known only at deploy time, or the loop is malformed",
                        entry.key
                    ),
                ));
    }

    /// Reports that `entry` would copy more than [`MAX_EXPANDED_BYTES`].
    fn too_large(&mut self, entry: &Entry) {
        self.full = true;
        self.problems.push(Problem::error(
            "foreach-too-large",
            self.file,
            entry.key_span,
            format!(
                "`{}` would expand this template's loops past {} MiB of declarations; it and the resources after it are not scanned",
                entry.key,
                MAX_EXPANDED_BYTES >> 20
            ),
        ));
    }

    /// Reports that `entry` would take the template past [`MAX_RESOURCES`].
    fn stop(&mut self, entry: &Entry) {
        self.full = true;
        self.problems.push(Problem::error(
            "too-many-resources",
            self.file,
            entry.key_span,
            format!(
                "`{}` would take this template past {MAX_RESOURCES} resources (CloudFormation accepts 500); it and the resources after it are not scanned",
                entry.key
            ),
        ));
    }
}

/// A loop whose parts are well formed and whose collection is known.
struct Loop<'n> {
    identifier: &'n str,
    items: Vec<String>,
    output: &'n [Entry],
}

impl<'n> Loop<'n> {
    /// The loop declared by `body`, or `None` when it cannot be expanded.
    fn parse(body: &'n Node, parameters: &Parameters<'_>) -> Option<Self> {
        let [identifier, collection, output] = body.as_seq()? else {
            return None;
        };
        Some(Loop {
            identifier: identifier.as_str()?,
            items: collection_items(collection, parameters)?,
            output: output.as_map()?,
        })
    }

    /// How many resources the loop declares, its inner loops expanded, counted without
    /// building any: the items times the output's resources. Inner loops whose collections
    /// are not known yet count as none (they stay unexpanded) and so do loops past
    /// [`MAX_NESTING`]; this loop itself is at `nesting`.
    fn resources(&self, parameters: &Parameters<'_>, nesting: usize) -> usize {
        let per_item = self
            .output
            .iter()
            .map(|entry| {
                if !entry.key.starts_with(FOR_EACH_PREFIX) {
                    return 1;
                }
                match Loop::parse(&entry.value, parameters) {
                    Some(inner) if nesting + 1 < MAX_NESTING => {
                        inner.resources(parameters, nesting + 1)
                    }
                    _ => 0,
                }
            })
            .fold(0, usize::saturating_add);
        self.items.len().saturating_mul(per_item)
    }

    /// The bytes expanding this loop (not its inner loops) produces.
    fn weight(&self) -> usize {
        let output: usize = self
            .output
            .iter()
            .map(|entry| entry.key.len().saturating_add(weight(&entry.value)))
            .fold(0, usize::saturating_add);
        self.items.len().saturating_mul(output)
    }

    /// The output entries, once per item.
    fn expand(&self) -> Vec<Entry> {
        let mut expanded = Vec::with_capacity(self.items.len() * self.output.len());
        for item in &self.items {
            let replacement = Replacement {
                identifier: self.identifier,
                item,
            };
            for entry in self.output {
                expanded.push(replacement.entry(entry));
            }
        }
        expanded
    }
}

/// What a copy of `node` costs in memory, near enough: a node's own size for each node,
/// plus its keys' and scalars' text. Walked with a stack, as documents can be deep.
fn weight(node: &Node) -> usize {
    let mut total = 0usize;
    let mut pending = vec![node];
    while let Some(node) = pending.pop() {
        total = total.saturating_add(std::mem::size_of::<Node>());
        match &node.value {
            NodeValue::Null | NodeValue::Bool(_) => {}
            NodeValue::Number(text) | NodeValue::String(text) => {
                total = total.saturating_add(text.len());
            }
            NodeValue::Seq(items) => pending.extend(items),
            NodeValue::Map(entries) => {
                for entry in entries {
                    total = total.saturating_add(entry.key.len());
                    pending.push(&entry.value);
                }
            }
        }
    }
    total
}

/// The items of a loop's collection, when known.
fn collection_items(collection: &Node, parameters: &Parameters<'_>) -> Option<Vec<String>> {
    if let Some(items) = collection.as_seq() {
        return items
            .iter()
            .map(|item| item.scalar_text().map(Into::into))
            .collect();
    }
    let name = collection.get("Ref")?.as_str()?;
    parameters.get(name)?.default_items()
}

/// Replacing a loop's identifier with one item.
struct Replacement<'r> {
    identifier: &'r str,
    item: &'r str,
}

impl Replacement<'_> {
    fn entry(&self, entry: &Entry) -> Entry {
        Entry {
            key: self.in_key(&entry.key).into(),
            key_span: entry.key_span,
            value: self.node(&entry.value),
        }
    }

    fn node(&self, node: &Node) -> Node {
        let value = match &node.value {
            NodeValue::Seq(items) => NodeValue::Seq(items.iter().map(|i| self.node(i)).collect()),
            NodeValue::Map(entries) => match entries.as_slice() {
                [entry]
                    if &*entry.key == "Ref" && entry.value.as_str() == Some(self.identifier) =>
                {
                    NodeValue::String(self.item.into())
                }
                [entry] if &*entry.key == "Fn::Sub" => NodeValue::Map(vec![self.sub_entry(entry)]),
                _ => NodeValue::Map(entries.iter().map(|e| self.entry(e)).collect()),
            },
            scalar => scalar.clone(),
        };
        Node::new(node.span, value)
    }

    /// A `Fn::Sub` entry with the identifier replaced in its string.
    fn sub_entry(&self, entry: &Entry) -> Entry {
        let in_text = |node: &Node| match node.as_str() {
            Some(text) => Node::new(node.span, NodeValue::String(self.in_sub(text).into())),
            None => self.node(node),
        };
        let value = match &entry.value.value {
            NodeValue::String(_) => in_text(&entry.value),
            NodeValue::Seq(items) => {
                let mut replaced: Vec<Node> = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    replaced.push(if index == 0 {
                        in_text(item)
                    } else {
                        self.node(item)
                    });
                }
                Node::new(entry.value.span, NodeValue::Seq(replaced))
            }
            _ => self.node(&entry.value),
        };
        Entry {
            key: entry.key.clone(),
            key_span: entry.key_span,
            value,
        }
    }

    fn in_key(&self, key: &str) -> String {
        let alphanumeric: String = self
            .item
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        self.in_sub(key)
            .replace(&format!("&{{{}}}", self.identifier), &alphanumeric)
    }

    fn in_sub(&self, text: &str) -> String {
        text.replace(&format!("${{{}}}", self.identifier), self.item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::cloudformation::testing::node;

    fn expand(resources: &str, parameters: &str) -> (Vec<Declared<'static>>, Vec<Problem>) {
        let resources = node(resources);
        let parameters_node = node(parameters);
        let parameters = Parameters::from_section(Some(&parameters_node));
        let mut problems = Vec::new();
        let declared = expand_resources(
            resources.as_map().unwrap(),
            &parameters,
            FileId(0),
            &mut problems,
        );
        let owned = declared
            .into_iter()
            .map(|declared| Declared {
                node: Cow::Owned(declared.node.into_owned()),
                ..declared
            })
            .collect();
        (owned, problems)
    }

    fn ids<'a>(declared: &'a [Declared<'_>]) -> Vec<&'a str> {
        declared.iter().map(|d| &*d.id).collect()
    }

    #[test]
    fn literal_collection_expands_keys_refs_and_subs() {
        let (declared, problems) = expand(
            r#"{"Fn::ForEach::Roles": ["Name", ["Ops", "Audit-1"], {
                 "${Name}Role": {"Type": "AWS::IAM::Role", "Properties": {
                    "RoleName": {"Ref": "Name"},
                    "Path": {"Fn::Sub": "/${Name}/${AWS::Region}"},
                    "Other": {"Ref": "Unrelated"}}},
                 "&{Name}Policy": {"Type": "AWS::IAM::Policy"}}],
                "Plain": {"Type": "AWS::S3::Bucket"}}"#,
            "{}",
        );
        assert!(problems.is_empty());
        assert_eq!(
            ids(&declared),
            vec![
                "OpsRole",
                "OpsPolicy",
                "Audit-1Role",
                "Audit1Policy",
                "Plain"
            ]
        );
        let properties = declared[2].node.get("Properties").unwrap();
        assert_eq!(
            properties.get("RoleName").unwrap().as_str(),
            Some("Audit-1")
        );
        let path = properties.get("Path").unwrap().get("Fn::Sub").unwrap();
        assert_eq!(path.as_str(), Some("/Audit-1/${AWS::Region}"));
        let other = properties.get("Other").unwrap().get("Ref").unwrap();
        assert_eq!(other.as_str(), Some("Unrelated"));
    }

    #[test]
    fn parameter_default_collection_expands() {
        let (declared, problems) = expand(
            r#"{"Fn::ForEach::Topics": ["T", {"Ref": "Names"}, {"Topic${T}": {"Type": "AWS::SNS::Topic"}}]}"#,
            r#"{"Names": {"Type": "CommaDelimitedList", "Default": "A,B"}}"#,
        );
        assert!(problems.is_empty());
        assert_eq!(ids(&declared), vec!["TopicA", "TopicB"]);
    }

    #[test]
    fn unknown_collection_is_reported_not_expanded() {
        let (declared, problems) = expand(
            r#"{"Fn::ForEach::Topics": ["T", {"Ref": "Names"}, {"Topic${T}": {"Type": "AWS::SNS::Topic"}}]}"#,
            r#"{"Names": {"Type": "CommaDelimitedList"}}"#,
        );
        assert!(declared.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "cfn-foreach-not-expanded");
    }

    #[test]
    fn malformed_loop_is_reported() {
        let (declared, problems) = expand(r#"{"Fn::ForEach::X": ["only-one"]}"#, "{}");
        assert!(declared.is_empty());
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn nested_loops_expand() {
        let (declared, _) = expand(
            r#"{"Fn::ForEach::Outer": ["A", ["x", "y"], {
                 "Fn::ForEach::Inner": ["B", ["1", "2"], {"R${A}${B}": {"Type": "T::T::T"}}]}]}"#,
            "{}",
        );
        assert_eq!(ids(&declared), vec!["Rx1", "Rx2", "Ry1", "Ry2"]);
    }

    #[test]
    fn loops_stop_at_the_resource_limit_with_an_error() {
        let items = |count: usize| {
            let names: Vec<String> = (0..count).map(|i| format!("\"{i}\"")).collect();
            names.join(",")
        };
        let at_limit = format!(
            r#"{{"Fn::ForEach::L": ["I", [{}], {{"R${{I}}": {{"Type": "T::T::T"}}}}]}}"#,
            items(MAX_RESOURCES)
        );
        let (declared, problems) = expand(&at_limit, "{}");
        assert_eq!(declared.len(), MAX_RESOURCES);
        assert!(problems.is_empty());

        let over = format!(
            r#"{{"Plain": {{"Type": "T::T::T"}}, "Fn::ForEach::L": ["I", [{}], {{"R${{I}}": {{"Type": "T::T::T"}}}}]}}"#,
            items(MAX_RESOURCES)
        );
        let (declared, problems) = expand(&over, "{}");
        assert_eq!(ids(&declared), vec!["Plain"]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "too-many-resources");
        assert_eq!(problems[0].severity, crate::problem::Severity::Error);
    }

    #[test]
    fn nested_loops_cannot_multiply_past_the_limit() {
        // Five loops of twenty items would declare 3.2 million resources.
        let items = (0..20)
            .map(|i| format!("\"{i}\""))
            .collect::<Vec<_>>()
            .join(",");
        let mut body = r#"{"R${A}${B}${C}${D}${E}": {"Type": "T::T::T"}}"#.to_owned();
        for name in ["E", "D", "C", "B", "A"] {
            body = format!(r#"{{"Fn::ForEach::{name}": ["{name}", [{items}], {body}]}}"#);
        }
        let (declared, problems) = expand(&body, "{}");
        assert!(declared.len() <= MAX_RESOURCES, "{}", declared.len());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, "too-many-resources");
    }

    /// A loop over `count` items whose one output resource holds a string of `bytes` bytes.
    fn big_loop(count: usize, bytes: usize) -> String {
        let items: Vec<String> = (0..count).map(|i| format!("\"{i}\"")).collect();
        format!(
            r#"{{"Fn::ForEach::L": ["I", [{}], {{"R${{I}}": {{"Type": "T::T::T", "Properties": {{"Blob": "{}"}}}}}}]}}"#,
            items.join(","),
            "x".repeat(bytes)
        )
    }

    #[test]
    fn a_loop_past_the_resource_limit_is_refused_before_it_is_built() {
        // Built first, this would be 5,001 copies of a 200 KB body: a gigabyte.
        let started = std::time::Instant::now();
        let (declared, problems) = expand(&big_loop(MAX_RESOURCES + 1, 200_000), "{}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "a hang guard, generous for debug builds on a loaded machine"
        );
        assert!(declared.is_empty());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, "too-many-resources");
    }

    #[test]
    fn a_loop_within_the_resource_limit_cannot_copy_past_the_byte_limit() {
        let body = MAX_EXPANDED_BYTES / 4_000;
        let started = std::time::Instant::now();
        // 4,000 resources of a quarter of the byte limit's share each: expanded.
        let (declared, problems) = expand(&big_loop(4_000, body / 4), "{}");
        assert_eq!(declared.len(), 4_000);
        assert!(problems.is_empty(), "{problems:?}");
        // The same loop with bodies of the whole share: refused before it is built.
        let (declared, problems) = expand(&big_loop(4_000, body), "{}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "a hang guard, generous for debug builds on a loaded machine"
        );
        assert!(declared.is_empty());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, "foreach-too-large");
        assert!(
            problems[0].message.contains("`Fn::ForEach::L`"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn loops_nest_eight_deep_and_no_deeper() {
        let nested = |levels: usize| {
            let mut body = r#"{"R": {"Type": "T::T::T"}}"#.to_owned();
            for level in 0..levels {
                body = format!(r#"{{"Fn::ForEach::L{level}": ["V{level}", ["x"], {body}]}}"#);
            }
            expand(&body, "{}")
        };
        let (declared, problems) = nested(MAX_NESTING);
        assert_eq!(ids(&declared), vec!["R"]);
        assert!(problems.is_empty(), "{problems:?}");
        let (declared, problems) = nested(MAX_NESTING + 1);
        assert!(declared.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "cfn-foreach-not-expanded");
    }
}
