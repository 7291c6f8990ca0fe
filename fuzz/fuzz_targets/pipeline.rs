//! The whole scan from memory, as the command runs it after reading: detect and load one
//! input, link the graph, then the library's pipeline (the built-in rules, account-scope
//! ones too; suppressions; the `.tf` lookup) and every report format.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use supportscan::inputs::load_files;
use supportscan::pipeline::{Prepared, Settings, prepare};
use supportscan::progress::Progress;
use supportscan::report::{Format, Styling};
use supportscan::scan::link;
use supportscan_fuzz::input_file;

/// The rules, configuration and source root, prepared once for every input.
fn prepared() -> &'static Prepared {
    static PREPARED: OnceLock<Prepared> = OnceLock::new();
    PREPARED.get_or_init(|| {
        let settings = Settings {
            account_baseline: true,
            include_suppressed: true,
            ..Settings::default()
        };
        match prepare(&settings, &Progress::hidden()) {
            Ok(prepared) => prepared,
            Err(error) => panic!("the built-in rules cannot be prepared: {error}"),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let scan = link(load_files(vec![input_file(data, "main.tfplan.json")]));
    let outcome = prepared().check(scan, &Progress::hidden());
    for format in Format::ALL {
        // Wrapped, so that the wrapping of messages taken from the input is fuzzed too.
        let _ = outcome.render(format, Styling::Plain, Some(60));
    }
});
