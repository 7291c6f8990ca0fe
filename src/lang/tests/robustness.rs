//! Damaged inputs never panic, and every error's span lies inside the text on character
//! boundaries (so the renderer can always underline it).

use crate::lang::parse_rule_file;
use crate::source::FileId;

fn check(text: &str) {
    if let Err(problem) = parse_rule_file(text, FileId(0)) {
        let span = problem.span.expect("a span");
        assert!(span.end as usize <= text.len(), "{span:?} in {text:?}");
        assert!(
            text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize)
        );
        assert!(!problem.message.is_empty());
    }
}

#[test]
fn every_prefix_and_every_single_deletion_of_the_example_is_handled() {
    let text = include_str!("../../../testdata/rules/SUP002-support-role-open-trust.rule");
    let boundaries: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    for &end in &boundaries {
        check(&text[..end]);
    }
    for pair in boundaries.windows(2) {
        check(&format!("{}{}", &text[..pair[0]], &text[pair[1]..]));
    }
}

#[test]
fn non_ascii_text_gets_spans_on_character_boundaries() {
    for text in [
        "rule É1 x {}",
        "rule T1 x {}\nlet é = 1",
        "rule T1 x {}\nlet v = \"é\\é\"",
        "rule T1 x {}\nlet v = a ü",
        "rule T1 x { level: «error» }",
        "rule T1 x {}\nrequire a << {é} >>",
        "rule T1 x {}\nlet v = \"\\u{é}\"",
    ] {
        assert!(parse_rule_file(text, FileId(0)).is_err(), "{text}");
        check(text);
    }
}

#[test]
fn nesting_stops_at_the_limit_with_a_positioned_error() {
    use crate::lang::parser::expr::MAX_DEPTH;
    let nested = |levels: usize| {
        format!(
            "rule T1 x {{}}\nlet v = {}1{}\n",
            "(".repeat(levels),
            ")".repeat(levels)
        )
    };
    // A let binding's expression starts one level down; the levels below it all parse.
    assert!(parse_rule_file(&nested(MAX_DEPTH - 1), FileId(0)).is_ok());
    let text = nested(MAX_DEPTH);
    let problem = parse_rule_file(&text, FileId(0)).expect_err("one level too many");
    assert!(
        problem.message.contains("nested too deeply"),
        "{}",
        problem.message
    );
    let at = problem.span.expect("a span").start as usize;
    assert_eq!(at, text.rfind('1').expect("the innermost operand"));
    // Far past the limit: the same error, no stack overflow.
    let deep = nested(100_000);
    let problem = parse_rule_file(&deep, FileId(0)).expect_err("far too deep");
    assert!(
        problem.message.contains("nested too deeply"),
        "{}",
        problem.message
    );
}
