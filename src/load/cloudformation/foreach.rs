//! `Fn::ForEach` in the `Resources` section (the `AWS::LanguageExtensions` transform):
//! `Fn::ForEach::Name: [Identifier, Collection, {OutputKey: OutputValue}]` declares one
//! resource per collection item. The loop is expanded when its collection is known (a
//! literal list, or a parameter's default); `${Identifier}` and `&{Identifier}` are replaced
//! in keys, `Ref: Identifier` becomes the item, and `${Identifier}` is replaced in `Fn::Sub`
//! strings, as the transform does.

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

/// One entry of `Resources` after loops are expanded.
#[derive(Debug)]
pub(super) struct Declared {
    /// The logical ID.
    pub(super) id: Box<str>,
    /// Where the key that declared it is written.
    pub(super) key_span: Span,
    /// The resource's declaration.
    pub(super) node: Node,
}

/// Expands the loops among `entries` (the `Resources` mapping), warning about loops that
/// cannot be expanded. Past [`MAX_RESOURCES`] declared resources, an error is reported at
/// the entry that would exceed it and nothing more is declared.
pub(super) fn expand_resources(
    entries: &[Entry],
    parameters: &Parameters<'_>,
    file: FileId,
    problems: &mut Vec<Problem>,
) -> Vec<Declared> {
    let mut expansion = Expansion {
        parameters,
        file,
        problems,
        declared: Vec::with_capacity(entries.len().min(MAX_RESOURCES)),
        full: false,
    };
    expansion.expand(entries, 0);
    expansion.declared
}

/// The state of one template's expansion.
struct Expansion<'e, 'p> {
    parameters: &'e Parameters<'p>,
    file: FileId,
    problems: &'e mut Vec<Problem>,
    declared: Vec<Declared>,
    /// Set once [`MAX_RESOURCES`] stopped the expansion.
    full: bool,
}

impl Expansion<'_, '_> {
    fn expand(&mut self, entries: &[Entry], nesting: usize) {
        for entry in entries {
            if self.full {
                return;
            }
            if !entry.key.starts_with(FOR_EACH_PREFIX) {
                if self.declared.len() == MAX_RESOURCES {
                    self.stop(entry);
                    return;
                }
                self.declared.push(Declared {
                    id: entry.key.clone(),
                    key_span: entry.key_span,
                    node: entry.value.clone(),
                });
                continue;
            }
            match expand_loop(&entry.value, self.parameters) {
                Some(expanded) if self.declared.len() + expanded.len() > MAX_RESOURCES => {
                    self.stop(entry);
                }
                Some(expanded) if nesting < MAX_NESTING => self.expand(&expanded, nesting + 1),
                _ => self.problems.push(Problem::warning(
                    "cfn-foreach-not-expanded",
                    self.file,
                    entry.key_span,
                    format!(
                        "`{}` is not expanded: its collection is known only at deploy time, or the loop is malformed",
                        entry.key
                    ),
                )),
            }
        }
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

/// The output entries of one loop, or `None` when the loop cannot be expanded.
fn expand_loop(body: &Node, parameters: &Parameters<'_>) -> Option<Vec<Entry>> {
    let [identifier, collection, output] = body.as_seq()? else {
        return None;
    };
    let identifier = identifier.as_str()?;
    let items = collection_items(collection, parameters)?;
    let output = output.as_map()?;
    let mut expanded = Vec::with_capacity(items.len() * output.len());
    for item in &items {
        let replacement = Replacement { identifier, item };
        for entry in output {
            expanded.push(replacement.entry(entry));
        }
    }
    Some(expanded)
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

    fn expand(resources: &str, parameters: &str) -> (Vec<Declared>, Vec<Problem>) {
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
        (declared, problems)
    }

    fn ids(declared: &[Declared]) -> Vec<&str> {
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
