//! The rule language on arbitrary text: parse, validate the header, check names and types
//! and compile the regular expressions, as `--rules` does for each file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use supportscan::engine::RuleOrigin;
use supportscan::engine::ruleset::{RuleSource, load_sources};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let path = std::path::PathBuf::from("custom.rule");
    let _ = load_sources(vec![RuleSource {
        path: path.clone(),
        text,
        origin: RuleOrigin::Custom(path),
    }]);
});
